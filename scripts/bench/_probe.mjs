import { lint } from 'markdownlint/sync';
import { loadEngine } from './engine.mjs';
import { documentFor } from './docs.mjs';
import { generateAnswer } from './gen.mjs';
import { median } from './stats.mjs';
const { mod, engine, config } = await loadEngine();
const t50 = documentFor('50k'); const t11 = generateAnswer(50000, 11);
const time = (fn) => { const t0 = performance.now(); fn(); return performance.now() - t0; };
for (const [name, t] of [['seed50', t50], ['seed11', t11]]) {
  for (let i = 0; i < 10; i++) mod.analyze(engine, t, config);
  const a = []; for (let i = 0; i < 40; i++) a.push(time(() => mod.analyze(engine, t, config)));
  console.log(name, 'engine alone', median(a).toFixed(2));
}
const a = [], b = [], c = [];
for (let i = 0; i < 15; i++) { lint({ strings: { x: t50 } }); a.push(time(() => mod.analyze(engine, t50, config))); }
for (let i = 0; i < 15; i++) { lint({ strings: { x: t50 } }); globalThis.gc(); b.push(time(() => mod.analyze(engine, t50, config))); c.push(time(() => lint({ strings: { x: t50 } }))); }
console.log('after mdl', median(a).toFixed(2), 'after mdl+gc', median(b).toFixed(2), 'mdl', median(c).toFixed(2));
