/** Messages between the fuzz parent and its worker process, and the time budgets both sides use. */
import type { FuzzConfig } from './generate';

/** Time allowed for analysing one answer: 50 ms plus 2 ms per KB. */
export function budgetMs(chars: number): number {
  return 50 + (2 * chars) / 1024;
}

/** Time allowed for one in-process `mlsd-lint` run (it also loads and compiles the content): 1 s + 3 ms/KB + 50 ms/file. */
export function cliBudgetMs(chars: number, files: number): number {
  return 1000 + (3 * chars) / 1024 + 50 * files;
}

export type FailureKind = 'exception' | 'timeout' | 'invariant' | 'hang' | 'crash';

export type CheckResult = { ok: true; ms: number } | { ok: false; kind: FailureKind; message: string; stack?: string; ms: number };

export type ChildRequest =
  | { type: 'analyze'; id: number; text: string; config: FuzzConfig }
  | { type: 'cli'; id: number; args: string[]; files: string[]; totalChars: number };
