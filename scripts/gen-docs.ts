// Writes docs/rules.md from the rule registry: `npm run docs`.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { compileContent, loadContentFromDirectory, renderRulesDoc } from '../server/src/engine';

const root = path.resolve(__dirname, '..');
const { content, problems } = loadContentFromDirectory(path.join(root, 'content'));
if (problems.length > 0) throw new Error(problems.map((p) => `${p.file}:${p.line + 1}: ${p.message}`).join('\n'));
fs.mkdirSync(path.join(root, 'docs'), { recursive: true });
fs.writeFileSync(path.join(root, 'docs/rules.md'), renderRulesDoc(compileContent(content)));
console.log('wrote docs/rules.md');
