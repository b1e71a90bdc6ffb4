import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normalize, TermMatcher } from '../../server/src/engine';

test('normalize folds case, width, Traditional Chinese, separators and numbers', () => {
  assert.equal(normalize('P99 Latency ≤ 100ms').text, 'p99 latency ≤ # ms');
  assert.equal(normalize('10k QPS, 2.5M users, 1,000 rps').text, '# qps, # users, # rps');
  assert.equal(normalize('A/B test a-b_test').text, 'a b test a b test');
  assert.equal(normalize('監控 與 告警').text, '监控与告警');
  assert.equal(normalize('ＡＢＣ　ｘ').text, 'abc x');
  assert.equal(normalize('日活 1000 万，延迟 50 毫秒').text, '日活#,延迟#毫秒');
  assert.equal(normalize('0.1 % positives').text, '#% positives');
  assert.equal(normalize('wrapped line\ncontinues here').text, 'wrapped line continues here');
  assert.equal(normalize('- item one\n- item two\n\npara').text, 'item one\nitem two\npara');
  assert.equal(normalize('PSI >\n  0.25 triggers a retrain').text, 'psi > # triggers a retrain', 'a wrapped number continues the line');
  assert.equal(normalize('steps:\n1. train\n2) deploy').text, 'steps:\n#. train\n#) deploy', 'list items still start lines');
});

test('normalize maps output offsets back to the input', () => {
  const { text, map } = normalize('Use  PSI here', true);
  assert.equal(text, 'use psi here');
  assert.ok(map);
  assert.equal(map[text.indexOf('psi')], 'Use  PSI here'.indexOf('PSI'));
});

function matcherOf(terms: string[]): { m: TermMatcher; ids: number[] } {
  const m = new TermMatcher();
  const ids = terms.map((t) => m.add(t));
  m.build();
  return { m, ids };
}

test('terms match whole words, stems and numbers with units', () => {
  const { m, ids } = matcherOf(['ks', 'anonymi*', '# ms', 'p99', '监控']);
  const found = m.findAffirmed(normalize('Books are fine. We anonymise IDs; p99 under 80ms. 用 PSI 监控').text);
  assert.ok(!found.has(ids[0]), '"ks" must not match inside "books"');
  assert.ok(found.has(ids[1]));
  assert.ok(found.has(ids[2]));
  assert.ok(found.has(ids[3]));
  assert.ok(found.has(ids[4]));
});

test('negations in the same sentence cancel evidence, bounds do not', () => {
  const { m, ids } = matcherOf(['psi', '# ms', "won't store", 'pii', '告警']);
  const t = (s: string): Set<number> => m.findAffirmed(normalize(s).text);
  assert.ok(!t('We do not track PSI.').has(ids[0]));
  assert.ok(t('We do not track latency. PSI is computed daily.').has(ids[0]));
  assert.ok(t('p99 latency of no more than 100 ms').has(ids[1]));
  const stored = t("We won't store raw PII at all.");
  assert.ok(stored.has(ids[2]) && stored.has(ids[3]), 'a negation inside a matched term does not negate');
  assert.ok(!t('我们不设置告警').has(ids[4]));
  assert.ok(t('延迟不超过 50 毫秒时告警').has(ids[4]));
});

test('a dismissal after the term or a contrast before it denies the term', () => {
  const { m, ids } = matcherOf(['gdpr', 'fairness', 'accuracy', '准确率', 'fp32', 'ndcg']);
  const t = (s: string): Set<number> => m.findAffirmed(normalize(s).text);
  assert.ok(!t('GDPR is not a problem for us.').has(ids[0]));
  assert.ok(!t('Fairness is not relevant for circuit boards.').has(ids[1]));
  assert.ok(!t("GDPR doesn't apply here.").has(ids[0]));
  assert.ok(t('GDPR applies: we keep a record of processing.').has(ids[0]));
  const ranked = t('We judge it by graded NDCG rather than accuracy.');
  assert.ok(ranked.has(ids[5]) && !ranked.has(ids[2]), 'rather than denies what follows, not what precedes');
  assert.ok(!t('Serve in int8 instead of fp32.').has(ids[4]));
  assert.ok(!t('评估看 PR-AUC 而不是准确率').has(ids[3]));
  assert.ok(t('准确率和召回率都报告').has(ids[3]));
  const { m: m2, ids: ids2 } = matcherOf(['回退']);
  assert.ok(m2.findAffirmed(normalize('两个月后没有变好就回退到旧版本').text).has(ids2[0]), 'a negated condition does not deny its consequence');
  assert.ok(!m2.findAffirmed(normalize('我们不回退').text).has(ids2[0]));
});

test('Taiwan wording folds to mainland terms, keeping offsets', () => {
  assert.equal(normalize('資料品質與即時特徵').text, '数据质量与实时特征');
  assert.equal(normalize('推論服務').text, '推理服务');
  const { text, map } = normalize('我們的資料', true);
  assert.equal(text, '我们的数据');
  assert.equal(map?.length, text.length);
});

test('a blocker phrase masks the terms inside it, and only those', () => {
  const m = new TermMatcher();
  const registry = m.add('registry');
  const modelRegistry = m.add('model registry');
  m.addBlocker('container registry');
  m.addBlocker('model registry'); // also evidence: stays evidence
  m.build();
  const t = (s: string): Set<number> => m.findAffirmed(normalize(s).text);
  assert.ok(!t('Images are pushed to our container registry.').has(registry));
  assert.ok(t('Images go to the container registry; models to the registry.').has(registry), 'a bare mention elsewhere still counts');
  assert.ok(t('Models are promoted in the model registry.').has(modelRegistry));
  const many = 'container registry '.repeat(20_000);
  const started = performance.now();
  assert.equal(t(many).size, 0);
  assert.ok(performance.now() - started < 2000, 'masking stays fast with many blockers');
});

test('matching is linear on adversarial input', () => {
  const { m } = matcherOf(['aaaa b', 'a* c', '# ms']);
  for (const unit of ['a', '1', ' ', 'a ', '1,']) {
    const small = unit.repeat(20_000);
    const big = unit.repeat(200_000);
    // Minimum of three runs filters out garbage-collection pauses; linear input should scale ~10x.
    const time = (s: string): number => {
      let best = Infinity;
      for (let run = 0; run < 3; run++) {
        const start = process.hrtime.bigint();
        m.findAffirmed(normalize(s).text);
        best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e6);
      }
      return best;
    };
    const a = time(small);
    const b = time(big);
    assert.ok(b < Math.max(a, 1) * 40, `"${unit}" x10 input took ${b.toFixed(1)} ms vs ${a.toFixed(1)} ms`);
  }
});
