/**
 * The engine's entry point: parse an answer, run the rule registry, apply configuration and inline control, and
 * compute coverage. Pure: the same text, content and config always give the same result.
 */
import { CompiledContent } from './content';
import { EngineConfig, DEFAULT_CONFIG, severityFor } from './config';
import { isSuppressed } from './directives';
import { EvidenceIndex } from './evidence';
import { HeadingClassifier } from './headings';
import { AnswerDocument, parseAnswer } from './parse';
import { RULES } from './rules';
import { inferSectionSteps } from './sectionInference';
import { findAbsentSteps } from './rules/sections';
import { RuleContext } from './rules/rule';
import { computeCoverage } from './coverage';
import { AnalysisResult, EngineDiagnostic, Severity } from './types';

/** Compiled content plus its heading classifier: build once, analyse many answers. */
export interface Engine {
  compiled: CompiledContent;
  classifier: HeadingClassifier;
}

/** Prepares an engine for a content bundle. */
export function createEngine(compiled: CompiledContent): Engine {
  return { compiled, classifier: new HeadingClassifier(compiled.content.template) };
}

/** Parses an answer with the engine's template; sections whose headings name no step get one from their content. */
export function parse(engine: Engine, text: string): AnswerDocument {
  const doc = parseAnswer(text, engine.classifier);
  inferSectionSteps(doc, engine.compiled, engine.classifier);
  return doc;
}

const SIZE_RULE = 'document.size';

/** Analyses an answer: diagnostics in registry order (then by line) and coverage. */
export function analyze(engine: Engine, text: string, config: EngineConfig = DEFAULT_CONFIG): AnalysisResult {
  const limit = config.maxFileSizeKB * 1024;
  const truncated = text.length > limit;
  const doc = parse(engine, truncated ? text.slice(0, limit) : text);
  return analyzeDocument(engine, doc, config, truncated ? text.length : undefined);
}

/** Analyses an already parsed answer; `originalLength` is set when the text was cut to the size limit. */
export function analyzeDocument(engine: Engine, doc: AnswerDocument, config: EngineConfig, originalLength?: number): AnalysisResult {
  const { compiled } = engine;
  const evidence = new EvidenceIndex(doc, compiled);
  const absent = findAbsentSteps({ doc });
  const diagnostics: EngineDiagnostic[] = [];
  const firedConsistency: string[] = [];
  const ruleStep = (rule: string): string => rule.split('.')[0];
  const ctx: RuleContext = {
    doc,
    compiled,
    config,
    evidence,
    absentSteps: absent,
    report(rule, severity, message, range, data) {
      const step = data?.step ?? ruleStep(rule);
      if ((config.disabledSteps as string[]).includes(step) && !rule.startsWith('consistency.')) return;
      const setting = severityFor(rule, severity, config.rules);
      if (setting === 'off') return;
      if (isSuppressed(doc.directives, rule, range.start.line)) return;
      if (rule.startsWith('consistency.')) firedConsistency.push(rule);
      diagnostics.push({ rule, severity: setting as Severity, message, range, data });
    },
  };
  for (const rule of RULES) {
    try {
      rule.run(ctx);
    } catch (error) {
      // One broken rule must not take every other finding (or the server) down with it.
      ctx.report('document.internal', 'hint', `MLSD could not run its "${rule.name}" checks on this answer (${error instanceof Error ? error.message.split('\n')[0] : String(error)}); please report it.`, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
    }
  }
  if (originalLength !== undefined) {
    const kb = Math.round(originalLength / 1024);
    ctx.report(
      SIZE_RULE,
      'info',
      `This answer is ${kb} KB; only the first ${config.maxFileSizeKB} KB were analysed — split it or raise mlsd.maxFileSizeKB.`,
      { start: { line: 0, character: 0 }, end: { line: 0, character: doc.lineLengths[0] ?? 0 } },
    );
  }
  const coverage = computeCoverage(doc, compiled, config, evidence, absent, firedConsistency);
  return { diagnostics, coverage };
}
