import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { analyze, HeadingClassifier, parse } from '../../server/src/engine';
import { stripNumbering } from '../../server/src/engine/headings';
import { answer, ROOT, rulesOf, testEngine } from '../helpers/engine';

const classify = (title: string): string[] => new HeadingClassifier(testEngine().compiled.content.template).classify(title).steps;

test('numbering styles are stripped', () => {
  assert.equal(stripNumbering('1. Business goal'), 'Business goal');
  assert.equal(stripNumbering('Step 1 – Business goal'), 'Business goal');
  assert.equal(stripNumbering('6) Monitoring'), 'Monitoring');
  assert.equal(stripNumbering('第六步：监控'), '监控');
  assert.equal(stripNumbering('3.2 Modeling'), 'Modeling');
  assert.equal(stripNumbering('Data & features'), 'Data & features');
});

test('headings map to steps by title, alias and language', () => {
  assert.deepEqual(classify('1. Business goal → KPIs, constraints'), ['business']);
  assert.deepEqual(classify('Problem framing & KPIs'), ['business']);
  assert.deepEqual(classify('Step 2 – Data & features'), ['data']);
  assert.deepEqual(classify('Modeling approach'), ['modeling']);
  assert.deepEqual(classify('System architecture'), ['architecture']);
  assert.deepEqual(classify('Model serving'), ['architecture']);
  assert.deepEqual(classify('Deployment & MLOps'), ['mlops']);
  assert.deepEqual(classify('6) Observability'), ['monitoring']);
  assert.deepEqual(classify('第六步：监控'), ['monitoring']);
  assert.deepEqual(classify('監控與告警'), ['monitoring']);
  assert.deepEqual(classify('Responsible AI'), ['governance']);
  assert.deepEqual(classify('治理'), ['governance']);
  assert.deepEqual(classify('MLOps & Monitoring'), ['mlops', 'monitoring']);
  assert.deepEqual(classify('Data, revisited: where labels come from'), ['data']);
  assert.deepEqual(classify('监控，告警与回滚'), ['monitoring']);
  assert.deepEqual(classify('Clarifying questions'), []);
  assert.deepEqual(classify('Trade-offs'), []);
  assert.deepEqual(classify('Why the cafeteria menu matters to everyone here'), []);
});

const seven: [string, string][] = [
  ['## 1. Business goal', 'Reduce fraud losses while keeping false declines low for card payments.'],
  ['## 2. Data & features', 'Transactions, device signals and chargeback labels from the payment logs.'],
  ['## 3. Modeling', 'Start with gradient boosted trees and compare them with a small neural network.'],
  ['## 4. Architecture', 'A scoring service sits in the payment path with a feature store beside it.'],
  ['## 5. MLOps', 'Models are trained by a pipeline and promoted through a registry with approvals.'],
  ['## 6. Monitoring', 'Dashboards track score distributions, latency and the fraud rate every day.'],
  ['## 7. Governance', 'Card data handling follows the payment industry rules and access is audited.'],
];

test('<step>.section fires for a missing step, placed where the step belongs', () => {
  const text = answer(seven.filter((_, i) => i !== 5));
  const result = analyze(testEngine(), text);
  const d = result.diagnostics.find((x) => x.rule === 'monitoring.section');
  assert.ok(d, 'monitoring.section reported');
  const governanceLine = text.split('\n').indexOf('## 7. Governance');
  assert.equal(d.range.start.line, governanceLine);
  assert.equal(d.data?.insertLine, governanceLine);
  assert.match(d.message, /Monitoring section is missing — .*drift/);
  assert.ok(!result.diagnostics.some((x) => x.rule.startsWith('monitoring.') && x.rule !== 'monitoring.section'));
});

test('<step>.section fires for an empty or placeholder-only section, on its heading', () => {
  const text = answer(seven.map(([h, b], i) => [h, i === 6 ? 'TODO' : b]));
  const d = analyze(testEngine(), text).diagnostics.find((x) => x.rule === 'governance.section');
  assert.ok(d);
  assert.equal(d.range.start.line, text.split('\n').indexOf('## 7. Governance'));
  assert.match(d.message, /no real content/);
});

