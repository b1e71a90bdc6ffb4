// Deterministic generator of realistic `*.mlsd.md` answers for the benchmark.
//
// One answer = frontmatter, a title, "Clarifying questions", the seven template steps (English or Chinese headings)
// and "Trade-offs". Each step is filled to its share of the byte budget with a weighted mix of blocks: prose (about
// 60 % hard-wrapped at 80 columns, the rest long single lines, with inline code, bold and links), bullet and numbered
// lists, metric tables, python/yaml/sql fences, ```mermaid flowcharts (8–16 nodes with a feedback back-edge) and
// Chinese paragraphs. Larger answers get `###` subsections every ~1.6 KB. Same (bytes, seed) → same text.

/** Small, fast, seeded PRNG (mulberry32). */
export function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const STEPS = [
  { id: 'business', en: 'Business goal', zh: '业务目标', cn: '一' },
  { id: 'data', en: 'Data & features', zh: '数据与特征', cn: '二' },
  { id: 'modeling', en: 'Modeling', zh: '建模', cn: '三' },
  { id: 'architecture', en: 'Architecture', zh: '系统架构', cn: '四' },
  { id: 'mlops', en: 'MLOps', zh: 'MLOps', cn: '五' },
  { id: 'monitoring', en: 'Monitoring', zh: '监控', cn: '六' },
  { id: 'governance', en: 'Governance', zh: '治理', cn: '七' },
];

// Subsection titles are neutral on purpose: a title that names a step ("Model registry") starts a section of that step.
const SUBTITLES = ['Details', 'Assumptions', 'Numbers', 'Open questions', 'Worked example', 'Notes', 'Edge cases', 'Option A', 'Option B', 'Deep dive', 'Why this choice', 'What could go wrong'];

const NOUNS = ['merchant', 'device', 'card', 'user', 'session', 'query', 'item', 'driver', 'listing', 'account', 'store', 'video'];
const FEATURES = ['txn_count_1h', 'amount_zscore', 'device_age_days', 'ctr_7d', 'dwell_time_p50', 'geo_mismatch', 'session_len', 'price_bucket', 'embedding_sim', 'returns_30d'];
const TOOLS = ['Kafka', 'Flink', 'Spark', 'Feast', 'Redis', 'BigQuery', 'Airflow', 'MLflow', 'Triton', 'Kubernetes', 'Evidently', 'Prometheus', 'Grafana', 'PagerDuty'];
const MODELS = ['LightGBM', 'XGBoost', 'logistic regression', 'a two-tower model', 'a DistilBERT encoder', 'a wide & deep model'];
const LINKS = ['https://example.com/design-doc', 'https://example.com/runbook', 'https://example.com/dashboards/model-health', 'https://example.com/model-card'];

