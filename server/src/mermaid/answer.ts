/**
 * Mermaid findings for one answer: `mermaid.syntax` and `mermaid.limits` per block, and the architecture checks
 * (`architecture.diagram-components`, `architecture.feedback-loop`) on the Architecture section's flowcharts.
 * The parse results come from the {@link MermaidValidator}; everything here is synchronous and pure, and honours the
 * same configuration as the engine (severities, `off`, disabled steps, inline `mlsd-disable` comments).
 */
import { AnswerDocument, ContentBundle, Engine, EngineConfig, EngineDiagnostic, parse, Range, Severity, severityFor } from '../engine';
import { isSuppressed } from '../engine/directives';
import { MermaidBlock } from '../engine/parse';
import { ClassifiedGraph, classifierFor } from './classify';
import { BlockProblem, DiagramComponentInfo, DiagramInfo, MermaidResult } from './types';
import { MermaidValidator } from './validator';

/** Mermaid findings and diagram data of an answer, computed from the results known so far. */
export interface DiagramPass {
  diagnostics: EngineDiagnostic[];
  diagrams: DiagramInfo[];
  /** False while some block's result is still being computed. */
  complete: boolean;
}

/** What an answer's diagrams give now (from the cache) and, when some block needs parsing, later. */
export interface AnswerDiagrams {
  now: DiagramPass;
  later?: Promise<DiagramPass>;
}

/** Most ```mermaid blocks of one answer that are parsed and checked (the rest are skipped). */
export const MAX_DIAGRAMS_PER_ANSWER = 50;

