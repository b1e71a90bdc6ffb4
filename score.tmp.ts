import * as fs from 'node:fs'; import * as path from 'node:path';
import { parse as parseYaml } from '/work/main/node_modules/yaml';
import { allRuleMeta, analyze } from '/work/main/server/src/engine';
import { testEngine } from '/work/main/test/helpers/engine';
const engine = testEngine(); const U = (id: string) => id.startsWith('prompt.') || id === 'structure.misplaced' || id.startsWith('document.');
const scored = allRuleMeta(engine.compiled).map(m => m.id).filter(id => !U(id)); let tp=0, fp=0, fn=0;
for (const dir of ['test/corpus', 'test/corpus-holdout']) for (const f of fs.readdirSync(dir).filter(f => f.endsWith('.mlsd.md'))) {
  const e = parseYaml(fs.readFileSync(path.join(dir, f.replace('.mlsd.md','.expect.yaml')),'utf8')) ?? {}; const fire = new Set(e.fire ?? []), dc = new Set(e.dontCare ?? []);
  const fired = new Set(analyze(engine, fs.readFileSync(path.join(dir,f),'utf8')).diagnostics.map(d => d.rule));
  for (const id of scored) { if (dc.has(id)) continue; const s = fire.has(id), d = fired.has(id); if (s && d) tp++; else if (d) { fp++; console.log(dir, f, 'FALSE ALARM', id); } else if (s) { fn++; console.log(dir, f, 'MISSED', id); } } }
console.log(`TP ${tp} FP ${fp} FN ${fn} precision ${(tp/(tp+fp)).toFixed(3)} recall ${(tp/(tp+fn)).toFixed(3)}`);
