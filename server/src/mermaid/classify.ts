/**
 * Reads an architecture flowchart against the template: which component (content/diagram.yaml) each node is, which
 * components the answer's prose relies on, and whether monitoring or feedback flows back to training or data.
 * Pure and synchronous; uses the engine's term syntax, normalisation and matcher.
 */
import { TermMatcher } from '../engine/termMatcher';
import { isWordCode, normalize } from '../engine/text';
import { DiagramComponentDef, DiagramDef } from '../engine/types';
import { DiagramComponentInfo, DiagramNodeInfo, RawEdge, RawGraph } from './types';

/** A flowchart with every node's components (all that its label names; `component` is the best one). */
export interface ClassifiedGraph {
  nodes: DiagramNodeInfo[];
  edges: RawEdge[];
  /** Node id → every component the node is (own label, else id, else enclosing subgraph). */
  components: Map<string, string[]>;
}

/** "featureStore" → "feature Store", so ids written in camelCase read as words. */
function splitId(id: string): string {
  return id.replace(/([a-z0-9])([A-Z])/g, '$1 $2');
}

export class DiagramClassifier {
  private readonly labelMatcher = new TermMatcher();
  private readonly mentionMatcher = new TermMatcher();
  /** Term id → component indices (a term may be listed under several components). */
  private readonly labelTerms: number[][] = [];
  private readonly mentionTerms: number[][] = [];
  private readonly byId = new Map<string, { def: DiagramComponentDef; index: number }>();

  constructor(readonly def: DiagramDef) {
    def.components.forEach((component, index) => {
      this.byId.set(component.id, { def: component, index });
      for (const term of component.terms) (this.labelTerms[this.labelMatcher.add(term)] ??= []).push(index);
      for (const term of component.mentions) (this.mentionTerms[this.mentionMatcher.add(term)] ??= []).push(index);
    });
    this.labelMatcher.build();
    this.mentionMatcher.build();
  }

  /** Legend entry of a component id. */
  info(id: string): DiagramComponentInfo | undefined {
    const entry = this.byId.get(id);
    return entry ? { id, title: entry.def.title, zh: entry.def.zh, step: entry.def.step } : undefined;
  }

  /** How messages name a component ("a feature store"). */
  noun(id: string): string {
    return this.byId.get(id)?.def.noun ?? id;
  }

  /** Component ids in content order. */
  order(ids: Iterable<string>): string[] {
    return [...new Set(ids)].filter((id) => this.byId.has(id)).sort((a, b) => (this.byId.get(a)?.index ?? 0) - (this.byId.get(b)?.index ?? 0));
  }