test('non-template sections and a document title never confuse the mapping', () => {
  const text = '# Fraud detection system design\n\n' + answer([
    ['## Clarifying questions', 'Which markets? What is the peak volume? Who reviews flagged payments?'],
    ...seven,
    ['## Trade-offs', 'Latency versus recall is the main tension in this design overall.'],
  ]);
  const rules = rulesOf(text);
  assert.ok(!rules.some((r) => r.endsWith('.section') || r === 'structure.order' || r === 'structure.duplicate'), rules.join(', '));
});

const creative: [string, string][] = [
  ['## What success looks like', 'Cut chargeback losses by 20% while the false decline rate stays under 0.5%; online KPI is fraud loss per $1k, offline metric PR-AUC. 8,000 QPS at peak, p99 under 40 ms.'],
  ['## Signals & ground truth', '- Sources: payment logs, device fingerprints.\n- Labels: chargebacks arrive after 30–60 days.\n- Streaming velocity features from Kafka and Flink, nightly batch aggregates.\n- Point-in-time joins and a time-based split prevent leakage.\n- Card numbers are tokenised; PII is encrypted.'],
  ['## Choosing a model', 'Baseline: logistic regression. Compare GBDT and a deep model; GBDT wins on latency. Metrics: PR-AUC, recall at 1% FPR.'],
  ['## Putting it together', 'Training path: lake → Spark → training → evaluation. Inference path: API → feature store lookup → model server; rules engine fallback on timeout.'],
  ['## Operating it in production', 'MLflow model registry; data and code versioned with DVC and git; shadow then canary with automatic rollback; weekly retraining; CI runs tests before promotion.'],
  ['## Watching it after launch', 'PSI drift on the top features with a 0.2 threshold triggers retraining; PagerDuty alerts; p99 latency and error rate dashboards; fraud loss and ROI tracked weekly.'],
  ['## 7. Governance', 'PCI DSS compliance, role-based access control, audit logs, fairness across regions, SHAP reasons for each decline.'],
];

test('a section whose heading names no step takes the step its content and position point to', () => {
  const engine = testEngine();
  const text = '# Card fraud\n\n' + answer(creative);
  const doc = parse(engine, text);
  assert.deepEqual(
    doc.headings.filter((h) => !h.isTitle).map((h) => [h.steps.join(','), Boolean(h.inferred)]),
    [['business', true], ['data', true], ['modeling', true], ['architecture', true], ['mlops', true], ['monitoring', true], ['governance', false]],
  );
  const rules = rulesOf(text);
  assert.ok(!rules.some((r) => r.endsWith('.section') || r.startsWith('structure.')), rules.join(', '));
  // The same in Chinese question-style headings and Traditional characters with formal numerals.
  const zh = creative.map(([, body], i) => [['## 貳、要解决什么问题', '## 数据从哪来', '## 模型怎么选', '## 系统长什么样', '## 怎么上线和迭代', '## 怎么知道它出问题了', '## 安全与合规'][i], body] as [string, string]);
  const zhRules = rulesOf('# 反欺诈\n\n' + answer(zh));
  assert.ok(!zhRules.some((r) => r.endsWith('.section')), zhRules.join(', '));
});

test('an unnamed section is not taken for a step it does not talk about, nor out of template order', () => {
  // Governance is missing; the last section is about the team, not governance: governance.section still fires.
  const team: [string, string] = ['## Team and timeline', 'Two engineers for a quarter; the first milestone is a shadow launch in week six, then a review with the risk team.'];
  const rules = rulesOf(answer([...creative.slice(0, 6), team]));
  assert.ok(rules.includes('governance.section'), rules.join(', '));
  // A monitoring-like section placed before the business step is not read as monitoring out of order, so the
  // Monitoring step is reported missing rather than silently reordered.
  const early = rulesOf(answer([creative[5], ...creative.slice(0, 5), creative[6]]));
  assert.ok(early.includes('monitoring.section'), early.join(', '));
  // Ordinals help only when the document numbers its named steps like the template: "6)" here is governance.
  const numbered = answer([
    ['### 1) Business goal', creative[0][1]],
    ['### 2) Data we have', creative[1][1]],
    ['### 3) Which model', creative[2][1]],
    ['### 4) How system look', creative[3][1]],
    ['### 5) Put in production', creative[4][1]],
    ['### 6) Rules and ethic', 'GDPR and PCI DSS compliance; role-based access control and audit logs; fairness across regions; SHAP explanations.'],
  ]);
  const doc = parse(testEngine(), numbered);
  assert.deepEqual(doc.headings.map((h) => h.steps.join(',')), ['business', 'data', 'modeling', 'architecture', 'mlops', 'governance']);
  assert.ok(rulesOf(numbered).includes('monitoring.section'));
});

