/**
 * Input generation for the fuzzer: seed answers from the corpus and fixtures, mutated (truncation, bit flips,
 * random headings, deep nesting, huge tables, unclosed fences and frontmatter, hostile YAML, mixed scripts,
 * control characters, NUL bytes, lone surrogates, CR/CRLF line endings, repeated slices…), or random documents
 * built from Markdown syntax. Everything is drawn from one seeded {@link Rng}, so a case is replayable from its seed.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Rng } from './rng';

export const ROOT = path.resolve(__dirname, '..', '..');
export const FUZZ_FIXTURES = path.join(ROOT, 'test/fixtures/fuzz');

/** One generated case: the answer (text, or raw bytes for the CLI), the engine config, and how it was made. */
export interface FuzzCase {
  text: string;
  /** Raw bytes written for the CLI instead of `text` (invalid UTF-8, BOMs…). */
  bytes?: Buffer;
  config: FuzzConfig;
  /** A `.mlsd.yaml` placed beside the answer for CLI runs. */
  mlsdYaml?: string;
  recipe: string[];
}

/** The engine settings a case runs with (merged over the defaults). */
export interface FuzzConfig {
  rules?: Record<string, string>;
  disabledSteps?: string[];
  level?: 'senior' | 'staff';
  maxFileSizeKB?: number;
}

/** Loads every seed answer: the labelled corpus, the fixtures (saved fuzz failures included) and the examples. */
export function loadSeeds(): string[] {
  const seeds: string[] = [];
  const collect = (dir: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) collect(full);
      else if (e.isFile() && e.name.endsWith('.mlsd.md')) {
        if (fs.statSync(full).size <= 64 * 1024) seeds.push(fs.readFileSync(full, 'utf8'));
      } else if (e.isFile() && e.name.endsWith('.json') && dir === FUZZ_FIXTURES) {
        // Saved failures are good seeds: their neighbourhood is where the next bug hides.
        const text = (JSON.parse(fs.readFileSync(full, 'utf8')) as { text?: unknown }).text;
        if (typeof text === 'string' && text.length <= 64 * 1024) seeds.push(text);
      }
    }
  };
  collect(path.join(ROOT, 'test/corpus'));
  collect(path.join(ROOT, 'test/fixtures'));
  collect(path.join(ROOT, 'examples'));
  if (seeds.length === 0) seeds.push('# Answer\n\n## 1. Business goal\n\nReduce fraud losses by 20% at 50 ms p99.\n');
  return seeds;
}

const STEP_TITLES = [
  'Business goal', 'Data & features', 'Modeling', 'Architecture', 'MLOps', 'Monitoring', 'Governance', 'Responsible AI',
  'Observability', 'Deployment', 'Problem framing', 'Clarifying questions', 'Trade-offs', 'Model serving', 'MLOps & Monitoring',
  '业务目标', '数据与特征', '模型', '架构', '监控', '治理', '第六步：监控', '步骤 3：模型', '六、监控', '數據與特徵', '監控',
];
const NUMBERING = ['', '1. ', '6) ', 'Step 6 – ', 'Part II: ', 'VII. ', 'a) ', '第六步：', '6.1.2 ', '## ', '1.', 'Step ', '-- '];
const WORDS = [
  'drift', 'PSI', 'KS test', 'latency', '50 ms', 'p99', 'canary', 'rollback', 'registry', 'feature store', 'PII', 'GDPR',
  'no', 'not', 'without', 'never', 'TODO', 'TBD', 'LLM', '7B parameters', 'BERT-large', 'distillation', 'cache', 'AUC',
  'accuracy', 'fraud', 'labels', 'leakage', 'time split', 'random split', 'streaming', 'batch', 'Kafka', 'Flink', 'alert',
  '没有', '漂移', '监控', '延迟', '毫秒', '不', '告警', '10k', '1.5M', '3亿', 'QPS', '—', '→', '|', '*', '_', '`', '[', ']',
];
const SCRIPTS = [
  '中文测试文本', '繁體中文與監控', 'العربية والنص', 'עברית', 'हिन्दी पाठ', 'ελληνικά', 'русский текст', '日本語のテキスト',
  '한국어 텍스트', '👩‍👩‍👧‍👦🏳️‍🌈', 'e\u0301\u0301\u0301', '\u202eevil\u202c', '\u200b\u200c\u200d', '\ufeff', 'ＦＵＬＬｗｉｄｔｈ１２３',
  '𝔘𝔫𝔦𝔠𝔬𝔡𝔢', 'Z̴̡̢̛̗͓̗̯̫͍̯͙̪̙̰̜̩̆͗̇̄̈́͗̚a̷l̶g̵o̴', '\u0600\u0601', 'ﷺ', '\ud83d\ude00',
];
const CONTROL = ['\u0000', '\u0001', '\u0007', '\b', '\t', '\u000b', '\f', '\r', '\u001b', '\u007f', '\u0085', '\u2028', '\u2029', '\ufffe', '\uffff', '\ufffd'];
const SURROGATES = ['\ud800', '\udbff', '\udc00', '\udfff', '\udc00\ud800', '\ud83d', '\ude00x'];