  /**
   * Components a label names: all of them, best first. The best is the one whose matching term is longest (so
   * "training data" is data, not training); on a tie, the one listed first in content/diagram.yaml.
   */
  classifyLabel(label: string): string[] {
    const best = new Map<number, number>();
    const text = normalize(label).text;
    this.labelMatcher.scan(text, (hit) => {
      // A stem counts with the word it matched ("train*" in "training" is 8 long, like "training" itself).
      let end = hit.end;
      while (end < text.length && isWordCode(text.charCodeAt(end))) end++;
      for (const index of this.labelTerms[hit.term] ?? []) best.set(index, Math.max(best.get(index) ?? 0, end - hit.start));
    });
    return [...best.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]).map(([index]) => this.def.components[index].id);
  }

  /** Classifies every node of a flowchart: its label, else its id, else the subgraph around it. */
  classify(graph: RawGraph): ClassifiedGraph {
    const own = new Map<string, string[]>();
    for (const node of graph.nodes) {
      // A node written without a label has its id as label: read camelCase ids as words.
      let found = this.classifyLabel(node.label === node.id ? splitId(node.id) : node.label);
      if (found.length === 0 && node.id !== node.label) found = this.classifyLabel(splitId(node.id));
      own.set(node.id, found);
    }
    const parentOf = new Map(graph.nodes.map((n) => [n.id, n.parent]));
    const components = new Map<string, string[]>();
    for (const node of graph.nodes) {
      let found = own.get(node.id) ?? [];
      const seen = new Set<string>([node.id]);
      for (let p = node.parent; found.length === 0 && p !== undefined && !seen.has(p); p = parentOf.get(p)) {
        seen.add(p);
        found = own.get(p) ?? [];
      }
      components.set(node.id, found);
    }
    const nodes: DiagramNodeInfo[] = graph.nodes.map((n) => {
      const component = components.get(n.id)?.[0];
      const info: DiagramNodeInfo = { id: n.id, label: n.label, subgraph: n.subgraph };
      if (n.parent !== undefined) info.parent = n.parent;
      if (component) {
        info.component = component;
        info.step = this.byId.get(component)?.def.step;
      }
      return info;
    });
    return { nodes, edges: graph.edges, components };
  }

  /** Components the nodes of these graphs are, in content order. */
  present(graphs: readonly ClassifiedGraph[]): string[] {
    const ids: string[] = [];
    for (const g of graphs) for (const list of g.components.values()) ids.push(...list);
    return this.order(ids);
  }

  /**
   * True when some node whose best component is a `feedbackLoop.from` one has a path of one or more edges,
   * following the arrows, to a different node whose best component is a `feedbackLoop.to` one. `<-->` goes both ways; `---` is read as drawn. An edge
   * into a subgraph reaches its members, and an edge out of a subgraph leaves from each of them.
   */
  hasFeedbackLoop(graph: ClassifiedGraph): boolean {
    const from = new Set(this.def.feedbackLoop.from);
    const to = new Set(this.def.feedbackLoop.to);
    const adjacency = new Map<string, Set<string>>();
    const link = (a: string, b: string): void => {
      if (a === b) return;
      let set = adjacency.get(a);
      if (!set) adjacency.set(a, (set = new Set()));
      set.add(b);
    };
    const hasIn = new Set<string>();
    const hasOut = new Set<string>();
    for (const e of graph.edges) {
      link(e.from, e.to);
      hasOut.add(e.from);
      hasIn.add(e.to);
      if (e.direction === 'both') {
        link(e.to, e.from);
        hasOut.add(e.to);
        hasIn.add(e.from);
      }
    }
    for (const n of graph.nodes) {
      if (n.parent === undefined) continue;
      if (hasIn.has(n.parent)) link(n.parent, n.id);
      if (hasOut.has(n.parent)) link(n.id, n.parent);
    }
    // Roles follow each node's best component only: "Human review queue" is feedback, not also a stream.
    const is = (id: string, set: Set<string>): boolean => {
      const best = graph.components.get(id)?.[0];
      return best !== undefined && set.has(best);
    };
    for (const start of graph.components.keys()) {
      if (!is(start, from)) continue;
      const seen = new Set<string>([start]);
      const queue = [start];
      for (let head = 0; head < queue.length; head++) {
        for (const next of adjacency.get(queue[head]) ?? []) {
          if (seen.has(next)) continue;
          if (is(next, to)) return true;
          seen.add(next);
          queue.push(next);
        }
      }
    }
    return false;
  }

  /** True when any node of the graph is mainly a `feedbackLoop.from` component (monitoring, feedback). */
  hasLoopSource(graph: ClassifiedGraph): boolean {
    const from = new Set(this.def.feedbackLoop.from);
    for (const list of graph.components.values()) if (list.length > 0 && from.has(list[0])) return true;
    return false;
  }

  /** Components whose `mentions` the prose affirms (negated mentions — "no feature store" — do not count). */
  mentionedIn(prose: string): string[] {
    const found = this.mentionMatcher.findAffirmed(normalize(prose).text);
    const ids: string[] = [];
    for (const term of found) for (const index of this.mentionTerms[term] ?? []) ids.push(this.def.components[index].id);
    return this.order(ids);
  }
}

const classifiers = new WeakMap<DiagramDef, DiagramClassifier>();

/** The classifier of a content bundle's diagram data (built once per bundle). */
export function classifierFor(def: DiagramDef | undefined): DiagramClassifier | undefined {
  if (!def || def.components.length === 0) return undefined;
  let classifier = classifiers.get(def);
  if (!classifier) classifiers.set(def, (classifier = new DiagramClassifier(def)));
  return classifier;
}
