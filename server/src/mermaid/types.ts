/**
 * Types shared by the Mermaid worker, the validator on the server's main thread, and the client (through the
 * `mlsd/diagrams` request). Nothing here imports mermaid, vscode or Node APIs.
 */
import type { StepId } from '../engine/types';

/** Default limits, the same as Mermaid's own `maxTextSize` and `maxEdges`. */
export const MAX_TEXT_SIZE = 50_000;
export const MAX_EDGES = 500;
/** Default time a single parse may take before the worker is restarted. */
export const PARSE_TIMEOUT_MS = 2_000;

/** A zero-based range inside a block's content (line 0 is the line after the opening fence). */
export interface BlockRange {
  line: number;
  character: number;
  endLine: number;
  endCharacter: number;
}

/** A problem Mermaid reported for a block, condensed to one sentence. */
export interface BlockProblem extends BlockRange {
  message: string;
}

/** A flowchart node (or subgraph) as Mermaid's diagram db holds it. */
export interface RawNode {
  id: string;
  /** Label text with Mermaid's entity encoding and simple markup removed. */
  label: string;
  /** True for a subgraph. */
  subgraph: boolean;
  /** Innermost subgraph the node sits in. */
  parent?: string;
}

/** A flowchart edge. `both` for `<-->`, `open` for `---` (no arrow head: read as drawn). */
export interface RawEdge {
  from: string;
  to: string;
  label: string;
  direction: 'forward' | 'both' | 'open';
  dotted: boolean;
}

/** Nodes and edges of a flowchart. */
export interface RawGraph {
  nodes: RawNode[];
  edges: RawEdge[];
}

/**
 * What checking one block gave:
 * - `ok`: Mermaid parsed it (`graph` is set for flowcharts);
 * - `syntax`: Mermaid's parser failed (`problem` says where and why);
 * - `limit`: over the text or edge limit (`problem` sits on the first line);
 * - `timeout`: parsing took longer than the time limit (the worker was restarted);
 * - `unavailable`: the worker could not run (nothing is reported to the user);
 * - `cancelled`: a newer validation of the same document no longer needed it.
 */
export type MermaidStatus = 'ok' | 'syntax' | 'limit' | 'timeout' | 'unavailable' | 'cancelled';

/** The result of checking one block's text. Positions are relative to the block content. */
export interface MermaidResult {
  status: MermaidStatus;
  /** Mermaid's diagram type, e.g. `flowchart-v2`, `sequence`. */
  diagramType?: string;
  problem?: BlockProblem;
  graph?: RawGraph;
  /** Time the worker spent on the block (ms). */
  ms?: number;
  /** Why the check could not run (`unavailable`), for the server log. */
  detail?: string;
}

/** Main thread → worker. */
export interface WorkerRequest {
  id: number;
  text: string;
  maxEdges: number;
}

/** Worker → main thread. */
export type WorkerMessage =
  | { kind: 'ready'; loadMs: number }
  | { kind: 'result'; id: number; result: MermaidResult }
  | { kind: 'failed'; error: string };

/** A template component in a diagram legend. */
export interface DiagramComponentInfo {
  id: string;
  title: string;
  zh: string;
  /** The template step the component belongs to (the preview colours by step). */
  step: StepId;
}

/** A node of a diagram with the component it was classified as. */
export interface DiagramNodeInfo {
  id: string;
  label: string;
  subgraph: boolean;
  parent?: string;
  /** Component id from content/diagram.yaml, when the label (or id, or enclosing subgraph) names one. */
  component?: string;
  step?: StepId;
}

/** What `mlsd/diagrams` returns for each ```mermaid block of an answer, in document order. */
export interface DiagramInfo {
  /** Zero-based lines in the answer: opening fence, first content line, closing fence. */
  fenceLine: number;
  contentLine: number;
  endLine: number;
  status: MermaidStatus;
  diagramType?: string;
  /** The problem Mermaid reported, in answer coordinates. */
  problem?: BlockProblem;
  /** True for the diagram(s) the architecture checks read (the Architecture section's flowcharts). */
  architecture: boolean;
  nodes: DiagramNodeInfo[];
  edges: RawEdge[];
  /** Components that occur in this diagram, in content/diagram.yaml order (the preview's legend). */
  legend: DiagramComponentInfo[];
  /** Architecture diagrams only: components the answer's text relies on that no architecture diagram node is. */
  missing: DiagramComponentInfo[];
  /** Architecture flowcharts only: whether a path leads from monitoring/feedback back to training or data. */
  feedbackLoop?: boolean;
}
