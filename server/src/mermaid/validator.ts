/**
 * Checks Mermaid blocks off the language server's main thread. Mermaid (about 3.5 MB of code, 0.3–2 s to load,
 * +50–90 MB) runs in a `worker_threads` Worker that starts on the first block that needs it. Results are cached per
 * block text (LRU), so re-validating an answer only parses the blocks that changed; each parse has a time limit, after
 * which the worker is terminated and a fresh one takes the next block. Blocks over the text limit never reach the
 * worker. Nothing here throws into the caller: a worker that cannot start makes results `unavailable`.
 */
import { Worker } from 'node:worker_threads';
import { MAX_EDGES, MAX_TEXT_SIZE, MermaidResult, PARSE_TIMEOUT_MS, WorkerMessage, WorkerRequest } from './types';

/** Options of {@link MermaidValidator}. */
export interface MermaidValidatorOptions {
  /** Path of the bundled worker (dist/mermaid.worker.js). */
  workerPath: string;
  /** Time limit of one parse (default 2 s). */
  timeoutMs?: number;
  /** Time limit for loading Mermaid in a new worker (default 30 s). */
  startupTimeoutMs?: number;
  /** Longest block text checked (default 50,000 characters, Mermaid's maxTextSize). */
  maxTextSize?: number;
  /** Most edges a flowchart may have (default 500, Mermaid's maxEdges). */
  maxEdges?: number;
  /** Cache bounds: entries and total characters of cached block texts. */
  cacheEntries?: number;
  cacheChars?: number;
  /** Where diagnostics about the validator itself go (the server's output channel). */
  log?: (message: string) => void;
}

/** Counters for the server log and benchmarks. */
export interface MermaidValidatorStats {
  spawns: number;
  /** Milliseconds from `new Worker` to `ready`, one entry per start. */
  coldStartMs: number[];
  parses: number;
  cacheHits: number;
  timeouts: number;
  crashes: number;
}

interface Job {
  id: number;
  text: string;
  owners: Set<string>;
  /** Waiters that no owner can cancel. */
  anonymous: number;
  waiters: ((result: MermaidResult) => void)[];
}

const STARTUP_FAILURES_BEFORE_GIVING_UP = 3;

/** A block to check: its text (the `content` of a parsed ```mermaid block). */
export type MermaidInput = string | { content: string };

function textOf(block: MermaidInput): string {
  return typeof block === 'string' ? block : block.content;
}

export class MermaidValidator {
  readonly stats: MermaidValidatorStats = { spawns: 0, coldStartMs: [], parses: 0, cacheHits: 0, timeouts: 0, crashes: 0 };
  private readonly timeoutMs: number;
  private readonly startupTimeoutMs: number;
  private readonly maxTextSize: number;
  private readonly maxEdges: number;
  private readonly cacheEntries: number;
  private readonly cacheCharsLimit: number;
  private readonly cache = new Map<string, MermaidResult>();
  private cacheChars = 0;
  private readonly pending = new Map<string, Job>();
  private readonly queue: Job[] = [];
  private current?: Job;
  private timer?: NodeJS.Timeout;
  private worker?: Worker;
  private ready?: Promise<Worker>;
  private nextId = 1;
  private startupFailures = 0;
  private disabled = false;

  constructor(private readonly options: MermaidValidatorOptions) {
    this.timeoutMs = options.timeoutMs ?? PARSE_TIMEOUT_MS;
    this.startupTimeoutMs = options.startupTimeoutMs ?? 30_000;
    this.maxTextSize = options.maxTextSize ?? MAX_TEXT_SIZE;
    this.maxEdges = options.maxEdges ?? MAX_EDGES;
    this.cacheEntries = options.cacheEntries ?? 256;
    this.cacheCharsLimit = options.cacheChars ?? 2_000_000;
  }

  /** True once a worker has been started (Mermaid is loaded lazily). */
  get started(): boolean {
    return this.stats.spawns > 0;
  }

  /** Results available without the worker (limits, empty blocks, cache), `undefined` where a parse is needed. */
  peek(blocks: readonly MermaidInput[]): (MermaidResult | undefined)[] {
    return blocks.map((b) => this.immediate(textOf(b)));
  }