/** Hostile or odd YAML for frontmatter and `.mlsd.yaml`. */
export const NASTY_YAML = [
  'level: &a [ *a ]',
  'timebox: &a { x: *a }',
  'prompt: { toString: 1, valueOf: 2 }',
  '__proto__: { polluted: 1 }\nconstructor: { prototype: { x: 1 } }\nprompt: x',
  '<<: { level: staff }\nlevel: senior',
  'prompt: !!binary aGVsbG8=',
  'prompt: !js/function "function(){}"\nlevel: !!js/regexp /a/',
  'prompt: a\nprompt: b',
  'level:\tsenior',
  '\tlevel: senior',
  'level: senior\n---\nlevel: staff',
  "a: it's\n--- " + '['.repeat(300) + ']'.repeat(300),
  "a: it's\nb: " + '['.repeat(300) + '1' + ']'.repeat(300),
  'a: 5"\nb: ' + '{a: '.repeat(200) + '1' + '}'.repeat(200),
  '- '.repeat(200) + 'x',
  '? '.repeat(200) + 'x',
  'a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: [*d, *d, *d, *d, *d, *d, *d, *d, *d]',
  'timebox: 123456789012345678901234567890',
  'timebox: .inf\nlevel: .nan',
  'timebox: -1',
  'level: [senior, staff]',
  'prompt: ' + 'x'.repeat(5000),
  'prompt: "unterminated',
  "prompt: 'unterminated",
  'prompt: |\n  multi\n  line',
  'prompt: >-\n' + '  folded\n'.repeat(50),
  '%YAML 1.1\n---\nprompt: fraud-detection',
  '!!map { prompt: fraud-detection }',
  '? [a, b]\n: c',
  '[1, 2, 3]',
  '"just a string"',
  'null',
  '',
  '# only a comment',
  'prompt: fraud-detection\nlevel: staff\ntimebox: 45',
  'prompt: rag-assistant\nlevel: senior\ntimebox: 60',
  'rules:\n  "************q": off\n  monitoring.drift: error',
  'rules: { "*.section": warning, consistency.*: off }\ndisabledSteps: [governance, nope]',
  'rules:\n' + Array.from({ length: 300 }, (_, i) => `  r${i}: loud`).join('\n'),
  'template: ./missing-template.yaml',
  'template: /dev/null',
  'template: /dev/zero',
  'maxFileSizeKB: 0.001',
  'maxFileSizeKB: -5',
  'level: staff\nmaxFileSizeKB: 1',
];

