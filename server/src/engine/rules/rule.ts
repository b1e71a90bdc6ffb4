/** The contract every rule module implements. */
import { CompiledContent } from '../content';
import { EngineConfig } from '../config';
import { EvidenceIndex } from '../evidence';
import { AnswerDocument, Heading } from '../parse';
import { DiagnosticData, Range, Severity, StepId } from '../types';

/** Public metadata of one rule id. */
export interface RuleMeta {
  id: string;
  severity: Severity;
  description: string;
  /** What satisfies the rule (for docs). */
  satisfiedBy: string;
  example?: string;
  step?: StepId;
}

/** What a rule sees while it runs. */
export interface RuleContext {
  doc: AnswerDocument;
  compiled: CompiledContent;
  config: EngineConfig;
  evidence: EvidenceIndex;
  /** Steps whose section is missing or empty (their content checks stay quiet), computed once per analysis. */
  absentSteps: Map<StepId, 'missing' | 'empty'>;
  /** Reports a finding; severity defaults to the rule's own and is then adjusted by configuration. */
  report(rule: string, severity: Severity, message: string, range: Range, data?: DiagnosticData): void;
}

/** A rule module: metadata for each id it owns and a run function. */
export interface RuleModule {
  name: string;
  meta(compiled: CompiledContent): RuleMeta[];
  run(ctx: RuleContext): void;
}

/** Range covering a heading's line. */
export function headingRange(doc: AnswerDocument, heading: Heading): Range {
  return lineRange(doc, heading.line);
}

/** Range covering the text of one line (at least one character wide when the line is empty). */
export function lineRange(doc: AnswerDocument, line: number): Range {
  const safe = Math.max(0, Math.min(line, doc.lineCount - 1));
  return { start: { line: safe, character: 0 }, end: { line: safe, character: Math.max(doc.lineLengths[safe] ?? 0, 0) } };
}

/** First heading of a step's sections, if any. */
export function stepHeading(doc: AnswerDocument, step: StepId): Heading | undefined {
  return doc.sections.find((s) => s.steps.includes(step))?.heading;
}

/** Where a diagnostic about a step belongs: its heading, else the answer's first heading, else line 0. */
export function anchorForStep(doc: AnswerDocument, step: StepId): Range {
  const heading = stepHeading(doc, step) ?? doc.headings[0];
  return heading ? headingRange(doc, heading) : lineRange(doc, 0);
}
