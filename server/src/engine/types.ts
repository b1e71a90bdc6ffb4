/** Shared types of the analysis engine. Nothing here may import `vscode`. */

/** The seven template steps, in template order. */
export const STEP_IDS = ['business', 'data', 'modeling', 'architecture', 'mlops', 'monitoring', 'governance'] as const;
/** Id of one of the seven template steps. */
export type StepId = (typeof STEP_IDS)[number];

/** Severities a rule can be set to; `off` disables it. */
export type Severity = 'error' | 'warning' | 'info' | 'hint';
/** A severity setting from configuration. */
export type SeveritySetting = Severity | 'off';
/** Seniority profile that weights the coverage score. */
export type Level = 'senior' | 'staff';

/** A zero-based position (LSP convention, UTF-16 columns). */
export interface Position {
  line: number;
  character: number;
}
/** A zero-based half-open range. */
export interface Range {
  start: Position;
  end: Position;
}

/** A group of alternative terms; the group holds when `min` (default 1) distinct terms are found. */
export interface EvidenceGroup {
  label: string;
  terms: string[];
  min?: number;
}

/** One step of the template. */
export interface StepDef {
  id: StepId;
  number: number;
  title: string;
  zh: string;
  focus: string;
  covers: string;
  weights: Record<Level, number>;
  handbook: string;
  aliases: string[];
}

/** The template: steps plus headings recognised as extra sections. */
export interface TemplateDef {
  steps: StepDef[];
  nonTemplate: string[];
  /**
   * Aliases that name a step only when no other heading does ("Design", "Risks", "Scope"): beside a real
   * "Architecture" or "Governance" section they are extra sections, not duplicates.
   */
  weakAliases?: string[];
}

/** A content check of one step, as written in `content/rules/<step>.yaml`. */
export interface CheckDef {
  id: string;
  step: StepId;
  title: string;
  severity: Severity;
  evidence: EvidenceGroup[];
  appliesWhen?: string[];
  /** When true, all evidence groups must be met within one sentence, bullet or paragraph (not spread over the section). */
  together?: boolean;
  /**
   * Steps whose sections never stand in for this check's own: the Business section names KPIs and latency targets,
   * which is not the same as watching them in production.
   */
  notCoveredBy?: StepId[];
  message: string;
  why: string;
  example: string;
  stub: string;
  handbook: string;
}

/** A cross-section check, as written in `content/rules/consistency.yaml`. */
export interface ConsistencyDef {
  id: string;
  title: string;
  severity: Severity;
  step: StepId;
  message: string;
  why: string;
  handbook: string;
  sets: Record<string, string[]>;
}

/** One key point of a practice prompt's rubric. */
export interface PromptPointDef {
  id: string;
  step: StepId;
  title: string;
  evidence: EvidenceGroup[];
  message: string;
}

/** A practice prompt with its rubric. */
export interface PromptDef {
  id: string;
  title: string;
  level: Level;
  topic: string;
  tags: string[];
  brief: string;
  points: PromptPointDef[];
}

/** A glossary entry. */
export interface GlossaryTermDef {
  id: string;
  term: string;
  match: string[];
  zh?: string;
  definition: string;
  step: StepId;
  handbook?: string;
}

/** A tool name offered by completion. */
export interface ToolDef {
  name: string;
  kind: string;
  step: StepId;
  detail: string;
}

/** A table in a handbook entry. */
export interface HandbookTable {
  columns: string[];
  rows: string[][];
}

/** One handbook entry (a table and/or a list). */
export interface HandbookEntryDef {
  id: string;
  title: string;
  summary: string;
  table?: HandbookTable;
  items?: string[];
}

/** A handbook topic grouping entries. */
export interface HandbookTopicDef {
  id: string;
  title: string;
  step?: StepId;
  entries: HandbookEntryDef[];
}

/** One architecture component a Mermaid diagram node can be (`content/diagram.yaml`). */
export interface DiagramComponentDef {
  id: string;
  title: string;
  zh: string;
  /** How messages name it, e.g. "a feature store". */
  noun: string;
  step: StepId;
  /** Terms that make a node label this component. */
  terms: string[];
  /** Terms in the answer's prose that make the architecture diagram need this component. */
  mentions: string[];
}

/** Keyword data for reading architecture diagrams (`content/diagram.yaml`). */
export interface DiagramDef {
  components: DiagramComponentDef[];
  /** architecture.feedback-loop: a path must lead from a `from` component's node to a `to` component's node. */
  feedbackLoop: { from: string[]; to: string[] };
}

/** Everything the engine and the client read from `content/`. */
export interface ContentBundle {
  template: TemplateDef;
  checks: CheckDef[];
  consistency: ConsistencyDef[];
  prompts: PromptDef[];
  glossary: GlossaryTermDef[];
  tools: ToolDef[];
  handbook: HandbookTopicDef[];
  /** Component keywords for Mermaid diagrams (absent when content/diagram.yaml is missing). */
  diagram?: DiagramDef;
  /**
   * Phrases that contain evidence words in another sense ("container registry", "GPS drift"): a term found inside
   * one of them is not evidence for any check.
   */
  notEvidence?: string[];
}

/** A finding of the engine. */
export interface EngineDiagnostic {
  rule: string;
  severity: Severity;
  message: string;
  range: Range;
  /** Structured facts for quick fixes (step to insert, check stub, handbook link). */
  data?: DiagnosticData;
}

/** Extra facts a diagnostic carries for editor features. */
export interface DiagnosticData {
  step?: StepId;
  /** Line before which a missing section should be inserted. */
  insertLine?: number;
  /** Stub text for a failed content check. */
  stub?: string;
  handbook?: string;
}

/** Coverage of one step. */
export interface StepCoverage {
  title: string;
  present: boolean;
  passed: number;
  applicable: number;
  missing: string[];
  /** Every applicable check of the step with its outcome, in registry order. */
  checks: { id: string; title: string; passed: boolean }[];
  /** Heading line of the step's first section, if present. */
  line?: number;
}

/** Coverage of an answer against the template (and its prompt, if any). */
export interface Coverage {
  total: number;
  level: Level;
  /** Production readiness: the lowest of the MLOps, Monitoring and Governance step scores (0–100). */
  readiness: number;
  steps: Record<StepId, StepCoverage>;
  consistency: { failed: string[] };
  prompt?: { id: string; title: string; passed: number; applicable: number; missing: string[] };
}

/** The result of analysing one answer. */
export interface AnalysisResult {
  diagnostics: EngineDiagnostic[];
  coverage: Coverage;
}