const MERMAID = ['graph TD', 'flowchart LR', 'sequenceDiagram', 'gantt', 'classDiagram', 'A-->B', 'B-->|x|C', 'click A "javascript:alert(1)"', '%%{init: {"securityLevel":"loose"}}%%', 'A["<img src=x onerror=alert(1)>"]', 'style A fill:#f00;} body{display:none', '%%'];
const INLINE_PATHOLOGICAL = [
  (n: number) => '*a **a '.repeat(n) + 'b' + ' a** a*'.repeat(n),
  (n: number) => '['.repeat(n),
  (n: number) => '<'.repeat(n) + '>',
  (n: number) => '`'.repeat(n),
  (n: number) => '*'.repeat(n),
  (n: number) => '_a '.repeat(n),
  (n: number) => '[a](b'.repeat(n),
  (n: number) => '![['.repeat(n),
  (n: number) => '</' + '<!--'.repeat(n),
  (n: number) => '\\'.repeat(n),
  (n: number) => '&#' + '9'.repeat(n) + ';',
];

function lines(text: string): string[] {
  return text.split('\n');
}

function insertAtLine(rng: Rng, text: string, block: string): string {
  const ls = lines(text);
  ls.splice(rng.int(0, ls.length), 0, block);
  return ls.join('\n');
}

function insertAtChar(rng: Rng, text: string, piece: string): string {
  const at = rng.int(0, text.length);
  return text.slice(0, at) + piece + text.slice(at);
}

function randomWords(rng: Rng, n: number): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(rng.pick(WORDS));
  return out.join(' ');
}

function randomHeading(rng: Rng): string {
  const title = rng.chance(0.7) ? rng.pick(STEP_TITLES) : randomWords(rng, rng.int(1, 6));
  const deco = rng.chance(0.2) ? rng.pick(['**', '_', '`', '~~', '[', '<b>']) : '';
  const text = `${rng.pick(NUMBERING)}${deco}${title}${deco.split('').reverse().join('').replace('[', ']').replace('<b>', '</b>')}`;
  if (rng.chance(0.1)) return `${text}\n${rng.pick(['===', '---', '='.repeat(rng.skewed(200))])}`;
  const level = rng.chance(0.05) ? rng.int(7, 12) : rng.int(1, 6);
  return `${' '.repeat(rng.chance(0.1) ? rng.int(1, 5) : 0)}${'#'.repeat(level)}${rng.chance(0.05) ? '' : ' '}${text}${rng.chance(0.1) ? ' ' + '#'.repeat(rng.int(1, 4)) : ''}`;
}

/** Mutators: each takes the rng, the text and a size budget, and returns the new text and a short name. */
type Mutator = (rng: Rng, text: string, seeds: string[], maxLen: number) => string;