test('sub-headings inside a step belong to it, whatever they are called', () => {
  const text = answer([
    seven[0],
    ['### Objective', 'Cut fraud losses by a fifth.'],
    ['### KPIs', 'Fraud loss per $1k, offline PR-AUC.'],
    ...seven.slice(1, 5),
    seven[5],
    ['### Model', 'Daily PR-AUC once chargebacks settle.'],
    ['### Business', 'Fraud loss and ROI per week.'],
    seven[6],
  ]);
  const doc = parse(testEngine(), text);
  assert.deepEqual(doc.sections.map((s) => s.steps.join(',')), ['business', 'data', 'modeling', 'architecture', 'mlops', 'monitoring', 'governance']);
  const rules = rulesOf(text);
  assert.ok(!rules.some((r) => r.endsWith('.section') || r === 'structure.duplicate' || r === 'structure.order'), rules.join(', '));
  // A sub-heading numbered as its own step still starts that step.
  const nested = answer([...seven.slice(0, 5), ['### 6. Monitoring', seven[5][1]], seven[6]]);
  assert.ok(!rulesOf(nested).includes('monitoring.section'));
});

test('an unnamed section whose sub-headings name a step takes that step, and its sub-headings join it', () => {
  const text = answer([
    ['## 1. Why we are building this', 'Fewer cancelled orders when an item is out of stock.'],
    ['### Objective', creative[0][1]],
    ['### KPIs', 'Substitution acceptance rate online; offline NDCG@5.'],
    ...seven.slice(1, 4),
    ['## 5. Shipping it', 'How a model reaches production.'],
    ['### Rollout', 'Shadow for a week, then a 5% canary with automatic rollback.'],
    ['### Retraining', 'Weekly retraining from the latest month; MLflow registry; DVC-versioned data; CI tests gate promotion.'],
    seven[5],
    seven[6],
  ]);
  const doc = parse(testEngine(), text);
  assert.deepEqual(doc.sections.map((s) => s.steps.join(',')), ['business', 'data', 'modeling', 'architecture', 'mlops', 'monitoring', 'governance']);
  const rules = rulesOf(text);
  assert.ok(!rules.some((r) => r.endsWith('.section') || r === 'structure.duplicate'), rules.join(', '));
});

test('bold lines stand in for headings in an answer without step headings, and only there', () => {
  const bold = '# Malware detection\n\n' + seven.map(([h, body]) => `**${h.replace(/^#+\s*/, '')}**\n${body}\n`).join('\n');
  const doc = parse(testEngine(), bold);
  assert.ok(doc.headings[0].isTitle);
  assert.deepEqual(doc.sections.map((s) => s.steps.join(',')), ['business', 'data', 'modeling', 'architecture', 'mlops', 'monitoring', 'governance']);
  assert.ok(!rulesOf(bold).some((r) => r.endsWith('.section')));
  // With real step headings, a bold "**Monitoring**" line inside a section is a label, not a new section.
  const labelled = answer([...seven.slice(0, 4), ['## 5. MLOps', '**Monitoring**\nDashboards come later; this part is about registry and rollout.'], ...seven.slice(6)]);
  assert.ok(rulesOf(labelled).includes('monitoring.section'));
});

test('weak aliases name a step only when no other heading does', () => {
  const withRisks = answer([...seven, ['## Risks', 'Vendor lock-in and a thin labelling budget are the main risks.']]);
  assert.ok(!rulesOf(withRisks).includes('structure.duplicate'));
  const risksAsGovernance = answer([...seven.slice(0, 6), ['## 7. Risks', seven[6][1]]]);
  assert.ok(!rulesOf(risksAsGovernance).includes('governance.section'));
});

test('structure.order flags a step out of template order', () => {
  const swapped = [seven[0], seven[2], seven[1], ...seven.slice(3)];
  const result = analyze(testEngine(), answer(swapped));
  const order = result.diagnostics.filter((d) => d.rule === 'structure.order');
  assert.equal(order.length, 1);
  assert.match(order[0].message, /step \d/);
});