// Sentence templates per step: {n} number, {noun}, {feat}, {tool}, {tool2}, {model}, {pct} percentage.
const PROSE = {
  business: [
    'The business objective is to cut losses from bad {noun} decisions by {pct} while keeping the approval rate flat.',
    'We frame it as binary classification per {noun}: the label is whether the event turns out bad within {n} days.',
    'The online KPI is revenue per {noun}, with conversion rate as a guardrail metric; offline we track PR-AUC and recall at a fixed 1% FPR.',
    'Scale: about {n} million requests per day, {n} QPS at peak, and a p99 latency budget of {n} ms for scoring.',
    'A false positive costs the margin on the sale, a false negative costs the full amount plus a fee, so thresholds depend on the amount.',
    'The baseline is the current rules engine; the model must beat it on recall at the same false-decline rate.',
    'Constraints: regulated data, decisions must be explainable, and the first version ships in one quarter with a team of {n}.',
    'Success after launch means a {pct} lift in the north star metric measured by an A/B test over two weeks.',
  ],
  data: [
    'Data sources: event logs from {tool}, {noun} profiles from the warehouse, and the feedback feed that carries labels.',
    'Labels arrive with a delay of about {n} days, so training only uses events older than the label window.',
    'Batch features such as `{feat}` are computed daily in {tool}; streaming features over 1 h and 24 h windows come from {tool2}.',
    'The feature store keeps one definition for training and serving, with an offline store for training and an online store for serving.',
    'We split by time (train on months 1-9, validate on month 10, test on months 11-12) and use point-in-time joins to avoid leakage.',
    'PII such as email and phone is hashed with a keyed hash before it reaches the feature store, and raw addresses are dropped after {n} days.',
    'Data quality checks run at ingestion: schema checks, null-rate checks per feature and range checks on `{feat}`.',
    'Class imbalance is about 1 in {n}; we downsample negatives after the split and re-calibrate the scores.',
  ],
  modeling: [
    'The baseline is {model} on the same features, which gives a floor the main model has to beat.',
    'We compare {model} with {model2}: the first trains in minutes and is easy to explain, the second uses sequences but needs GPUs.',
    'The loss is log loss with class weights, because the thresholds downstream need calibrated probabilities.',
    'Hyperparameters are tuned on the validation month only, and we report PR-AUC, recall at 1% FPR and dollar-weighted recall.',
    'Calibration uses isotonic regression on the validation window; thresholds come from the cost matrix per amount band.',
    'Cold start: new {noun}s get explicit history-length features and the category average as a fallback value.',
    'Slice evaluation covers country, {noun} category and new versus returning users, so a regression in one slice is visible.',
    'Inference cost matters: {n} trees of depth 8 score in under 2 ms on CPU, so no GPU is needed online.',
  ],
  architecture: [
    'The online path is API gateway → feature service → model server ({tool}) → decision service, with a p99 budget of {n} ms.',
    'Features are read from {tool} with a timeout of {n} ms; on a miss the model uses default values and logs the miss.',
    'If the model server is down, the fallback is the rules engine, so payments never block on the model.',
    'Batch scoring for the nightly report runs in {tool} and writes to the warehouse; the online path never depends on it.',
    'Predictions and the served feature values are logged to {tool2}, which closes the loop for training and monitoring.',
    'Capacity: {n} replicas behind a load balancer handle peak load with 40% headroom, and autoscaling reacts within a minute.',
    'A cache in front of the model server keeps results for {n} seconds for repeated {noun} lookups.',
  ],
  mlops: [
    'Every model is registered in {tool} with its data snapshot, code commit and evaluation report.',
    'CI runs unit tests, data validation and an offline evaluation gate: a candidate must beat production on PR-AUC by {pct}.',
    'Rollout goes shadow mode first, then a canary on {pct} of traffic, then a staged ramp with automatic rollback on guardrail breaches.',
    'Retraining is scheduled weekly by {tool}, and also triggered when drift on the top features crosses the threshold.',
    'Rollback is one click: the previous model version stays warm in the registry and the router switches back in seconds.',
    'Features, models and datasets are versioned together, so any prediction can be reproduced from its version ids.',
    'Online experiments use an A/B test with a {n}-day minimum run and a pre-registered primary metric.',
  ],
  monitoring: [
    'Drift: PSI on the top {n} features and on the score distribution, daily against a 30-day reference; above 0.2 opens an incident.',
    'Alerting: p99 latency over {n} ms for 5 minutes or error rate above 1% pages the on-call through {tool}, who follows the runbook.',
    'Business: a dashboard of fraud loss, approval rate and cost per 1k predictions per model version, reviewed weekly for ROI.',
    'Service health: latency percentiles, error rate, throughput and feature-store miss rate are exported to {tool} and charted in {tool2}.',
    'Label feedback: delayed labels are joined back after {n} days to compute live precision and recall per slice.',
    'A KS test on `{feat}` compares today with the reference window, and a sudden shift in the null rate raises an alert.',
    'We watch the prediction distribution as an early signal, because labels for this problem arrive late.',
  ],
  governance: [
    'Fairness: we compare false positive rates across regions and age bands and block a release if the gap exceeds {pct}.',
    'Explainability: SHAP reason codes are stored with every decision so support can explain a decline to the {noun}.',
    'Access to training data is role-based and audited; only the ML platform team can read the raw tables.',
    'A model card documents intended use, training data, metrics per slice and known limitations for every version.',
    'Human review: decisions near the threshold go to an analyst queue, and analysts can override the model.',
    'Privacy: data retention is {n} months, deletion requests are honoured within 30 days, and the DPIA is reviewed yearly.',
    'An audit log records who approved each model version and which evaluation report they signed off.',
  ],
  other: [
    'I would first ask who owns the loss today and whether we may add friction for risky {noun}s.',
    'Out of scope: onboarding risk and manual case work, which have their own teams and tools.',
    'The main trade-off is latency against model capacity: a bigger model buys recall but eats into the {n} ms budget.',
    'Another trade-off is freshness against cost, since streaming features in {tool} cost more to run than daily batch jobs.',
  ],
};

