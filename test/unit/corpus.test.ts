/**
 * Quality on the labelled corpus (test/corpus): every answer lists the ids that must fire; every other scored id
 * must stay quiet. Precision and recall over all answers must both reach 0.95.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { allRuleMeta, analyze } from '../../server/src/engine';
import { ROOT, testEngine } from '../helpers/engine';

const CORPUS = path.join(ROOT, 'test/corpus');
const UNSCORED = (id: string): boolean => id.startsWith('prompt.') || id === 'structure.misplaced' || id.startsWith('document.');

interface Expectation {
  description?: string;
  fire?: string[];
  dontCare?: string[];
}

/** Scores the corpus; exported so the benchmark and notes can print the same figures. */
export function scoreCorpus(): { tp: number; fp: number; fn: number; files: number; misses: string[] } {
  const engine = testEngine();
  const scored = allRuleMeta(engine.compiled).map((m) => m.id).filter((id) => !UNSCORED(id));
  let tp = 0;
  let fp = 0;
  let fn = 0;
  const misses: string[] = [];
  const files = fs.readdirSync(CORPUS).filter((f) => f.endsWith('.mlsd.md')).sort();
  for (const file of files) {
    const expectFile = path.join(CORPUS, file.replace(/\.mlsd\.md$/, '.expect.yaml'));
    const expected = (parseYaml(fs.readFileSync(expectFile, 'utf8')) ?? {}) as Expectation;
    const fire = new Set(expected.fire ?? []);
    const dontCare = new Set(expected.dontCare ?? []);
    for (const id of fire) assert.ok(scored.includes(id), `${file}: unknown id ${id} in fire`);
    const fired = new Set(analyze(engine, fs.readFileSync(path.join(CORPUS, file), 'utf8')).diagnostics.map((d) => d.rule));
    for (const id of scored) {
      if (dontCare.has(id)) continue;
      const should = fire.has(id);
      const did = fired.has(id);
      if (should && did) tp++;
      else if (did) {
        fp++;
        misses.push(`${file}: false alarm ${id}`);
      } else if (should) {
        fn++;
        misses.push(`${file}: missed ${id}`);
      }
    }
  }
  return { tp, fp, fn, files: files.length, misses };
}

test('precision and recall on the labelled corpus are both ≥ 0.95', () => {
  const { tp, fp, fn, files, misses } = scoreCorpus();
  const precision = tp / Math.max(1, tp + fp);
  const recall = tp / Math.max(1, tp + fn);
  console.log(`corpus: ${files} answers, TP ${tp}, FP ${fp}, FN ${fn}, precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}`);
  assert.ok(files >= 30, `corpus has ${files} answers; need at least 30`);
  assert.ok(precision >= 0.95 && recall >= 0.95, `precision ${precision.toFixed(3)} recall ${recall.toFixed(3)}\n${misses.join('\n')}`);
});