export const MUTATORS: Record<string, Mutator> = {
  truncate: (rng, text) => text.slice(0, rng.int(0, text.length)),
  truncateStart: (rng, text) => text.slice(rng.int(0, text.length)),
  codeUnitFlips: (rng, text) => {
    if (text.length === 0) return text;
    const codes = text.split('');
    const n = rng.skewed(40);
    for (let i = 0; i < n; i++) {
      const at = rng.int(0, codes.length - 1);
      codes[at] = String.fromCharCode(codes[at].charCodeAt(0) ^ (1 << rng.int(0, 15)));
    }
    return codes.join('');
  },
  byteFlips: (rng, text) => {
    const bytes = Buffer.from(text, 'utf8');
    if (bytes.length === 0) return text;
    const n = rng.skewed(40);
    for (let i = 0; i < n; i++) bytes[rng.int(0, bytes.length - 1)] ^= 1 << rng.int(0, 7);
    return bytes.toString('utf8');
  },
  headings: (rng, text) => {
    let out = text;
    const n = rng.skewed(60);
    for (let i = 0; i < n; i++) out = insertAtLine(rng, out, randomHeading(rng));
    return out;
  },
  manyHeadings: (rng, text, _s, maxLen) => {
    const n = Math.min(rng.skewed(20000), Math.floor(maxLen / 12));
    const parts: string[] = [];
    for (let i = 0; i < n; i++) parts.push(rng.chance(0.5) ? `${'#'.repeat(rng.int(1, 6))} ${rng.pick(STEP_TITLES)}` : `## h${i}`);
    return insertAtLine(rng, text, parts.join('\n'));
  },
  deepNesting: (rng, text, _s, maxLen) => {
    const depth = Math.min(rng.skewed(5000), Math.floor(Math.sqrt(maxLen)));
    const kind = rng.int(0, 4);
    let block: string;
    if (kind === 0) block = '> '.repeat(depth) + randomWords(rng, 3);
    else if (kind === 1) block = Array.from({ length: depth }, (_, i) => '  '.repeat(i) + '- ' + rng.pick(WORDS)).join('\n');
    else if (kind === 2) block = '- '.repeat(depth) + 'x';
    else if (kind === 3) block = Array.from({ length: depth }, (_, i) => '> '.repeat(i) + '1. ' + (rng.chance(0.2) ? randomHeading(rng) : 'x')).join('\n');
    else block = '<div>'.repeat(depth) + '\n\n' + '</div>'.repeat(depth);
    return insertAtLine(rng, text, block);
  },
  hugeTable: (rng, text, _s, maxLen) => {
    const cols = rng.skewed(60);
    const rows = Math.min(rng.skewed(3000), Math.floor(maxLen / (cols * 6 + 2)));
    const row = (): string => '|' + Array.from({ length: cols }, () => (rng.chance(0.8) ? rng.pick(WORDS) : '')).join('|') + (rng.chance(0.9) ? '|' : '');
    const out = [row(), '|' + '---|'.repeat(cols)];
    for (let i = 0; i < rows; i++) out.push(row());
    return insertAtLine(rng, text, out.join('\n'));
  },
  unclosedFence: (rng, text) => insertAtLine(rng, text, rng.pick(['```', '```mermaid', '~~~', '````python', '``` mermaid {x}', '   ```mermaid', '```MERMAID']) + '\n' + rng.pick(MERMAID)),
  fences: (rng, text) => {
    const fence = rng.pick(['```', '~~~', '````']);
    return insertAtLine(rng, text, `${fence}${rng.pick(['mermaid', '', 'yaml', 'md'])}\n${randomWords(rng, 10)}\n${rng.chance(0.7) ? fence : ''}`);
  },
  unclosedFrontmatter: (rng, text) => `---\n${rng.pick(NASTY_YAML)}\n${rng.chance(0.5) ? '' : '..\n'}` + text.replace(/^---\n/, ''),
  frontmatter: (rng, text) => {
    const body = text.replace(/^---\n[\s\S]*?\n---\n/, '');
    const close = rng.pick(['---', '---', '...', '----', '--- ', '---x']);
    return `${rng.pick(['---', '---', '----', '--- '])}\n${rng.pick(NASTY_YAML)}\n${close}\n${body}`;
  },
  mixedScripts: (rng, text) => {
    let out = text;
    const n = rng.skewed(30);
    for (let i = 0; i < n; i++) out = insertAtChar(rng, out, rng.pick(SCRIPTS));
    return out;
  },
  controlChars: (rng, text) => {
    let out = text;
    const n = rng.skewed(50);
    for (let i = 0; i < n; i++) out = insertAtChar(rng, out, rng.pick(CONTROL).repeat(rng.skewed(20)));
    return out;
  },
  nulBytes: (rng, text) => {
    if (rng.chance(0.2)) return text.replace(/[a-z]/g, (c) => (rng.chance(0.5) ? '\u0000' : c));
    let out = text;
    const n = rng.skewed(30);
    for (let i = 0; i < n; i++) out = insertAtChar(rng, out, '\u0000'.repeat(rng.skewed(500)));
    return out;
  },
  loneSurrogates: (rng, text) => {
    let out = text;
    const n = rng.skewed(20);
    for (let i = 0; i < n; i++) out = insertAtChar(rng, out, rng.pick(SURROGATES));
    return out;
  },
  lineEndings: (rng, text) => {
    const mode = rng.int(0, 3);
    if (mode === 0) return text.replace(/\r?\n/g, '\r\n');
    if (mode === 1) return text.replace(/\r?\n/g, '\r');
    if (mode === 2) return text.replace(/\r?\n/g, () => rng.pick(['\n', '\r\n', '\r', '\n\r']));
    return text.replace(/\n/g, () => (rng.chance(0.1) ? '\r\r\n' : '\n'));
  },
  splice: (rng, text, seeds) => {
    const other = rng.pick(seeds);
    const a = rng.int(0, other.length);
    const b = Math.min(other.length, a + rng.skewed(4000));
    return insertAtChar(rng, text, other.slice(a, b));
  },
  repeatSlice: (rng, text, _s, maxLen) => {
    if (text.length === 0) return text;
    const a = rng.int(0, text.length - 1);
    const slice = text.slice(a, a + rng.skewed(300));
    const times = Math.min(rng.skewed(20000), Math.floor(maxLen / Math.max(1, slice.length)));
    return text.slice(0, a) + slice.repeat(times) + text.slice(a);
  },
  repeatPhrase: (rng, text, _s, maxLen) => {
    const phrase = rng.pick(['no drift ', 'drift ', '没有漂移', '1', '12ms ', '7B ', '<!-- mlsd-disable ', 'x <!-- mlsd-disable -->\n', '# a\n```mermaid\n```\n', '\n', ' ', '(', 'monitoring ', '## Monitoring\n', 'TODO ', '- ', '| a ', '> ']);
    const times = Math.min(rng.skewed(50000), Math.floor(maxLen / phrase.length));
    return insertAtChar(rng, text, phrase.repeat(times));
  },
  directives: (rng, text) => {
    let out = text;
    const n = rng.skewed(20);
    for (let i = 0; i < n; i++) {
      const kind = rng.pick(['disable', 'enable', 'disable-next-line', 'disable-line', 'disable-file', 'disablex', 'DISABLE']);
      const ids = Array.from({ length: rng.int(0, 3) }, () => rng.pick(['monitoring.drift', '*.section', 'consistency.*', 'all', 'monitoring', '***', 'a*b*c', '*'.repeat(rng.skewed(40)) + 'q', '[', '(', '\\', '$', '']));
      const close = rng.pick([' -->', '-->', ' ->', '', ' --!>', ' >']);
      out = insertAtLine(rng, out, `<!--${rng.pick([' ', '', '\n'])}mlsd-${kind} ${ids.join(rng.pick([' ', ',', ', ']))}${close}`);
    }
    return out;
  },
  html: (rng, text) => insertAtLine(rng, text, rng.pick(['<div>', '</div>', '<!--', '-->', '<script>alert(1)</script>', '<details><summary>x</summary>', '<?php', '<![CDATA[', '<!X', '<pre>', '<textarea>', '<style>'])),
  mermaidBig: (rng, text, _s, maxLen) => {
    const n = Math.min(rng.skewed(100000), maxLen);
    let body = '';
    while (body.length < n) body += rng.pick(MERMAID) + '\n' + `N${body.length}-->N${body.length + 1}\n`;
    return insertAtLine(rng, text, '```mermaid\n' + body + (rng.chance(0.8) ? '```' : ''));
  },
  inlinePathological: (rng, text, _s, maxLen) => {
    const gen = rng.pick(INLINE_PATHOLOGICAL);
    const piece = gen(Math.min(rng.skewed(20000), Math.floor(maxLen / 8)));
    return insertAtLine(rng, text, rng.chance(0.5) ? `## ${piece}` : piece);
  },
  longLine: (rng, text, _s, maxLen) => insertAtLine(rng, text, rng.pick(['x', ' ', 'a ', '9', '#', '-', '|', '\t', 'ab ']).repeat(Math.min(rng.skewed(200000), maxLen))),
  numbers: (rng, text) => {
    let out = text;
    const n = rng.skewed(30);
    for (let i = 0; i < n; i++) out = insertAtChar(rng, out, rng.pick(['50 ms', '0.2 s', '30毫秒', '7B parameters', '1e308', '9'.repeat(rng.skewed(400)), '1.2.3.4ms', '10k', '3亿', '-0', 'NaN ms']));
    return out;
  },
  whitespace: (rng) => rng.pick(['', ' ', '\n', '\r\n', '\ufeff', '\ufeff---\n', '---', '---\n', '---\n---', '\t\t\n', '#', '# ', '```', '<!--', '\u0000']),
};

