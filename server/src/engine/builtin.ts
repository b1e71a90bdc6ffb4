/**
 * Finds the built-in content: `content.json` beside the bundle (what ships) or the `content/` YAML folder of a
 * source checkout (tests and development).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadContentFromDirectory } from './content';
import { ContentBundle } from './types';

let cached: ContentBundle | undefined;

/** Loads the built-in content once per process. */
export function loadBuiltinContent(startDir: string = __dirname): ContentBundle {
  if (cached) return cached;
  for (let dir = startDir, i = 0; i < 6; i++, dir = path.dirname(dir)) {
    const json = path.join(dir, 'content.json');
    if (fs.existsSync(json)) {
      cached = JSON.parse(fs.readFileSync(json, 'utf8')) as ContentBundle;
      return cached;
    }
    const yamlDir = path.join(dir, 'content');
    if (fs.existsSync(path.join(yamlDir, 'template.yaml'))) {
      const { content, problems } = loadContentFromDirectory(yamlDir);
      if (problems.length > 0) {
        throw new Error(`built-in content is invalid:\n${problems.map((p) => `${p.file}:${p.line + 1}: ${p.message}`).join('\n')}`);
      }
      cached = content;
      return cached;
    }
  }
  throw new Error(`MLSD Studio content not found near ${startDir}`);
}
