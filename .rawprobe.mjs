import { parseDocument } from 'yaml';
const n = Number(process.argv[2] ?? 5000);
const pe = process.argv[3] === 'pe';
const v = process.argv[4];
const deep = '['.repeat(n) + '1' + ']'.repeat(n);
const t = v === 'plain' ? deep : v === 'multidoc' ? "a: it's\n---\n" + deep : v === 'blockseq' ? "a: it's\nb:\n  - " + deep : "a: it's\nb: " + deep;
for (let i = 0; i < 20; i++) { try { const d = parseDocument(t, {prettyErrors: pe, uniqueKeys: true}); if (i===0) console.log(d.errors.map(e=>e.message.slice(0,60))); d.toJS({maxAliasCount: 50}); } catch (e) { if (i===0) console.log(String(e).slice(0,100)); } }
console.log('survived');
