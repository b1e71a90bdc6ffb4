/**
 * The custom LSP messages between the MLSD client and server (the one place they are declared).
 */
import { NotificationType, RequestType } from 'vscode-languageserver-protocol';
import type { Coverage } from './engine/types';
import type { DiagramInfo } from './mermaid/types';

/** Parameters naming one answer. */
export interface DocumentParams {
  uri: string;
}

/** `mlsd/coverage`: the coverage of an open answer (null when the document is not an answer). */
export const CoverageRequest = new RequestType<DocumentParams, Coverage | null, void>('mlsd/coverage');

/** `mlsd/coverageChanged`: pushed after each validation so views update without polling. */
export interface CoverageChangedParams {
  uri: string;
  version: number;
  coverage: Coverage;
}
export const CoverageChangedNotification = new NotificationType<CoverageChangedParams>('mlsd/coverageChanged');

/** Options the client passes at start-up. */
export interface InitializationOptions {
  /** False in an untrusted workspace: team templates outside the workspace are refused. */
  workspaceTrusted: boolean;
}

/** `mlsd/setTrust`: the workspace's trust changed. */
export const SetTrustNotification = new NotificationType<{ trusted: boolean }>('mlsd/setTrust');

/** Settings under `mlsd.*` as the server reads them. */
export interface MlsdSettings {
  rules: Record<string, string>;
  validate: { run: 'onType' | 'onSave'; delay: number };
  maxFileSizeKB: number;
  level?: 'senior' | 'staff';
}

/** File-name suffix of MLSD answers. */
export const ANSWER_SUFFIX = '.mlsd.md';

/** `mlsd/lintFiles`: analyse answers that are not open (read from disk) and publish their diagnostics. */
export const LintFilesRequest = new RequestType<{ uris: string[] }, { findings: number }, void>('mlsd/lintFiles');

/** `mlsd/stepAt`: the template step whose section contains a line (null outside any step). */
export const StepAtRequest = new RequestType<{ uri: string; line: number }, string | null, void>('mlsd/stepAt');

/** Facts from an answer's frontmatter the client needs (timer length, prompt). */
export interface AnswerInfo {
  prompt?: string;
  timebox?: number;
  level?: string;
}

/** `mlsd/answerInfo`: frontmatter facts of an open answer (null when it is not an answer). */
export const AnswerInfoRequest = new RequestType<{ uri: string }, AnswerInfo | null, void>('mlsd/answerInfo');

/** One ```mermaid block of an answer, as the preview needs it. */
export interface MermaidBlockInfo {
  /** Zero-based line of the first line of the diagram source. */
  line: number;
  code: string;
  /** Title of the section the block sits in ("" before the first heading). */
  section: string;
  /**
   * What Mermaid's parser in the server's worker made of the block before any renderer sees it: `slow` means the
   * parse ran past the time limit, so drawing it would freeze a page; `unchecked` means the worker could not say.
   */
  check: 'ok' | 'syntax' | 'limit' | 'slow' | 'unchecked';
}

/** `mlsd/mermaidBlocks`: the Mermaid blocks of an open answer, in document order. */
export const MermaidBlocksRequest = new RequestType<{ uri: string }, MermaidBlockInfo[], void>('mlsd/mermaidBlocks');

/**
 * `mlsd/diagrams`: every ```mermaid block of an open answer, parsed by Mermaid in the server's worker, with its nodes
 * classified into template components (one entry per block, in document order; empty when the document is not an
 * open answer or has no block). Labels are plain text taken from the answer: display them as text, never as HTML.
 */
export const DiagramsRequest = new RequestType<DocumentParams, DiagramInfo[], void>('mlsd/diagrams');
export type { DiagramInfo };
