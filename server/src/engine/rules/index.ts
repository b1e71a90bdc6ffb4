/** The ordered rule registry: diagnostics are produced in this order and documented in this order. */
import { CompiledContent } from '../content';
import { consistencyRule } from './consistency';
import { contentCheckRule } from './contentChecks';
import { diagramRule } from './diagram';
import { documentRule } from './document';
import { promptRule } from './prompt';
import { RuleMeta, RuleModule } from './rule';
import { sectionRule } from './sections';
import { structureRule } from './structure';

/** Every rule module, in order. */
export const RULES: readonly RuleModule[] = [documentRule, sectionRule, structureRule, contentCheckRule, diagramRule, consistencyRule, promptRule];

/** Metadata of every rule id, in registry order. */
export function allRuleMeta(compiled: CompiledContent): RuleMeta[] {
  return RULES.flatMap((rule) => rule.meta(compiled));
}

/** Base URL of the rule reference; each rule links to its own anchor. */
export const RULE_DOCS_URL = 'https://github.com/mlsd-studio/mlsd-studio/blob/main/docs/rules.md';

/** Documentation link of a rule id. */
export function ruleDocsUrl(id: string): string {
  const family = id.startsWith('prompt.') && id !== 'prompt.unknown' ? 'prompt-rubrics' : id.replace(/[^a-z0-9-]/g, '');
  return `${RULE_DOCS_URL}#${family}`;
}
