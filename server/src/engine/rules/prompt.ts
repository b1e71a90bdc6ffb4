/** `prompt.<id>.<point>`: an answer whose frontmatter names a practice prompt is held to that prompt's key points. */
import { unmetGroups } from '../evidence';
import { lineRange, RuleContext, RuleModule, stepHeading, headingRange } from './rule';

function promptLine(ctx: RuleContext): number {
  const fm = ctx.doc.frontmatter;
  if (!fm) return 0;
  // Split once: splitting the text again for every frontmatter line is quadratic.
  const lines = ctx.doc.text.split('\n', fm.endLine);
  for (let line = fm.startLine; line < fm.endLine; line++) {
    if (/^\s*prompt\s*:/.test(lines[line] ?? '')) return line;
  }
  return fm.startLine;
}

export const promptRule: RuleModule = {
  name: 'prompt-rubric',
  meta: (compiled) => [
    {
      id: 'prompt.unknown',
      severity: 'warning',
      description: 'The frontmatter `prompt:` names a known practice prompt.',
      satisfiedBy: `One of: ${[...compiled.prompts.keys()].join(', ')}.`,
      example: 'prompt: fraud-detection',
    },
    ...[...compiled.prompts.values()].flatMap(({ def }) =>
      def.points.map((p) => ({
        id: `prompt.${def.id}.${p.id}`,
        severity: 'info' as const,
        step: p.step,
        description: `${def.title}: ${p.title}.`,
        satisfiedBy: p.evidence.map((g) => `${g.label} (${g.terms.slice(0, 6).join(', ')}…)`).join('; and '),
      })),
    ),
  ],
  run(ctx) {
    const id = ctx.doc.frontmatter?.data.prompt;
    if (id === undefined || id === null || id === '') return;
    const prompt = typeof id === 'string' ? ctx.compiled.prompts.get(id) : undefined;
    if (!prompt) {
      const known = [...ctx.compiled.prompts.keys()].join(', ');
      ctx.report('prompt.unknown', 'warning', `Unknown prompt "${typeof id === 'object' ? JSON.stringify(id) : String(id)}" — use one of: ${known}.`, lineRange(ctx.doc, promptLine(ctx)));
      return;
    }
    for (const point of prompt.points) {
      if (unmetGroups(ctx.evidence.document(), point.groups).length === 0) continue;
      const heading = stepHeading(ctx.doc, point.def.step);
      const range = heading ? headingRange(ctx.doc, heading) : lineRange(ctx.doc, promptLine(ctx));
      ctx.report(`prompt.${prompt.def.id}.${point.def.id}`, 'info', point.def.message, range, { step: point.def.step });
    }
  },
};
