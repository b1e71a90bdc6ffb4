/** Renders docs/rules.md from the rule registry, so the reference can never drift from the code. */
import { CompiledContent } from './content';
import { allRuleMeta } from './rules';
import { RuleMeta } from './rules/rule';

function anchorHeading(id: string): string {
  return `### \`${id}\``;
}

function section(meta: RuleMeta): string {
  const lines = [anchorHeading(meta.id), '', `Default severity: **${meta.severity}**${meta.step ? ` · step: \`${meta.step}\`` : ''}`, '', meta.description, '', `Satisfied by: ${meta.satisfiedBy}`];
  if (meta.example) lines.push('', 'Example:', '', '```markdown', meta.example, '```');
  return lines.join('\n');
}

/** The full Markdown of docs/rules.md. */
export function renderRulesDoc(compiled: CompiledContent): string {
  const all = allRuleMeta(compiled);
  const promptRules = all.filter((m) => m.id.startsWith('prompt.') && m.id !== 'prompt.unknown');
  const others = all.filter((m) => !promptRules.includes(m));
  const out = [
    '# MLSD Studio rules',
    '',
    '<!-- Generated from the rule registry by `npm run docs`; a test fails when this file is out of date. -->',
    '',
    `${others.length} rules plus ${promptRules.length} prompt key points. Set any rule's severity in \`.mlsd.yaml\` or the`,
    '`mlsd.rules` setting (`off`, `hint`, `info`, `warning`, `error`), or switch it off inline with',
    '`<!-- mlsd-disable-next-line RULE -->`.',
    '',
    '| Rule | Severity | What it checks |',
    '| --- | --- | --- |',
    ...others.map((m) => `| [\`${m.id}\`](#${m.id.replace(/[^a-z0-9-]/g, '')}) | ${m.severity} | ${m.description.split(' — ')[0].replace(/\|/g, '\\|')} |`),
    '',
    ...others.map(section).flatMap((s) => [s, '']),
    '## Prompt rubrics',
    '',
    'When the frontmatter says `prompt: <id>`, each key point of that prompt becomes an `info` finding `prompt.<id>.<point>` when the answer misses it.',
    '',
    '| Rule | Key point | Satisfied by |',
    '| --- | --- | --- |',
    ...promptRules.map((m) => `| \`${m.id}\` | ${m.description.replace(/\|/g, '\\|')} | ${m.satisfiedBy.replace(/\|/g, '\\|')} |`),
    '',
  ];
  return out.join('\n');
}