/** A document built from scratch: random blocks of Markdown syntax, headings and words. */
export function randomDocument(rng: Rng, maxLen: number): string {
  const parts: string[] = [];
  const n = rng.skewed(200);
  let size = 0;
  for (let i = 0; i < n && size < maxLen; i++) {
    const kind = rng.int(0, 9);
    let block: string;
    if (kind <= 2) block = randomHeading(rng);
    else if (kind <= 5) block = randomWords(rng, rng.skewed(80));
    else if (kind === 6) block = `- ${randomWords(rng, 5)}\n  - ${randomWords(rng, 5)}`;
    else if (kind === 7) block = '```' + rng.pick(['mermaid', '']) + '\n' + rng.pick(MERMAID) + '\n```';
    else if (kind === 8) block = `| ${randomWords(rng, 2)} | ${randomWords(rng, 2)} |\n|---|---|\n| ${randomWords(rng, 3)} | x |`;
    else block = rng.pick(SCRIPTS) + ' ' + rng.pick(CONTROL);
    parts.push(block);
    size += block.length;
  }
  return parts.join(rng.pick(['\n\n', '\n', '\r\n\r\n']));
}

const RULE_IDS = ['monitoring.drift', 'business.section', 'consistency.*', '*.section', 'document.size', 'document.frontmatter', 'structure.order', 'all', 'monitoring', '*', 'prompt.*'];
const SEVERITIES = ['off', 'hint', 'info', 'warning', 'error'];
const STEPS = ['business', 'data', 'modeling', 'architecture', 'mlops', 'monitoring', 'governance'];

