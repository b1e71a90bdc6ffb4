import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { allRuleMeta, renderRulesDoc } from '../../server/src/engine';
import { ROOT, testEngine } from '../helpers/engine';

test('docs/rules.md is up to date with the registry (run npm run docs)', () => {
  const expected = renderRulesDoc(testEngine().compiled);
  const actual = fs.readFileSync(path.join(ROOT, 'docs/rules.md'), 'utf8');
  assert.equal(actual, expected);
});

test('rule ids are unique and every canonical id exists', () => {
  const ids = allRuleMeta(testEngine().compiled).map((m) => m.id);
  assert.equal(new Set(ids).size, ids.length, 'duplicate rule ids');
  const canonical = [
    'business.kpi', 'business.scale', 'business.latency', 'data.labels', 'data.freshness', 'data.leakage', 'data.pii',
    'modeling.baseline', 'modeling.tradeoffs', 'modeling.metrics', 'architecture.training-path', 'architecture.inference-path',
    'architecture.diagram', 'architecture.fallback', 'mlops.registry', 'mlops.versioning', 'mlops.rollout', 'mlops.retraining',
    'monitoring.drift', 'monitoring.alerting', 'monitoring.business-kpi', 'monitoring.ops', 'governance.compliance',
    'governance.access', 'governance.fairness', 'consistency.latency-model', 'consistency.realtime-features',
    'consistency.imbalance', 'consistency.temporal-split', 'consistency.delayed-labels', 'consistency.drift-action',
    'consistency.pii-handling', 'consistency.llm-eval', 'structure.order', 'structure.duplicate', 'structure.misplaced',
    ...['business', 'data', 'modeling', 'architecture', 'mlops', 'monitoring', 'governance'].map((s) => `${s}.section`),
  ];
  for (const id of canonical) assert.ok(ids.includes(id), `missing rule ${id}`);
});
