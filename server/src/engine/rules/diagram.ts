/**
 * Registry entries of the Mermaid diagram rules. Their findings come from the language server's asynchronous
 * Mermaid validator (server/src/mermaid), which runs Mermaid's own parser in a worker thread; the synchronous engine
 * only lists them so configuration, inline control and docs/rules.md know the ids.
 */
import { RuleModule } from './rule';

export const diagramRule: RuleModule = {
  name: 'diagram',
  meta: () => [
    {
      id: 'mermaid.syntax',
      severity: 'error',
      description: "A `mermaid` code block parses with Mermaid's own parser — a block that does not parse renders as an error box.",
      satisfiedBy: 'A diagram Mermaid accepts; the finding sits at the line and column where Mermaid\'s parser stopped, with its message condensed to one sentence.',
      example: '~~~mermaid\nflowchart LR\n  events[Kafka events] --> features[Feature store]\n~~~',
    },
    {
      id: 'mermaid.limits',
      severity: 'warning',
      description: 'A `mermaid` code block stays within what Mermaid renders — 50,000 characters and 500 edges — and can be checked within 2 seconds.',
      satisfiedBy: 'A diagram under 50,000 characters and 500 edges; split larger ones. A check that takes longer than 2 s is reported at info severity.',
    },
    {
      id: 'architecture.diagram-components',
      severity: 'warning',
      step: 'architecture',
      description: "The Architecture diagram shows every component the answer's own text relies on — a feature store, a registry or monitoring described in prose but missing from the picture is a gap interviewers spot.",
      satisfiedBy: 'For each component the text names (data source, stream, feature store, training, evaluation gate, model registry, serving, monitoring, feedback/labels; keywords in content/diagram.yaml), a flowchart node whose label is that component.',
      example: '~~~mermaid\nflowchart LR\n  logs[Event logs] --> fs[(Feature store)] --> train[Training] --> reg[Model registry] --> serve[Model server]\n  serve --> mon[Monitoring]\n~~~',
    },
    {
      id: 'architecture.feedback-loop',
      severity: 'warning',
      step: 'architecture',
      description: 'The Architecture diagram closes the loop — monitoring or logged feedback flows back to training or the data it learns from, which is what keeps the model fresh.',
      satisfiedBy: 'A path along the flowchart\'s arrows from a monitoring or feedback node to a training or data node (data source, stream, feature store).',
      example: '~~~mermaid\nflowchart LR\n  train[Training] --> serve[Model server] --> mon[Drift monitoring]\n  mon -.->|retrain trigger| train\n~~~',
    },
  ],
  run() {
    // Findings are produced asynchronously by the server's Mermaid validator.
  },
};
