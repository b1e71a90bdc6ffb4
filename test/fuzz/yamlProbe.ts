/**
 * Run as a child process by test/unit/robustness-yaml.test.ts: feeds deeply nested and alias-bomb YAML through
 * every YAML entry point (parseYamlSafely, .mlsd.yaml, answer frontmatter, team template) many times over. yaml
 * 2.9.1 on Node 20 can abort the whole process on such input, which no try/catch stops, so the test runs this in
 * its own process and only reads the JSON summary printed at the end (exit 0 = survived).
 *
 *   node --import tsx test/fuzz/yamlProbe.ts [repeats]
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyze, ConfigResolver, DEFAULT_CONFIG, loadBuiltinContent, parseConfigText, parseYamlSafely } from '../../server/src/engine';
import { testEngine } from '../helpers/engine';

/** Nested YAML generators, including shapes that fool a quote-tracking character scan. */
export const NESTED: Record<string, (n: number) => string> = {
  flowSeq: (n) => '['.repeat(n) + '1' + ']'.repeat(n),
  flowMap: (n) => '{a: '.repeat(n) + '1' + '}'.repeat(n),
  apostropheBefore: (n) => "a: it's\nb: " + '['.repeat(n) + '1' + ']'.repeat(n),
  apostropheMultiDoc: (n) => "a: it's\n---\n" + '['.repeat(n) + '1' + ']'.repeat(n),
  quoteBefore: (n) => 'a: 5"\nb: ' + '{a: '.repeat(n) + '1' + '}'.repeat(n),
  hashBefore: (n) => 'b: [a#' + '['.repeat(n) + '1' + ']'.repeat(n) + ']',
  closersInString: (n) => `a: "${']'.repeat(n)}"\nb: ` + '['.repeat(n) + '1' + ']'.repeat(n),
  explicitKeys: (n) => '? '.repeat(n) + 'x',
  blockSeq: (n) => '- '.repeat(n) + 'x',
};

/** A "billion laughs" document: each level references the previous one nine times. */
export function billionLaughs(levels = 9): string {
  const lines = ['a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
  for (let i = 1; i < levels; i++) lines.push(`a${i}: &a${i} [${Array.from({ length: 9 }, () => `*a${i - 1}`).join(', ')}]`);
  return lines.join('\n') + '\n';
}

/** What one probe (a YAML shape through one entry point) gave. */
export interface Outcome {
  case: string;
  entry: string;
  n: number;
  ms: number;
  message: string;
}

function main(): void {
  const repeats = Number(process.argv[2] ?? 20);
  const engine = testEngine();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlsd-yaml-'));
  const outcomes: Outcome[] = [];
  const time = (name: string, entry: string, n: number, fn: () => string): void => {
    let message = '';
    const t0 = performance.now();
    for (let i = 0; i < repeats; i++) message = fn();
    outcomes.push({ case: name, entry, n, ms: (performance.now() - t0) / repeats, message });
  };
  try {
    for (const [name, gen] of Object.entries(NESTED)) {
      for (const n of [1000, 5000, 100000]) {
        const yaml = gen(n);
        time(name, 'parseYamlSafely', n, () => parseYamlSafely(yaml).problems[0]?.message ?? 'accepted');
        time(name, '.mlsd.yaml', n, () => parseConfigText(yaml).problems[0]?.message ?? 'accepted');
        if (n <= 5000) {
          // Frontmatter: a `--- ` line inside would close the block, so the multi-document shape uses `--- [[[`.
          const fm = yaml.replace(/\n---\n/, '\n--- ');
          time(name, 'frontmatter', n, () => {
            const result = analyze(engine, `---\n${fm}\n---\n# Answer\n\n## Monitoring\n\nPSI drift on the top features.\n`, DEFAULT_CONFIG);
            return result.diagnostics.find((d) => d.rule === 'document.frontmatter')?.message ?? 'accepted';
          });
        }
        // A team template named by .mlsd.yaml, resolved as the server and the CLI do (cache invalidated each time).
        const project = path.join(dir, `${name}-${n}`);
        fs.mkdirSync(project, { recursive: true });
        fs.writeFileSync(path.join(project, '.mlsd.yaml'), 'template: ./team.yaml\n');
        fs.writeFileSync(path.join(project, 'team.yaml'), yaml);
        const resolver = new ConfigResolver(loadBuiltinContent());
        time(name, 'team template', n, () => {
          resolver.invalidate();
          return resolver.resolve(path.join(project, 'a.mlsd.md')).problems[0]?.message ?? 'accepted';
        });
      }
    }
    const bomb = billionLaughs();
    const heapBefore = process.memoryUsage().heapUsed;
    time('billionLaughs', 'parseYamlSafely', 9, () => parseYamlSafely(bomb).problems[0]?.message ?? 'accepted');
    time('billionLaughs', '.mlsd.yaml', 9, () => parseConfigText(bomb).problems[0]?.message ?? 'accepted');
    time('billionLaughs', 'frontmatter', 9, () => {
      const result = analyze(engine, `---\n${bomb}---\n# A\n`, DEFAULT_CONFIG);
      return result.diagnostics.find((d) => d.rule === 'document.frontmatter')?.message ?? 'accepted';
    });
    const heapGrowthMB = (process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024;
    process.stdout.write(JSON.stringify({ outcomes, heapGrowthMB }) + '\n');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) main();