  /**
   * Checks every block; resolves with one result per block, in order. With an `owner` (the document's URI), blocks
   * that the owner's previous call queued and this call no longer has are dropped before they are parsed.
   */
  validate(blocks: readonly MermaidInput[], owner?: string): Promise<MermaidResult[]> {
    const texts = blocks.map(textOf);
    if (owner !== undefined) this.release(owner, new Set(texts));
    return Promise.all(texts.map((text) => this.check(text, owner)));
  }

  /** Stops the worker; pending checks resolve as `cancelled`. */
  async dispose(): Promise<void> {
    this.disabled = true;
    clearTimeout(this.timer);
    const jobs = [...(this.current ? [this.current] : []), ...this.queue];
    this.queue.length = 0;
    this.current = undefined;
    this.pending.clear();
    for (const job of jobs) for (const resolve of job.waiters) resolve({ status: 'cancelled' });
    const worker = this.worker;
    this.worker = undefined;
    this.ready = undefined;
    if (worker) await worker.terminate();
  }

  private immediate(text: string): MermaidResult | undefined {
    if (text.length > this.maxTextSize) {
      const first = text.split('\n', 1)[0];
      return {
        status: 'limit',
        problem: {
          line: 0,
          character: 0,
          endLine: 0,
          endCharacter: first.length,
          message: `Mermaid: this diagram has ${text.length.toLocaleString('en-US')} characters, more than the ${this.maxTextSize.toLocaleString('en-US')} Mermaid renders (maxTextSize) — split it into smaller diagrams.`,
        },
      };
    }
    if (text.trim() === '') {
      return {
        status: 'syntax',
        problem: { line: 0, character: 0, endLine: 0, endCharacter: 0, message: 'Mermaid: the block is empty — start it with a diagram type such as flowchart LR.' },
      };
    }
    const cached = this.cache.get(text);
    if (cached) {
      // Refresh its place in the LRU order.
      this.cache.delete(text);
      this.cache.set(text, cached);
      this.stats.cacheHits++;
    }
    return cached;
  }

  private check(text: string, owner: string | undefined): Promise<MermaidResult> {
    const immediate = this.immediate(text);
    if (immediate) return Promise.resolve(immediate);
    if (this.disabled) return Promise.resolve({ status: 'unavailable', detail: 'the Mermaid worker could not be started' });
    let job = this.pending.get(text);
    if (!job) {
      job = { id: this.nextId++, text, owners: new Set(), anonymous: 0, waiters: [] };
      this.pending.set(text, job);
      this.queue.push(job);
    }
    if (owner !== undefined) job.owners.add(owner);
    else job.anonymous++;
    const promise = new Promise<MermaidResult>((resolve) => job.waiters.push(resolve));
    this.pump();
    return promise;
  }

  private release(owner: string, keep: Set<string>): void {
    for (let i = this.queue.length - 1; i >= 0; i--) {
      const job = this.queue[i];
      if (!job.owners.has(owner) || keep.has(job.text)) continue;
      job.owners.delete(owner);
      if (job.owners.size === 0 && job.anonymous === 0) {
        this.queue.splice(i, 1);
        this.pending.delete(job.text);
        for (const resolve of job.waiters) resolve({ status: 'cancelled' });
      }
    }
  }

  private pump(): void {
    if (this.current || this.queue.length === 0 || this.disabled) return;
    const job = this.queue.shift() as Job;
    this.current = job;
    this.getWorker().then(
      (worker) => {
        if (this.current !== job) return;
        this.timer = setTimeout(() => this.onTimeout(job), this.timeoutMs);
        const request: WorkerRequest = { id: job.id, text: job.text, maxEdges: this.maxEdges };
        worker.postMessage(request);
      },
      (error: Error) => {
        if (this.current === job) this.finish(job, { status: 'unavailable', detail: error.message }, false);
      },
    );
  }

