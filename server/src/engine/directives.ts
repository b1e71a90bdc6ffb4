/** Inline control comments: which findings the author switched off, and where. */
import { ruleMatches } from './config';
import { Directive } from './parse';

/** True when the directives switch `rule` off at `line`. */
export function isSuppressed(directives: Directive[], rule: string, line: number): boolean {
  const names = (d: Directive): boolean => d.rules.length === 0 || d.rules.some((r) => ruleMatches(r, rule));
  let disabled = false;
  for (const d of directives) {
    if (d.kind === 'disable-file' && names(d)) return true;
    if (d.kind === 'disable-line' && d.line === line && names(d)) return true;
    if (d.kind === 'disable-next-line' && d.line === line - 1 && names(d)) return true;
    if (d.line > line) continue;
    if (d.kind === 'disable' && names(d)) disabled = true;
    else if (d.kind === 'enable' && names(d)) disabled = false;
  }
  return disabled;
}