const ZH = {
  business: ['业务目标是在保持通过率不变的前提下，把坏账损失降低{pct}。', '线上指标是每个{noun}的收入，离线指标是 PR-AUC 和固定误报率下的召回率。', '峰值 QPS 约为 {n}，打分的 p99 延迟预算是 {n} 毫秒。'],
  data: ['数据来源包括 {tool} 的事件日志、用户画像和标签回流。', '标签延迟约 {n} 天，训练只使用标签窗口之前的数据，并按时间切分以避免数据泄漏。', '手机号和邮箱在进入特征库之前做加盐哈希，原始地址 {n} 天后删除。'],
  modeling: ['基线模型是逻辑回归，主模型是 {model}，我们比较两者的可解释性和推理成本。', '损失函数使用带类别权重的对数损失，并用保序回归做概率校准。', '按国家和新老用户做切片评估，避免某个切片悄悄变差。'],
  architecture: ['在线链路：网关 → 特征服务 → 模型服务 → 决策服务，整体 p99 延迟不超过 {n} 毫秒。', '模型服务不可用时回退到规则引擎，保证交易不被阻塞。', '预测结果和特征值写入 {tool}，用于训练和监控闭环。'],
  mlops: ['每个模型版本都登记在模型注册表中，记录数据快照和代码版本。', '上线流程：影子模式 → 金丝雀发布 {pct} 流量 → 分阶段放量，指标异常自动回滚。', '每周定时重训，特征漂移超过阈值时也会触发重训。'],
  monitoring: ['漂移监控：每天对前 {n} 个特征和分数分布计算 PSI，超过 0.2 触发告警。', '延迟和错误率超过阈值时通过值班系统告警，值班同学按处置预案处理。', '业务看板跟踪每个模型版本的点击率、转化率和单次预测成本。'],
  governance: ['公平性：比较不同地区和年龄段的误报率，差距超过{pct}则阻止发布。', '可解释性：每次决策保存 SHAP 原因码，客服可以向用户解释拒绝原因。', '训练数据按角色授权访问，所有访问都有审计日志。'],
  other: ['先澄清损失由谁承担，以及是否允许增加验证步骤。', '主要权衡是延迟和模型容量之间的取舍。'],
};

const COMPONENTS = ['Client', 'API gateway', 'Feature service', 'Online store', 'Model server', 'Decision service', 'Rules engine', 'Event log', 'Stream processor', 'Offline store', 'Training pipeline', 'Model registry', 'Evaluator', 'Monitoring', 'Label feed', 'Analyst queue', 'Cache', 'Warehouse', 'Scheduler', 'Canary router'];

/** A Mermaid flowchart with `nodes` nodes (a chain with side branches) and one `-.->|feedback|` back-edge. */
export function flowchart(nodes, rand = mulberry32(nodes), salt = '') {
  const lines = [rand() < 0.5 ? 'flowchart LR' : 'flowchart TD'];
  const id = (i) => `N${i}`;
  for (let i = 0; i < nodes; i++) {
    const label = COMPONENTS[i % COMPONENTS.length] + (i >= COMPONENTS.length ? ` ${Math.floor(i / COMPONENTS.length) + 1}` : '');
    const shape = i % 7 === 3 ? ['[(', ')]'] : i % 5 === 4 ? ['{{', '}}'] : ['[', ']'];
    lines.push(`    ${id(i)}${shape[0]}${label}${i === 0 ? salt : ''}${shape[1]}`);
  }
  for (let i = 1; i < nodes; i++) {
    const from = i > 3 && rand() < 0.3 ? Math.floor(rand() * (i - 1)) : i - 1;
    lines.push(rand() < 0.25 ? `    ${id(from)} -->|${pick(rand, ['features', 'scores', 'events', 'labels', 'requests'])}| ${id(i)}` : `    ${id(from)} --> ${id(i)}`);
  }
  lines.push(`    ${id(nodes - 1)} -.->|feedback| ${id(Math.min(2, nodes - 1))}`);
  return lines.join('\n');
}

