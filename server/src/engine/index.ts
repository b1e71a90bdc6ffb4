/** Public surface of the analysis engine (shared by the language server and the CLI; never imports `vscode`). */
export * from './types';
export * from './analyze';
export * from './config';
export * from './content';
export * from './parse';
export { allRuleMeta, ruleDocsUrl, RULE_DOCS_URL } from './rules';
export type { RuleMeta } from './rules/rule';
export { normalize } from './text';
export { TermMatcher } from './termMatcher';
export { parseYamlSafely } from './safeYaml';
export * from './builtin';
export * from './workspace';
export { HeadingClassifier } from './headings';
export { renderRulesDoc } from './rulesDoc';
