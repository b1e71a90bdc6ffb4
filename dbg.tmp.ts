import * as fs from 'node:fs'; import * as path from 'node:path';
import { parse as parseYaml } from '/work/main/node_modules/yaml';
import { analyze, parse } from '/work/main/server/src/engine';
import { EvidenceIndex } from '/work/main/server/src/engine/evidence';
import { testEngine } from '/work/main/test/helpers/engine';
const engine = testEngine(); const id = process.argv[2]; const show = process.argv[3];
const check = engine.compiled.checks.find(c => c.def.id === id)!;
const cons = engine.compiled.consistency.get(id);
const m = engine.compiled.matcher;
for (const dir of ['test/corpus', 'test/corpus-holdout']) for (const f of fs.readdirSync(dir).filter(f => f.endsWith('.mlsd.md'))) {
  const e = parseYaml(fs.readFileSync(path.join(dir, f.replace('.mlsd.md','.expect.yaml')),'utf8')) ?? {};
  const text = fs.readFileSync(path.join(dir,f),'utf8');
  const fired = analyze(engine, text).diagnostics.some(d => d.rule === id);
  const exp = (e.fire ?? []).includes(id) ? 'FIRE' : (e.dontCare ?? []).includes(id) ? 'dc' : 'quiet';
  const doc = parse(engine, text); const ev = new EvidenceIndex(doc, engine.compiled);
  let info = '';
  if (check) {
    const st = ev.step(check.def.step), d = ev.document();
    info = check.groups.map(g => `[${g.label}] step:{${g.terms.filter(t => st.has(t)).map(t => m.termText(t)).join('|')}} doc:{${g.terms.filter(t => d.has(t) && !st.has(t)).map(t => m.termText(t)).join('|')}}`).join(' ');
  } else if (cons) {
    const d = ev.document();
    info = Object.entries(cons.sets).map(([k, ts]) => `${k}:{${ts.filter(t => d.has(t)).map(t => m.termText(t)).join('|')}}`).join(' ');
  }
  const bad = (exp === 'FIRE') !== fired && exp !== 'dc';
  if (show === 'all' || bad || (show === 'fire' && exp === 'FIRE')) console.log(`${bad ? '!!' : '  '} ${exp.padEnd(5)} fired=${fired ? 'Y' : 'n'} ${dir.slice(5)}/${f}  ${info}`);
}
