/** The rubric beyond the corpus: misplaced hints, prompt rubrics, coverage profiles, team templates, trust. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { analyze, ConfigResolver, loadContentFromDirectory, mergeConfig } from '../../server/src/engine';
import { ROOT, rulesOf, testEngine } from '../helpers/engine';

const STRONG_MONITORING = 'PSI on the top 20 features daily; PSI above 0.2 pages the on-call and opens a retraining ticket. Alerts on p99 latency and error rate; we track fraud loss and ROI weekly.';

function answerWith(monitoring: string, mlops = 'Models live in an MLflow registry with versioned data and code; canary at 5% with automatic rollback; weekly retraining.'): string {
  return [
    '# Fraud scoring',
    '## 1. Business goal',
    'Cut fraud losses for 20M users at 5k QPS with p99 under 80 ms; online KPI fraud loss rate, offline PR-AUC.',
    '## 5. MLOps',
    mlops,
    '## 6. Monitoring',
    monitoring,
  ].join('\n\n');
}

test('a concept written under the wrong step keeps its check quiet and earns a structure.misplaced hint', () => {
  const misplaced = answerWith('Dashboards for p99 latency and error rate, alerts page the on-call; fraud loss and ROI tracked weekly.', 'Registry in MLflow, versioned data and code, canary with rollback, weekly retraining. We run a KS test and PSI on every feature daily against last month.');
  const result = analyze(testEngine(), misplaced);
  assert.ok(!result.diagnostics.some((d) => d.rule === 'monitoring.drift'));
  const hint = result.diagnostics.find((d) => d.rule === 'structure.misplaced' && d.message.includes('monitoring.drift'));
  assert.ok(hint, result.diagnostics.map((d) => `${d.rule}: ${d.message}`).join('\n'));
  assert.equal(hint.severity, 'info');
  assert.match(hint.message, /belongs in the Monitoring section/);
});

test('negated and vague statements are not evidence', () => {
  assert.ok(rulesOf(answerWith('We do not run PSI or any drift test. Alerts page the on-call on p99 latency; fraud loss tracked.')).includes('monitoring.drift'));
  assert.ok(rulesOf(answerWith('We will monitor the model for drift. Alerts page the on-call on p99 latency; fraud loss tracked.')).includes('monitoring.drift'));
  assert.ok(!rulesOf(answerWith(STRONG_MONITORING)).includes('monitoring.drift'));
});

test('rare positives are recognised from a small share of a named class, not from thresholds or rollouts', async () => {
  const { smallShares } = await import('../../server/src/engine/rules/consistency');
  assert.equal(smallShares('In real production the defect rate is about 0.3%.').length, 1);
  assert.equal(smallShares('Alert when the error rate is > 2% for 5 minutes.').length, 0, 'a bound is not a share');
  assert.equal(smallShares('Roughly 40% of users open the app daily.').length, 0, 'not small');
  const base = (data: string, metric: string): string => [
    '# Spam calls', '## 1. Business goal', 'Block spam calls for 30M subscribers; KPI: complaints per 1k calls; offline PR-AUC.',
    '## 2. Data & features', data, '## 3. Modeling', `Baseline: blocklist. GBDT vs a small CNN; GBDT wins on latency. Metric: ${metric}.`,
  ].join('\n\n');
  assert.ok(rulesOf(base('About 3% of calls are spam.', 'accuracy')).includes('consistency.imbalance'));
  assert.ok(!rulesOf(base('About 3% of calls are spam; we down-sample negatives.', 'PR-AUC and recall at 1% FPR')).includes('consistency.imbalance'));
  assert.ok(!rulesOf(base('We cut spam complaints by 3% last year.', 'accuracy')).includes('consistency.imbalance'), 'a change is not a share');
  assert.ok(!rulesOf(base('A 2% canary goes first.', 'accuracy')).includes('consistency.imbalance'));
});

test('drift needs an action tied to it: a drift dashboard beside latency alerts is not enough', () => {
  const dashboard = '- Drift: PSI on the top features every day, shown on a dashboard for the team.\n- Alerts page the on-call when p99 latency exceeds 80 ms.\n- Fraud loss tracked weekly.';
  assert.ok(rulesOf(answerWith(dashboard)).includes('consistency.drift-action'));
  assert.ok(!rulesOf(answerWith(STRONG_MONITORING)).includes('consistency.drift-action'));
  const wrapped = 'PSI on key inputs weekly; PSI >\n  0.25 on two inputs triggers a retrain. Alerts on p99 latency; fraud loss tracked weekly.';
  assert.ok(!rulesOf(answerWith(wrapped)).includes('consistency.drift-action'), 'a soft-wrapped number does not split the sentence');
});

test('a random split on time-ordered data is flagged where it is stated, even with a backtest elsewhere', () => {
  const doc = (split: string): string => [
    '# Demand', '## 1. Business goal', 'Forecast daily sales per store and SKU from transaction history for 800 stores.',
    '## 3. Modeling', split, '## 5. MLOps', 'A weekly backtest over the last 8 weeks gates promotion.',
  ].join('\n\n');
  assert.ok(rulesOf(doc('We shuffle all rows and run 5-fold cross-validation.')).includes('consistency.temporal-split'));
  assert.ok(!rulesOf(doc('Shuffled 5-fold CV only for tuning; the test set is split by time (the last 4 weeks).')).includes('consistency.temporal-split'));
  assert.ok(!rulesOf(doc('Train on weeks 1–40, validate on 41–44, test on 45–52 (chronological split).')).includes('consistency.temporal-split'));
});

test('personal data needs protection said of it, not protection words elsewhere', () => {
  const doc = (data: string): string => ['# Screening', '## 1. Business goal', 'Rank 40k applications a month for recruiters.', '## 2. Data & features', data].join('\n\n');
  const unprotected = '- Features: age, gender, home address and years of experience.\n- Leakage: fields written after screening are removed from features.';
  assert.ok(rulesOf(doc(unprotected)).includes('consistency.pii-handling'));
  assert.ok(rulesOf(doc(unprotected)).includes('data.pii'));
  const protectedDoc = '- Features: age band and years of experience.\n- PII: names, emails and home addresses are removed before training; age is bucketed.';
  assert.ok(!rulesOf(doc(protectedDoc)).includes('consistency.pii-handling'));
  assert.ok(!rulesOf(doc(protectedDoc)).includes('data.pii'));
});

test('words in another sense are not evidence: a container registry, GPS drift, a canary test number', () => {
  const mlops = (text: string): string => answerWith(STRONG_MONITORING, text);
  assert.ok(rulesOf(mlops('The Docker image is pushed to our Harbor registry; versioned data and code; canary at 5% with rollback; weekly retraining.')).includes('mlops.registry'));
  assert.ok(!rulesOf(mlops('Models live in an MLflow registry; versioned data and code; canary at 5% with rollback; weekly retraining.')).includes('mlops.registry'));
  assert.ok(rulesOf(answerWith('We watch GPS drift of the vehicles. Alerts page the on-call on p99 latency; fraud loss tracked weekly.')).includes('monitoring.drift'));
});

test('a heavy model only turned down does not trigger latency-model; one that is chosen does', () => {
  const doc = (model: string): string => ['# Matchmaking', '## 1. Business goal', 'Score 200 candidate lobbies per request with p99 under 30 ms for 2M daily players.', '## 3. Modeling', model].join('\n\n');
  assert.ok(!rulesOf(doc('- Option A: LightGBM, 4 ms.\n- Option B: a transformer over the ten players, 45 ms on GPU, over budget.\n- Choice: A.')).includes('consistency.latency-model'));
  assert.ok(rulesOf(doc('- We serve a 12-layer BERT cross-encoder ensemble on GPU for every candidate.')).includes('consistency.latency-model'));
});

test('Traditional Chinese is folded to Simplified before matching', () => {
  const zh = answerWith('每天對前 20 個特徵計算 PSI，超過 0.2 觸發告警並重新訓練；監控 p99 延遲和錯誤率；追蹤欺詐損失與 ROI。').replace('## 6. Monitoring', '## 第六步：監控');
  const rules = rulesOf(zh);
  assert.ok(!rules.includes('monitoring.section'));
  assert.ok(!rules.includes('monitoring.drift'), rules.join(','));
  assert.ok(!rules.includes('monitoring.alerting'), rules.join(','));
});

test('prompt rubrics add prompt.<id>.<point> findings; an unknown prompt lists the known ones', () => {
  const fm = (id: string): string => `---\nprompt: ${id}\nlevel: senior\n---\n`;
  const rules = rulesOf(fm('fraud-detection') + answerWith(STRONG_MONITORING));
  assert.ok(rules.some((r) => r.startsWith('prompt.fraud-detection.')), rules.join(','));
  const unknown = analyze(testEngine(), fm('fraud-detektion') + answerWith(STRONG_MONITORING)).diagnostics.find((d) => d.rule === 'prompt.unknown');
  assert.ok(unknown);
  assert.match(unknown.message, /fraud-detection/);
  assert.equal(unknown.range.start.line, 1);
  const cov = analyze(testEngine(), fm('fraud-detection') + answerWith(STRONG_MONITORING)).coverage;
  assert.equal(cov.prompt?.id, 'fraud-detection');
  assert.ok((cov.prompt?.applicable ?? 0) >= 6);
});

test('coverage: per-step counts, a 0–100 total weighted by level, readiness = weakest of MLOps/Monitoring/Governance', () => {
  const text = answerWith(STRONG_MONITORING);
  const senior = analyze(testEngine(), text).coverage;
  const staff = analyze(testEngine(), '---\nlevel: staff\n---\n' + text).coverage;
  assert.equal(senior.level, 'senior');
  assert.equal(staff.level, 'staff');
  assert.ok(senior.total >= 0 && senior.total <= 100);
  assert.notEqual(senior.total, staff.total, 'the staff profile weights governance (missing here) more');
  assert.equal(senior.steps.governance.present, false);
  assert.equal(senior.readiness, 0);
  assert.ok(senior.steps.monitoring.passed >= 3);
  assert.equal(senior.steps.monitoring.checks.length, senior.steps.monitoring.applicable);
  const off = analyze(testEngine(), text, mergeConfig({ rules: { 'monitoring.drift': 'off' } })).coverage;
  assert.ok(!off.steps.monitoring.checks.some((c) => c.id === 'monitoring.drift'), 'rules turned off leave the score');
});

function tempWorkspace(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'mlsd-ws-'));
}

test('a team template adds checks and aliases; invalid templates fall back to built-ins with a problem', () => {
  const builtin = loadContentFromDirectory(path.join(ROOT, 'content')).content;
  const ws = tempWorkspace();
  fs.writeFileSync(path.join(ws, '.mlsd.yaml'), 'template: ./team.yaml\nrules:\n  governance.section: off\n');
  fs.writeFileSync(
    path.join(ws, 'team.yaml'),
    [
      'steps:',
      '  - id: monitoring',
      '    aliases: [health and slos]',
      'checks:',
      '  - id: monitoring.slo',
      '    step: monitoring',
      '    title: Service level objective',
      '    severity: warning',
      '    evidence:',
      '      - label: an SLO',
      '        terms: [slo, service level objective]',
      '    message: "Monitoring: no SLO — state the availability and latency objective the team signs up to."',
    ].join('\n'),
  );
  const answer = path.join(ws, 'a.mlsd.md');
  const resolver = new ConfigResolver(builtin);
  const resolved = resolver.resolve(answer);
  assert.deepEqual(resolved.problems, []);
  const text = answerWith(STRONG_MONITORING).replace('## 6. Monitoring', '## 6. Health and SLOs');
  const result = analyze(resolved.engine, text, mergeConfig(resolved.config));
  const rules = result.diagnostics.map((d) => d.rule);
  assert.ok(rules.includes('monitoring.slo'), rules.join(','));
  assert.ok(!rules.includes('monitoring.section'), 'team alias maps the heading');
  assert.ok(!rules.includes('governance.section'), 'config turned it off');
  fs.writeFileSync(path.join(ws, 'team.yaml'), 'steps: [unclosed\n');
  resolver.invalidate();
  const broken = resolver.resolve(answer);
  assert.equal(broken.engine, resolver.defaultEngine);
  assert.ok(broken.problems.some((p) => p.file.endsWith('team.yaml')));
});

test('in an untrusted workspace a team template outside the workspace is refused', () => {
  const builtin = loadContentFromDirectory(path.join(ROOT, 'content')).content;
  const ws = tempWorkspace();
  const outside = tempWorkspace();
  fs.writeFileSync(path.join(outside, 'team.yaml'), 'checks: []\n');
  fs.writeFileSync(path.join(ws, '.mlsd.yaml'), `template: ${path.join(outside, 'team.yaml')}\n`);
  const untrusted = new ConfigResolver(builtin, { templateRoots: [ws], stopAt: [ws] }).resolve(path.join(ws, 'a.mlsd.md'));
  assert.equal(untrusted.engine !== undefined, true);
  assert.ok(untrusted.problems.some((p) => /outside the workspace and the workspace is not trusted/.test(p.message)));
  const trusted = new ConfigResolver(builtin).resolve(path.join(ws, 'a.mlsd.md'));
  assert.deepEqual(trusted.problems, []);
});
