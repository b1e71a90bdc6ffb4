/** `document.frontmatter` and `document.size`: problems with the answer file itself. */
import { lineRange, RuleModule } from './rule';

export const documentRule: RuleModule = {
  name: 'document',
  meta: () => [
    {
      id: 'document.frontmatter',
      severity: 'warning',
      description: 'The YAML frontmatter parses and its known keys have valid values.',
      satisfiedBy: 'A closed `---` block with `prompt:` (a prompt id), `level:` (senior or staff) and `timebox:` (minutes); other keys are allowed.',
      example: '---\nprompt: fraud-detection\nlevel: senior\ntimebox: 45\n---',
    },
    {
      id: 'document.internal',
      severity: 'hint',
      description: 'A group of checks could not run on this answer because of an internal error (the other checks still run).',
      satisfiedBy: 'Nothing to do in the answer; the message asks you to report the problem.',
    },
    {
      id: 'document.size',
      severity: 'info',
      description: 'The answer is small enough to analyse in full.',
      satisfiedBy: 'An answer under the `maxFileSizeKB` limit (default 2048 KB); larger answers are analysed up to the limit.',
    },
  ],
  run(ctx) {
    const fm = ctx.doc.frontmatter;
    if (!fm) return;
    for (const problem of fm.problems) {
      ctx.report('document.frontmatter', 'warning', `Frontmatter: ${problem.message} — fix the YAML between the --- lines.`, lineRange(ctx.doc, problem.line));
    }
    const data = fm.data;
    const lineOfKey = (key: string): number => {
      const lines = ctx.doc.text.split('\n', fm.endLine + 1);
      for (let l = fm.startLine; l < Math.min(fm.endLine, lines.length); l++) if (lines[l].trimStart().startsWith(`${key}:`)) return l;
      return fm.startLine;
    };
    if (data.level !== undefined && data.level !== 'senior' && data.level !== 'staff') {
      ctx.report('document.frontmatter', 'warning', `Frontmatter: level is ${JSON.stringify(data.level)} — use senior or staff.`, lineRange(ctx.doc, lineOfKey('level')));
    }
    if (data.timebox !== undefined && !(typeof data.timebox === 'number' && data.timebox > 0 && data.timebox <= 600)) {
      ctx.report('document.frontmatter', 'warning', `Frontmatter: timebox is ${JSON.stringify(data.timebox)} — give the interview length in minutes, e.g. 45.`, lineRange(ctx.doc, lineOfKey('timebox')));
    }
    if (data.prompt !== undefined && typeof data.prompt !== 'string') {
      ctx.report('document.frontmatter', 'warning', 'Frontmatter: prompt must be a prompt id such as fraud-detection.', lineRange(ctx.doc, lineOfKey('prompt')));
    }
  },
};
