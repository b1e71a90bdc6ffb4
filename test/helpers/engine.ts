/** Shared test helpers: one engine over the repository's content/ folder. */
import * as path from 'node:path';
import { analyze, compileContent, createEngine, DEFAULT_CONFIG, Engine, EngineConfig, loadContentFromDirectory, mergeConfig } from '../../server/src/engine';

export const ROOT = path.resolve(__dirname, '..', '..');

let engine: Engine | undefined;

/** The engine built from content/ (validated: throws on content problems). */
export function testEngine(): Engine {
  if (!engine) {
    const { content, problems } = loadContentFromDirectory(process.env.MLSD_TEST_CONTENT ?? path.join(ROOT, 'content'));
    if (problems.length > 0) throw new Error(problems.map((p) => `${p.file}:${p.line + 1}: ${p.message}`).join('\n'));
    engine = createEngine(compileContent(content));
  }
  return engine;
}

/** Rule ids reported for an answer. */
export function rulesOf(text: string, config: Partial<EngineConfig> = {}): string[] {
  return analyze(testEngine(), text, mergeConfig(DEFAULT_CONFIG, config)).diagnostics.map((d) => d.rule);
}

/** Builds an answer from step headings and bodies. */
export function answer(sections: [string, string][], frontmatter?: string): string {
  const fm = frontmatter ? `---\n${frontmatter}\n---\n` : '';
  return fm + sections.map(([h, body]) => `${h}\n\n${body}\n`).join('\n');
}
