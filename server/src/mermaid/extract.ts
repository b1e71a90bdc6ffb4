/**
 * Runs Mermaid's own parser on one block and reads its diagram db. Used only inside the Mermaid worker
 * (worker.ts → dist/mermaid.worker.js) and by tests; server.js never loads mermaid.
 *
 * Node has no DOM. Mermaid imports and parses fine without one, except that its `sanitizeText` calls DOMPurify for
 * every label, and DOMPurify without a `window` is an inert object with no `sanitize` or `addHook`. Nothing is ever
 * rendered here — labels only become plain data that the client displays as text — so a pass-through `sanitize`
 * and a no-op `addHook` on that same DOMPurify instance are all the shim Mermaid needs (no `window`, no `document`).
 */
import { describeMermaidError, isEdgeLimitError } from './errors';
import { mermaidSourceMap } from './sourceMap';
import { MAX_EDGES, MermaidResult, RawEdge, RawGraph, RawNode } from './types';

type Mermaid = (typeof import('mermaid'))['default'];

let loading: Promise<Mermaid> | undefined;

/** Loads Mermaid once (about 0.3–2 s and +50–90 MB), shims DOMPurify, and warms the flowchart grammar. */
export function loadMermaid(): Promise<Mermaid> {
  loading ??= (async () => {
    const purify = (await import('dompurify')).default as unknown as Record<string, unknown>;
    purify.sanitize = (dirty: unknown) => String(dirty);
    purify.addHook = () => undefined;
    purify.removeHook = () => undefined;
    purify.removeAllHooks = () => undefined;
    const mermaid = (await import('mermaid')).default;
    mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', maxEdges: MAX_EDGES, logLevel: 'fatal' });
    // `parse` registers the built-in diagram types, which `getDiagramFromText` needs.
    await mermaid.parse('flowchart LR\n  a --> b\n');
    return mermaid;
  })();
  return loading;
}

const FLOWCHART_TYPES = new Set(['flowchart-v2', 'flowchart', 'flowchart-elk', 'graph']);

/** Label text as written: Mermaid's entity markers decoded, tags, icons and Markdown emphasis removed. */
export function plainLabel(text: unknown): string {
  if (typeof text !== 'string') return '';
  return text
    .replace(/\uFB02\xB0\xB0/g, '&#')
    .replace(/\uFB02\xB0/g, '&')
    .replace(/\xB6\xDF/g, ';')
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Math.min(Number(n), 0x10ffff)))
    .replace(/&(quot|amp|lt|gt|nbsp|apos);/g, (_, e: string) => ({ quot: '"', amp: '&', lt: '<', gt: '>', nbsp: ' ', apos: "'" })[e] ?? '')
    .replace(/<br\s*\/?>/gi, ' ')
    .replace(/<[^>]*>/g, '')
    .replace(/\bfa[kbrs]?:fa-[\w-]+/g, '')
    .replace(/[*_`]{1,3}/g, (m) => (m.includes('_') ? ' ' : ''))
    .replace(/\s+/g, ' ')
    .trim();
}

interface FlowVertex {
  id: string;
  text?: string;
}
interface FlowEdge {
  start: string;
  end: string;
  type?: string;
  stroke?: string;
  text?: string;
}
interface FlowSubGraph {
  id: string;
  title?: string;
  nodes?: string[];
}
interface FlowDbLike {
  getVertices(): Map<string, FlowVertex> | Record<string, FlowVertex>;
  getEdges(): FlowEdge[];
  getSubGraphs?(): FlowSubGraph[];
}

/** Nodes, subgraphs and edges of a parsed flowchart (FlowDB of mermaid 11). */
export function readFlowchart(db: FlowDbLike): RawGraph {
  const vertices = db.getVertices();
  const list: FlowVertex[] = vertices instanceof Map ? [...vertices.values()] : Object.values(vertices);
  const subgraphs = db.getSubGraphs?.() ?? [];
  const parent = new Map<string, string>();
  // Inner subgraphs are listed before the ones around them, so the first parent seen is the innermost.
  for (const sg of subgraphs) for (const member of sg.nodes ?? []) if (!parent.has(member) && member !== sg.id) parent.set(member, sg.id);
  const subgraphIds = new Set(subgraphs.map((s) => s.id));
  const nodes: RawNode[] = [];
  for (const v of list) {
    if (subgraphIds.has(v.id)) continue;
    nodes.push({ id: v.id, label: plainLabel(v.text ?? v.id) || v.id, subgraph: false, parent: parent.get(v.id) });
  }
  for (const sg of subgraphs) nodes.push({ id: sg.id, label: plainLabel(sg.title ?? '') || sg.id, subgraph: true, parent: parent.get(sg.id) });
  const edges: RawEdge[] = [];
  for (const e of db.getEdges()) {
    if (e.stroke === 'invisible') continue;
    const type = e.type ?? 'arrow_point';
    edges.push({
      from: e.start,
      to: e.end,
      label: plainLabel(e.text ?? ''),
      direction: type.startsWith('double_') ? 'both' : type === 'arrow_open' ? 'open' : 'forward',
      dotted: e.stroke === 'dotted',
    });
  }
  return { nodes, edges };
}

/** Checks one block with Mermaid's parser: syntax problem, edge limit, or the flowchart's graph. */
export async function checkDiagram(text: string, maxEdges = MAX_EDGES): Promise<MermaidResult> {
  const mermaid = await loadMermaid();
  const started = performance.now();
  const elapsed = (): number => Math.round((performance.now() - started) * 10) / 10;
  try {
    const diagram = await mermaid.mermaidAPI.getDiagramFromText(text);
    const diagramType = diagram.type;
    const graph = FLOWCHART_TYPES.has(diagramType) ? readFlowchart(diagram.db as unknown as FlowDbLike) : undefined;
    if (graph && graph.edges.length > maxEdges) {
      return { status: 'limit', diagramType, problem: edgeLimitProblem(text, maxEdges), ms: elapsed() };
    }
    return { status: 'ok', diagramType, graph, ms: elapsed() };
  } catch (error) {
    if (isEdgeLimitError(error)) return { status: 'limit', problem: edgeLimitProblem(text, maxEdges), ms: elapsed() };
    return { status: 'syntax', problem: describeMermaidError(error, mermaidSourceMap(text), text), ms: elapsed() };
  }
}

function edgeLimitProblem(text: string, maxEdges: number): MermaidResult['problem'] {
  const first = text.split('\n', 1)[0];
  return {
    line: 0,
    character: 0,
    endLine: 0,
    endCharacter: first.length,
    message: `Mermaid: this diagram has more than ${maxEdges} edges, more than Mermaid renders (maxEdges) — split it into smaller diagrams.`,
  };
}
