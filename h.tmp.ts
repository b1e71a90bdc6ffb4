import { normalize, TermMatcher } from '/work/main/server/src/engine';
import { isNegated } from '/work/main/server/src/engine/termMatcher';
const [text, ...terms] = process.argv.slice(2);
const m = new TermMatcher(); for (const t of terms) m.add(t); m.build();
const n = normalize(text).text; console.log(JSON.stringify(n));
const hits: any[] = []; m.scan(n, h => hits.push(h));
for (const h of hits) console.log(m.termText(h.term), h.start, isNegated(n, h, hits) ? 'NEGATED' : 'ok');