function randomConfig(rng: Rng): FuzzConfig {
  const config: FuzzConfig = {};
  if (rng.chance(0.3)) config.maxFileSizeKB = rng.pick([1, 2, 4, 16, 64, 0.5, 2048]);
  if (rng.chance(0.3)) {
    config.rules = {};
    for (let i = rng.int(1, 4); i > 0; i--) config.rules[rng.pick(RULE_IDS)] = rng.pick(SEVERITIES);
  }
  if (rng.chance(0.2)) config.disabledSteps = STEPS.filter(() => rng.chance(0.3));
  if (rng.chance(0.3)) config.level = rng.pick(['senior', 'staff'] as const);
  return config;
}

/** Generates one case. `maxLen` bounds the size of the answer (in UTF-16 code units, roughly). */
export function generateCase(rng: Rng, seeds: string[], maxLen: number): FuzzCase {
  const recipe: string[] = [];
  let text: string;
  if (rng.chance(0.15)) {
    text = randomDocument(rng, maxLen);
    recipe.push('random');
  } else {
    text = rng.pick(seeds);
    recipe.push('seed');
  }
  const names = Object.keys(MUTATORS);
  const steps = rng.skewed(6);
  for (let i = 0; i < steps; i++) {
    const name = rng.pick(names);
    text = MUTATORS[name](rng, text, seeds, maxLen);
    if (text.length > maxLen) text = text.slice(0, maxLen);
    recipe.push(name);
  }
  const c: FuzzCase = { text, config: randomConfig(rng), recipe };
  if (rng.chance(0.1)) {
    // Raw bytes for the CLI: invalid UTF-8 sequences, a BOM, or UTF-16.
    const bytes = Buffer.from(text, rng.chance(0.1) ? 'utf16le' : 'utf8');
    const n = rng.skewed(30);
    for (let i = 0; i < n && bytes.length > 0; i++) bytes[rng.int(0, bytes.length - 1)] = rng.pick([0xff, 0xfe, 0xc0, 0x80, 0xed, 0xf4, 0xe2]);
    c.bytes = rng.chance(0.3) ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]) : bytes;
    recipe.push('rawBytes');
  }
  if (rng.chance(0.1)) {
    c.mlsdYaml = rng.pick(NASTY_YAML);
    recipe.push('mlsdYaml');
  }
  return c;
}
