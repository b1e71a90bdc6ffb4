/**
 * The Mermaid worker thread (bundled to dist/mermaid.worker.js). It loads Mermaid once, says `ready`, then answers
 * one `{id, text}` request at a time with a {@link MermaidResult}. The validator on the server's main thread owns
 * the time limit: when a parse hangs it terminates this thread and starts a new one.
 */
import { parentPort } from 'node:worker_threads';
import { checkDiagram, loadMermaid } from './extract';
import { WorkerMessage, WorkerRequest } from './types';

// The server speaks LSP over stdout: nothing Mermaid logs may reach it (the validator also pipes this thread's
// stdout and stderr away from the process's own).
for (const method of ['log', 'info', 'debug', 'warn', 'error', 'trace'] as const) console[method] = () => undefined;
process.on('unhandledRejection', () => undefined);

const port = parentPort;
if (port) {
  const send = (message: WorkerMessage): void => port.postMessage(message);
  const started = performance.now();
  loadMermaid().then(
    () => {
      port.on('message', (request: WorkerRequest) => {
        checkDiagram(request.text, request.maxEdges).then(
          (result) => send({ kind: 'result', id: request.id, result }),
          (error: unknown) => send({ kind: 'result', id: request.id, result: { status: 'unavailable', detail: String(error) } }),
        );
      });
      send({ kind: 'ready', loadMs: Math.round(performance.now() - started) });
    },
    (error: unknown) => send({ kind: 'failed', error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
  );
}
