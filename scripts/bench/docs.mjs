// The benchmark's documents: fixed sizes and seeds, so every run (and every process) sees the same text.
import { generateAnswer } from './gen.mjs';

export const DOCS = [
  { id: '5k', label: '5 KB', bytes: 5_000, seed: 5 },
  { id: '50k', label: '50 KB', bytes: 50_000, seed: 50 },
  { id: '500k', label: '500 KB', bytes: 500_000, seed: 500 },
  { id: '5m', label: '5 MB', bytes: 5_000_000, seed: 5000 },
];

const cache = new Map();

/** The generated answer for a document id ('5k', '50k', '500k', '5m'). */
export function documentFor(id) {
  let text = cache.get(id);
  if (text === undefined) {
    const doc = DOCS.find((d) => d.id === id);
    if (!doc) throw new Error(`unknown document ${id}`);
    text = generateAnswer(doc.bytes, doc.seed);
    cache.set(id, text);
  }
  return text;
}

/** `count` distinct answers of about `bytes` each; every fifth has Chinese step headings. */
export function answerSet(count, bytes) {
  return Array.from({ length: count }, (_, i) => generateAnswer(bytes, 10_000 + i, { zhHeadings: i % 5 === 4 }));
}