function pick(rand, list) {
  return list[Math.floor(rand() * list.length)];
}

function fill(rand, template) {
  return template.replace(/\{(\w+)\}/g, (_, key) => {
    switch (key) {
      case 'n':
        return String(pick(rand, [2, 3, 5, 7, 10, 14, 20, 30, 50, 80, 90, 120, 150, 300, 500, 1000, 3000]));
      case 'pct':
        return `${pick(rand, [1, 2, 5, 10, 15, 20])}%`;
      case 'noun':
        return pick(rand, NOUNS);
      case 'feat':
        return pick(rand, FEATURES);
      case 'tool':
      case 'tool2':
        return pick(rand, TOOLS);
      case 'model':
      case 'model2':
        return pick(rand, MODELS);
      default:
        return key;
    }
  });
}

function decorate(rand, sentence) {
  const r = rand();
  if (r < 0.12) return sentence.replace(/^(\S+ \S+)/, '**$1**');
  if (r < 0.2) return `${sentence} See [the ${pick(rand, ['design doc', 'runbook', 'dashboard', 'model card'])}](${pick(rand, LINKS)}).`;
  return sentence;
}

function wrap(text, width = 80) {
  const words = text.split(' ');
  const lines = [];
  let line = '';
  for (const w of words) {
    if (line && line.length + 1 + w.length > width) {
      lines.push(line);
      line = w;
    } else line = line ? `${line} ${w}` : w;
  }
  if (line) lines.push(line);
  return lines.join('\n');
}

function prose(rand, step) {
  const count = 2 + Math.floor(rand() * 4);
  const parts = [];
  for (let i = 0; i < count; i++) parts.push(decorate(rand, fill(rand, pick(rand, PROSE[step]))));
  const text = parts.join(' ');
  return rand() < 0.6 ? wrap(text) : text;
}

function chinese(rand, step) {
  const list = ZH[step];
  const count = 2 + Math.floor(rand() * 3);
  const parts = [];
  for (let i = 0; i < count; i++) parts.push(fill(rand, pick(rand, list)));
  return parts.join('');
}

function bullets(rand, step, numbered) {
  const count = 3 + Math.floor(rand() * 4);
  const out = [];
  for (let i = 0; i < count; i++) {
    const marker = numbered ? `${i + 1}.` : '-';
    out.push(`${marker} ${decorate(rand, fill(rand, pick(rand, PROSE[step])))}`);
    if (!numbered && rand() < 0.2) out.push(`  - ${fill(rand, pick(rand, PROSE[step]))}`);
  }
  return out.join('\n');
}

function table(rand) {
  const rows = 3 + Math.floor(rand() * 4);
  const metrics = ['PR-AUC', 'Recall at 1% FPR', 'p99 latency', 'Approval rate', 'PSI (score)', 'Cost per 1k predictions', 'Error rate', 'CTR'];
  const out = ['| Metric | Target | Window | Owner |', '| --- | ---: | --- | --- |'];
  for (let i = 0; i < rows; i++) {
    out.push(`| ${pick(rand, metrics)} | ${(rand() * 100).toFixed(1)} | ${pick(rand, ['1 h', '1 day', '7 days', '30 days'])} | ${pick(rand, ['ML team', 'on-call', 'risk team', 'product'])} |`);
  }
  return out.join('\n');
}