/** Cheap test for a Mermaid fence, so answers without one never parse twice or start the worker. */
const MERMAID_FENCE = /(?:`{3,}|~{3,})[ \t]*mermaid/i;

/**
 * Checks the Mermaid blocks of an answer's text. Returns `undefined` when the answer has none. `owner` (the URI)
 * lets a newer call for the same document drop blocks an older call queued.
 */
export function answerDiagrams(validator: MermaidValidator, engine: Engine, text: string, config: EngineConfig, owner?: string): AnswerDiagrams | undefined {
  if (!MERMAID_FENCE.test(text)) return undefined;
  const limit = config.maxFileSizeKB * 1024;
  const doc = parse(engine, text.length > limit ? text.slice(0, limit) : text);
  if (doc.mermaid.length === 0) return undefined;
  // Real answers hold a handful of diagrams; a pasted dump of hundreds must not hold the worker and memory hostage.
  if (doc.mermaid.length > MAX_DIAGRAMS_PER_ANSWER) doc.mermaid = doc.mermaid.slice(0, MAX_DIAGRAMS_PER_ANSWER);
  const content = engine.compiled.content;
  const now = diagramPass(doc, content, config, validator.peek(doc.mermaid));
  if (now.complete) return { now };
  return { now, later: validator.validate(doc.mermaid, owner).then((results) => diagramPass(doc, content, config, results)) };
}

function joinAnd(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** Answer text outside the Mermaid blocks (headings, comments and frontmatter excluded, as for all evidence). */
export function proseOf(doc: AnswerDocument): string {
  const inDiagram = new Uint8Array(doc.lineCount);
  for (const m of doc.mermaid) inDiagram.fill(1, m.fenceLine, Math.min(m.endLine + 1, doc.lineCount));
  const parts: string[] = [];
  for (const block of doc.blocks) {
    const lines = block.body.split('\n');
    const first = block.endLine - lines.length;
    parts.push(lines.map((l, i) => (inDiagram[first + i] ? '' : l)).join('\n'));
  }
  return parts.join('\n\n');
}

/** Indices of the blocks the architecture checks read: the Architecture section's, else those outside any step. */
export function architectureBlocks(doc: AnswerDocument): number[] {
  const inStep = (m: MermaidBlock, step?: string): boolean =>
    doc.sections.some((s) => (step === undefined || s.steps.includes(step as never)) && m.fenceLine >= s.startLine && m.fenceLine < s.endLine);
  const arch = doc.mermaid.map((m, i) => (inStep(m, 'architecture') ? i : -1)).filter((i) => i >= 0);
  if (arch.length > 0) return arch;
  return doc.mermaid.map((m, i) => (inStep(m) ? -1 : i)).filter((i) => i >= 0);
}

/** Builds diagnostics and diagram data from per-block results (`undefined` = not known yet). */
export function diagramPass(doc: AnswerDocument, content: ContentBundle, config: EngineConfig, results: readonly (MermaidResult | undefined)[]): DiagramPass {
  const diagnostics: EngineDiagnostic[] = [];
  let lines: string[] | undefined;
  const lineText = (line: number): string => (lines ??= doc.text.split(/\r?\n|\r/))[line] ?? '';
  // `fenceLine`: a comment above the fence (`<!-- mlsd-disable-next-line mermaid.syntax -->`) silences findings
  // inside the block too, since a comment inside it would break the diagram.
  const report = (rule: string, severity: Severity, message: string, range: Range, fenceLine: number, step?: 'architecture'): void => {
    if (step && config.disabledSteps.includes(step)) return;
    const setting = severityFor(rule, severity, config.rules);
    if (setting === 'off') return;
    if (isSuppressed(doc.directives, rule, range.start.line) || isSuppressed(doc.directives, rule, fenceLine)) return;
    diagnostics.push({ rule, severity: setting, message, range, ...(step ? { data: { step } } : {}) });
  };
  const fenceRange = (block: MermaidBlock): Range => ({
    start: { line: block.fenceLine, character: 0 },
    end: { line: block.fenceLine, character: lineText(block.fenceLine).length },
  });
  /** A block-relative problem in answer coordinates (fences inside lists or quotes are indented in the answer). */
  const toAnswer = (block: MermaidBlock, p: BlockProblem): BlockProblem => {
    const lastContentLine = Math.max(block.contentLine, block.endLine - 1);
    const line = Math.min(block.contentLine + p.line, lastContentLine);
    const written = block.content.split('\n')[line - block.contentLine] ?? '';
    const answerLine = lineText(line);
    const shift = answerLine.endsWith(written) ? answerLine.length - written.length : 0;
    const endLine = Math.min(block.contentLine + p.endLine, lastContentLine);
    return { message: p.message, line, character: p.character + shift, endLine, endCharacter: p.endCharacter + shift };
  };

  const classifier = classifierFor(content.diagram);
  const diagrams: DiagramInfo[] = doc.mermaid.map((block, i) => {
    const r = results[i];
    const info: DiagramInfo = {
      fenceLine: block.fenceLine,
      contentLine: block.contentLine,
      endLine: block.endLine,
      status: r?.status ?? 'cancelled',
      architecture: false,
      nodes: [],
      edges: [],
      legend: [],
      missing: [],
    };
    if (!r) return info;
    if (r.diagramType) info.diagramType = r.diagramType;
    if (r.problem) {
      const p = toAnswer(block, r.problem);
      info.problem = p;
      const range = { start: { line: p.line, character: p.character }, end: { line: p.endLine, character: p.endCharacter } };
      if (r.status === 'syntax') report('mermaid.syntax', 'error', p.message, range, block.fenceLine);
      else if (r.status === 'limit') report('mermaid.limits', 'warning', p.message, fenceRange(block), block.fenceLine);
      else if (r.status === 'timeout') report('mermaid.limits', 'info', p.message, fenceRange(block), block.fenceLine);
    }
    return info;
  });

  const complete = results.length === doc.mermaid.length && results.every((r) => r !== undefined);
  const archIndices = architectureBlocks(doc);
  const graphs = new Map<number, ClassifiedGraph>();
  if (classifier) {
    doc.mermaid.forEach((_, i) => {
      const graph = results[i]?.graph;
      if (results[i]?.status !== 'ok' || !graph) return;
      const classified = classifier.classify(graph);
      graphs.set(i, classified);
      diagrams[i].nodes = classified.nodes;
      diagrams[i].edges = classified.edges;
      // The legend lists the colours the nodes get: each node's best component.
      const shown = classified.nodes.map((n) => n.component).filter((c): c is string => c !== undefined);
      diagrams[i].legend = classifier.order(shown).map((id) => classifier.info(id) as DiagramComponentInfo);
    });
  }
  // The architecture checks need every architecture block's result: a block still parsing might hold the node.
  const archGraphs = archIndices.filter((i) => graphs.has(i));
  if (classifier && archGraphs.length > 0 && archIndices.every((i) => results[i] !== undefined)) {
    const classified = archGraphs.map((i) => graphs.get(i) as ClassifiedGraph);
    const present = new Set(classifier.present(classified));
    const missing = classifier.mentionedIn(proseOf(doc)).filter((id) => !present.has(id));
    const loop = classified.some((g) => classifier.hasFeedbackLoop(g));
    for (const i of archGraphs) {
      diagrams[i].architecture = true;
      diagrams[i].missing = missing.map((id) => classifier.info(id) as DiagramComponentInfo);
      diagrams[i].feedbackLoop = loop;
    }
    const anchorBlock = doc.mermaid[archGraphs[0]];
    const anchor = fenceRange(anchorBlock);
    if (missing.length > 0) {
      const nouns = joinAnd(missing.map((id) => classifier.noun(id)));
      const them = missing.length > 1 ? 'them' : 'it';
      report(
        'architecture.diagram-components',
        'warning',
        `Architecture diagram: no node for ${nouns}, though the answer's text relies on ${them} — add ${them} to the diagram so it matches the design.`,
        anchor,
        anchorBlock.fenceLine,
        'architecture',
      );
    }
    if (!loop) {
      const hasSource = classified.some((g) => classifier.hasLoopSource(g));
      report(
        'architecture.feedback-loop',
        'warning',
        hasSource
          ? 'Architecture diagram: no feedback loop — draw an edge from monitoring or logged feedback back to training or its data (e.g. monitor -.->|retrain| train).'
          : 'Architecture diagram: no feedback loop — add a monitoring or feedback node and an edge from it back to training or its data (e.g. monitor -.->|retrain| train).',
        anchor,
        anchorBlock.fenceLine,
        'architecture',
      );
    }
  }
  return { diagnostics, diagrams, complete };
}