test('structure.duplicate flags the second heading of a step', () => {
  const text = answer([...seven, ['## Monitoring (again)', 'More dashboards and alerts on the fraud rate every hour.']]);
  const dup = analyze(testEngine(), text).diagnostics.filter((d) => d.rule === 'structure.duplicate');
  assert.equal(dup.length, 1);
  assert.equal(dup[0].range.start.line, text.split('\n').indexOf('## Monitoring (again)'));
});

test('malformed frontmatter is reported at its line and the rest is still analysed', () => {
  const text = '---\nprompt: fraud-detection\nlevel: [senior\n---\n' + answer(seven);
  const result = analyze(testEngine(), text);
  const fm = result.diagnostics.find((d) => d.rule === 'document.frontmatter');
  assert.ok(fm);
  assert.ok(fm.range.start.line >= 1 && fm.range.start.line <= 3, `line ${fm.range.start.line}`);
  assert.ok(!result.diagnostics.some((d) => d.rule.endsWith('.section')));
});

test('unclosed frontmatter does not swallow the answer', () => {
  const result = analyze(testEngine(), '---\nprompt: x\n' + answer(seven));
  assert.ok(result.diagnostics.some((d) => d.rule === 'document.frontmatter'));
  assert.ok(!result.diagnostics.some((d) => d.rule.endsWith('.section')));
});

test('inline comments disable rules for a line, a range and the file', () => {
  const missing = answer(seven.slice(0, 6));
  assert.ok(rulesOf(missing).includes('governance.section'));
  assert.ok(!rulesOf('<!-- mlsd-disable-file governance.section -->\n' + missing).includes('governance.section'));
  assert.ok(!rulesOf('<!-- mlsd-disable-file -->\n' + missing).some((r) => r.endsWith('.section')));
  const structured = answer([seven[1], seven[0], ...seven.slice(2)]);
  const flagged = analyze(testEngine(), structured).diagnostics.find((d) => d.rule === 'structure.order');
  assert.ok(flagged);
  const line = flagged.range.start.line;
  const lines = structured.split('\n');
  lines.splice(line, 0, '<!-- mlsd-disable-next-line structure.order -->');
  assert.ok(rulesOf(structured).includes('structure.order'));
  assert.ok(!rulesOf(lines.join('\n')).includes('structure.order'));
});

test('configuration sets severities, turns rules and steps off', () => {
  const text = answer(seven.slice(0, 6));
  const result = analyze(testEngine(), text, { rules: { 'governance.section': 'hint' }, disabledSteps: [], maxFileSizeKB: 2048 });
  assert.equal(result.diagnostics.find((d) => d.rule === 'governance.section')?.severity, 'hint');
  assert.ok(!rulesOf(text, { rules: { 'governance.*': 'off' } }).some((r) => r.startsWith('governance.')));
  assert.ok(!rulesOf(text, { disabledSteps: ['governance'] }).some((r) => r.startsWith('governance.')));
});

test('the engine imports nothing from vscode', () => {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (full.endsWith('.ts')) files.push(full);
    }
  };
  walk(path.join(ROOT, 'server/src'));
  assert.ok(files.length > 10);
  for (const file of files) {
    const src = fs.readFileSync(file, 'utf8');
    assert.ok(!/from\s+['"]vscode['"]|require\(['"]vscode['"]\)/.test(src), `${file} imports vscode`);
    if (file.includes(`${path.sep}engine${path.sep}`)) {
      assert.ok(!/from\s+['"]vscode-languageserver/.test(src), `${file} (engine) imports the LSP library`);
    }
  }
});

test('parse gives exact heading lines and Mermaid blocks', () => {
  const text = '# T\n\n## 4. Architecture\n\n```mermaid\nflowchart LR\n  A --> B\n```\n';
  const doc = parse(testEngine(), text);
  assert.equal(doc.headings[1].line, 2);
  assert.equal(doc.mermaid.length, 1);
  assert.equal(doc.mermaid[0].fenceLine, 4);
  assert.equal(doc.mermaid[0].content, 'flowchart LR\n  A --> B\n');
});