function code(rand) {
  const kind = pick(rand, ['python', 'yaml', 'sql']);
  if (kind === 'python') {
    return ['```python', 'def score(request, store, model):', `    features = store.get_online_features("${pick(rand, FEATURES)}", request.entity_id)`, '    if features is None:', '        return rules_engine.decide(request)', '    p = model.predict_proba(features)[0, 1]', `    return "decline" if p > ${(0.5 + rand() / 2).toFixed(2)} else "approve"`, '```'].join('\n');
  }
  if (kind === 'yaml') {
    return ['```yaml', 'rollout:', '  shadow_days: 7', `  canary_percent: ${pick(rand, [1, 5, 10])}`, '  guardrails:', `    p99_latency_ms: ${pick(rand, [50, 80, 120])}`, '    approval_rate_drop: 0.5%', '  rollback: automatic', '```'].join('\n');
  }
  return ['```sql', `SELECT ${pick(rand, NOUNS)}_id, COUNT(*) AS n, AVG(amount) AS avg_amount`, 'FROM events', `WHERE event_time < label_cutoff - INTERVAL '${pick(rand, [30, 60, 90])}' DAY`, `GROUP BY ${pick(rand, NOUNS)}_id;`, '```'].join('\n');
}

function block(rand, step) {
  const r = rand();
  if (r < 0.4) return prose(rand, step);
  if (r < 0.58) return bullets(rand, step, false);
  if (r < 0.63) return bullets(rand, step, true);
  if (r < 0.71) return table(rand);
  if (r < 0.8) return code(rand);
  if (r < 0.87) return '```mermaid\n' + flowchart(8 + Math.floor(rand() * 9), rand) + '\n```';
  return chinese(rand, step);
}

const bytes = (s) => Buffer.byteLength(s, 'utf8');

/**
 * Generates one answer of about `targetBytes` UTF-8 bytes. `zhHeadings` writes the step headings in Chinese
 * ("## 第六步：监控"); Chinese paragraphs appear in every answer.
 */
export function generateAnswer(targetBytes, seed = 1, { zhHeadings = false } = {}) {
  const rand = mulberry32(seed);
  const parts = [];
  let size = 0;
  const push = (s) => {
    parts.push(s);
    size += bytes(s) + 2;
  };
  push('---\nlevel: senior\ntimebox: 45\n---');
  push(`# Design: real-time ${pick(rand, NOUNS)} risk scoring (answer ${seed})`);
  push(prose(rand, 'other'));
  push('## Clarifying questions');
  push(bullets(rand, 'other', false));
  const tail = '## Trade-offs\n\n' + prose(rand, 'other');
  const perStep = Math.max(200, (targetBytes - size - bytes(tail) - 2) / STEPS.length);
  STEPS.forEach((step, idx) => {
    const heading = zhHeadings ? `## 第${step.cn}步：${step.zh}` : `## ${idx + 1}. ${step.en}`;
    const stepEnd = size + perStep;
    push(heading);
    let sinceHeading = 0;
    let sub = 0;
    let first = true;
    while (first || size < stepEnd) {
      if (!first && sinceHeading > 1600 && stepEnd - size > 800) {
        sub++;
        push(`### ${idx + 1}.${sub} ${pick(rand, SUBTITLES)}`);
        sinceHeading = 0;
      }
      let b = block(rand, step.id);
      // Trim the last block of a step so the answer lands near the target size.
      if (!first && size + bytes(b) > stepEnd + 200) b = fill(rand, pick(rand, PROSE[step.id]));
      push(b);
      sinceHeading += bytes(b);
      first = false;
    }
  });
  push(tail);
  return parts.join('\n\n') + '\n';
}

/** Counts of what a generated answer contains (for the report). */
export function describe(text) {
  const lines = text.split('\n');
  let headings = 0;
  let tables = 0;
  let fences = 0;
  let mermaid = 0;
  let inFence = false;
  let prevTable = false;
  for (const line of lines) {
    if (line.startsWith('```')) {
      if (!inFence) {
        fences++;
        if (line.startsWith('```mermaid')) mermaid++;
      }
      inFence = !inFence;
      continue;
    }
    if (inFence) continue;
    if (/^#{1,6} /.test(line)) headings++;
    const isTable = line.startsWith('|');
    if (isTable && !prevTable) tables++;
    prevTable = isTable;
  }
  const cjk = (text.match(/[\u4e00-\u9fff]/g) ?? []).length;
  return { bytes: bytes(text), lines: lines.length - 1, headings, tables, fences, mermaid, cjkChars: cjk };
}