  private finish(job: Job, result: MermaidResult, remember: boolean): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.current === job) this.current = undefined;
    this.pending.delete(job.text);
    if (remember) this.remember(job.text, result);
    for (const resolve of job.waiters) resolve(result);
    this.pump();
  }

  private remember(text: string, result: MermaidResult): void {
    if (this.cache.has(text)) this.cache.delete(text);
    else this.cacheChars += text.length;
    this.cache.set(text, result);
    while (this.cache.size > this.cacheEntries || this.cacheChars > this.cacheCharsLimit) {
      const oldest = this.cache.keys().next().value as string;
      this.cache.delete(oldest);
      this.cacheChars -= oldest.length;
    }
  }

  private onTimeout(job: Job): void {
    if (this.current !== job) return;
    this.stats.timeouts++;
    const seconds = Math.round(this.timeoutMs / 100) / 10;
    this.options.log?.(`mlsd: a Mermaid check took longer than ${seconds} s; restarting the Mermaid worker`);
    this.stopWorker();
    const first = job.text.split('\n', 1)[0];
    this.finish(
      job,
      {
        status: 'timeout',
        problem: {
          line: 0,
          character: 0,
          endLine: 0,
          endCharacter: first.length,
          message: `Mermaid check timed out after ${seconds} s — the diagram is too large or too complex to check here; simplify or split it.`,
        },
      },
      true,
    );
  }

  private stopWorker(): void {
    const worker = this.worker;
    this.worker = undefined;
    this.ready = undefined;
    if (worker) void worker.terminate();
  }

  private getWorker(): Promise<Worker> {
    if (this.ready) return this.ready;
    this.stats.spawns++;
    const started = performance.now();
    let worker: Worker;
    try {
      // stdout/stderr: true keeps the thread's output off the process's stdout, which carries the LSP stream.
      worker = new Worker(this.options.workerPath, { stdout: true, stderr: true, resourceLimits: { maxOldGenerationSizeMb: 512 } });
    } catch (error) {
      return Promise.reject(this.startupFailed(error as Error));
    }
    worker.unref();
    worker.stdout.resume();
    worker.stderr.resume();
    this.worker = worker;
    const ready = new Promise<Worker>((resolve, reject) => {
      let isReady = false;
      const startup = setTimeout(() => down(new Error(`Mermaid did not load within ${this.startupTimeoutMs} ms`)), this.startupTimeoutMs);
      startup.unref();
      const down = (error: Error): void => {
        clearTimeout(startup);
        if (this.worker !== worker) return;
        this.worker = undefined;
        this.ready = undefined;
        void worker.terminate();
        if (!isReady) {
          reject(this.startupFailed(error));
          return;
        }
        this.stats.crashes++;
        this.options.log?.(`mlsd: the Mermaid worker stopped: ${error.message}`);
        const job = this.current;
        // A block that crashes the worker is remembered as unavailable so it is not retried on every keystroke.
        if (job) this.finish(job, { status: 'unavailable', detail: error.message }, true);
      };
      worker.on('message', (message: WorkerMessage) => {
        if (this.worker !== worker) return;
        if (message.kind === 'ready') {
          clearTimeout(startup);
          isReady = true;
          this.startupFailures = 0;
          const ms = Math.round(performance.now() - started);
          this.stats.coldStartMs.push(ms);
          this.options.log?.(`mlsd: Mermaid worker ready in ${ms} ms (Mermaid loaded in ${message.loadMs} ms)`);
          resolve(worker);
        } else if (message.kind === 'failed') {
          down(new Error(message.error));
        } else if (message.kind === 'result' && this.current && this.current.id === message.id) {
          this.stats.parses++;
          this.finish(this.current, message.result, message.result.status !== 'unavailable');
        }
      });
      worker.on('error', (error) => down(error));
      worker.on('exit', (code) => down(new Error(`exited with code ${code}`)));
    });
    this.ready = ready;
    return ready;
  }

  private startupFailed(error: Error): Error {
    this.startupFailures++;
    if (this.startupFailures >= STARTUP_FAILURES_BEFORE_GIVING_UP && !this.disabled) {
      this.disabled = true;
      this.options.log?.(`mlsd: Mermaid checks are off: the Mermaid worker failed to start ${this.startupFailures} times (${error.message})`);
      const waiting = [...this.queue];
      this.queue.length = 0;
      for (const job of waiting) {
        this.pending.delete(job.text);
        for (const resolve of job.waiters) resolve({ status: 'unavailable', detail: error.message });
      }
    } else {
      this.options.log?.(`mlsd: the Mermaid worker failed to start: ${error.message}`);
    }
    return error;
  }
}
