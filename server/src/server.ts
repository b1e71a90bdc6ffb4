/**
 * The MLSD language server: the one module that talks to the LSP connection. It keeps open answers, schedules
 * validation (debounced per document, stale results dropped), resolves configuration, and serves coverage.
 * Analysis itself is the pure engine in ./engine.
 */
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  createConnection,
  DidChangeConfigurationNotification,
  InitializeResult,
  ProposedFeatures,
  CodeActionKind,
  TextDocumentSyncKind,
  TextDocuments,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  AnalysisResult,
  analyze,
  AnswerDocument,
  Engine,
  parse,
  readAnswerFile,
  ConfigResolver,
  EngineConfig,
  isSeveritySetting,
  loadBuiltinContent,
  mergeConfig,
  SeveritySetting,
} from './engine';
import { codeActions, ConfigTarget, FIX_ALL_KIND } from './features/codeActions';
import { codeLenses } from './features/codeLens';
import { completions } from './features/completion';
import { toLspDiagnostic } from './features/convert';
import { GlossaryIndex } from './features/glossary';
import { hover } from './features/hover';
import { documentSymbols } from './features/symbols';
import { answerDiagrams } from './mermaid/answer';
import type { MermaidStatus } from './mermaid/types';
import { MermaidValidator } from './mermaid/validator';
import {
  ANSWER_SUFFIX,
  CoverageChangedNotification,
  CoverageRequest,
  DiagramsRequest,
  InitializationOptions,
  LintFilesRequest,
  MlsdSettings,
  StepAtRequest,
  MermaidBlockInfo,
  MermaidBlocksRequest,
  AnswerInfoRequest,
  SetTrustNotification,
} from './protocol';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
/** Mermaid's own parser, in a worker thread started on the first answer with a ```mermaid block. */
const mermaidValidator = new MermaidValidator({
  workerPath: path.join(__dirname, 'mermaid.worker.js'),
  log: (message) => connection.console.log(message),
});

const DEFAULT_SETTINGS: MlsdSettings = { rules: {}, validate: { run: 'onType', delay: 200 }, maxFileSizeKB: 2048 };
let settings: MlsdSettings = DEFAULT_SETTINGS;
let canPullConfiguration = false;
let workspaceRoots: string[] = [];
let trusted = true;
let resolver: ConfigResolver;
let glossary: GlossaryIndex;

interface CachedAnalysis {
  version: number;
  result: AnalysisResult;
  engine: Engine;
  config: EngineConfig;
}
const analyses = new Map<string, CachedAnalysis>();
const timers = new Map<string, NodeJS.Timeout | NodeJS.Immediate>();
/** Config files that currently have problems published on them. */
const configFilesWithProblems = new Set<string>();

function isAnswer(uri: string): boolean {
  return uri.toLowerCase().endsWith(ANSWER_SUFFIX);
}

function filePath(uri: string): string | undefined {
  return uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
}

function resolverOptions(): { templateRoots?: string[]; stopAt?: string[] } {
  return { templateRoots: trusted ? undefined : workspaceRoots, stopAt: workspaceRoots.length > 0 ? workspaceRoots : undefined };
}

connection.onInitialize((params): InitializeResult => {
  const init = (params.initializationOptions ?? {}) as Partial<InitializationOptions>;
  trusted = init.workspaceTrusted !== false;
  workspaceRoots = (params.workspaceFolders ?? [])
    .map((f) => filePath(f.uri))
    .filter((p): p is string => !!p);
  canPullConfiguration = !!params.capabilities.workspace?.configuration;
  const builtin = loadBuiltinContent();
  resolver = new ConfigResolver(builtin, resolverOptions());
  glossary = new GlossaryIndex(builtin);
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: false },
      hoverProvider: true,
      completionProvider: { triggerCharacters: ['#', ':', ' '], resolveProvider: false },
      documentSymbolProvider: { label: 'MLSD steps' },
      codeLensProvider: { resolveProvider: false },
    },
    serverInfo: { name: 'mlsd-language-server', version: '0.1.0' },
  };
});

connection.onInitialized(() => {
  if (canPullConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'mlsd' });
  void refreshSettings();
});

function sanitizeSettings(raw: unknown): MlsdSettings {
  const value = (typeof raw === 'object' && raw !== null ? raw : {}) as Partial<MlsdSettings>;
  const rules: Record<string, string> = {};
  if (value.rules && typeof value.rules === 'object') {
    for (const [id, sev] of Object.entries(value.rules)) if (isSeveritySetting(sev)) rules[id] = sev;
  }
  const delay = Number(value.validate?.delay);
  return {
    rules,
    validate: {
      run: value.validate?.run === 'onSave' ? 'onSave' : 'onType',
      delay: Number.isFinite(delay) && delay >= 0 ? delay : DEFAULT_SETTINGS.validate.delay,
    },
    maxFileSizeKB: Number(value.maxFileSizeKB) > 0 ? Number(value.maxFileSizeKB) : DEFAULT_SETTINGS.maxFileSizeKB,
    level: value.level === 'staff' || value.level === 'senior' ? value.level : undefined,
  };
}

async function refreshSettings(): Promise<void> {
  if (canPullConfiguration) {
    try {
      settings = sanitizeSettings(await connection.workspace.getConfiguration('mlsd'));
    } catch {
      settings = DEFAULT_SETTINGS;
    }
  }
  revalidateAll();
}

connection.onDidChangeConfiguration((change) => {
  if (!canPullConfiguration) settings = sanitizeSettings((change.settings as { mlsd?: unknown } | undefined)?.mlsd);
  void refreshSettings();
});

connection.onDidChangeWatchedFiles(() => {
  resolver.invalidate();
  revalidateAll();
});

connection.onNotification(SetTrustNotification, ({ trusted: value }) => {
  trusted = value;
  resolver.setOptions(resolverOptions());
  revalidateAll();
});

function revalidateAll(): void {
  // Settings, config files or trust changed: cached results were computed under the old configuration.
  analyses.clear();
  for (const doc of documents.all()) schedule(doc, 0);
}

function schedule(doc: TextDocument, delay: number): void {
  if (!isAnswer(doc.uri)) return;
  const pending = timers.get(doc.uri);
  if (pending) {
    clearTimeout(pending as NodeJS.Timeout);
    clearImmediate(pending as NodeJS.Immediate);
  }
  const run = (): void => {
    timers.delete(doc.uri);
    validate(doc.uri);
  };
  timers.set(doc.uri, delay <= 0 ? setImmediate(run) : setTimeout(run, delay));
}

function analyzeCurrent(doc: TextDocument): AnalysisResult {
  return analyzeCached(doc).result;
}

function analyzeCached(doc: TextDocument): CachedAnalysis {
  const cached = analyses.get(doc.uri);
  if (cached && cached.version === doc.version) return cached;
  const entry = analyzeText(doc.uri, doc.getText());
  const result = { version: doc.version, ...entry };
  analyses.set(doc.uri, result);
  return result;
}

function analyzeText(uri: string, text: string): { result: AnalysisResult; engine: Engine; config: EngineConfig } {
  const file = filePath(uri);
  const resolved = resolver.resolve(file);
  const config: EngineConfig = mergeConfig(resolved.config, {
    rules: settings.rules as Record<string, SeveritySetting>,
    maxFileSizeKB: settings.maxFileSizeKB,
    level: settings.level ?? resolved.config.level,
  });
  publishConfigProblems(resolved.problems, resolved.file);
  return { result: analyze(resolved.engine, text, config), engine: resolved.engine, config };
}

function publishConfigProblems(problems: { file: string; message: string; line: number; character: number }[], configFile?: string): void {
  const byFile = new Map<string, typeof problems>();
  for (const p of problems) byFile.set(p.file, [...(byFile.get(p.file) ?? []), p]);
  for (const [file, list] of byFile) {
    configFilesWithProblems.add(file);
    void connection.sendDiagnostics({
      uri: pathToUri(file),
      diagnostics: list.map((p) => ({
        range: { start: { line: p.line, character: p.character }, end: { line: p.line, character: p.character + 1 } },
        severity: 1,
        source: 'mlsd',
        code: 'config.invalid',
        message: `${p.message} (built-in defaults are used meanwhile)`,
      })),
    });
  }
  if (configFile && !byFile.has(configFile) && configFilesWithProblems.delete(configFile)) {
    void connection.sendDiagnostics({ uri: pathToUri(configFile), diagnostics: [] });
  }
}

function pathToUri(file: string): string {
  return pathToFileURL(path.resolve(file)).toString();
}

function validate(uri: string): void {
  const doc = documents.get(uri);
  if (!doc) return;
  const version = doc.version;
  let cached: CachedAnalysis;
  try {
    cached = analyzeCached(doc);
  } catch (error) {
    connection.console.error(`mlsd: analysis failed for ${uri}: ${(error as Error).stack ?? String(error)}`);
    return;
  }
  const result = cached.result;
  // A newer edit arrived while analysing: its own validation will publish.
  if (documents.get(uri)?.version !== version) return;
  const diagnostics = result.diagnostics.map(toLspDiagnostic);
  // Mermaid findings: merged now when every block is cached, else published again when the worker has parsed them.
  let diagrams: ReturnType<typeof answerDiagrams>;
  try {
    diagrams = answerDiagrams(mermaidValidator, cached.engine, doc.getText(), cached.config, uri);
  } catch (error) {
    connection.console.error(`mlsd: Mermaid check failed for ${uri}: ${(error as Error).stack ?? String(error)}`);
  }
  void connection.sendDiagnostics({ uri, version, diagnostics: [...diagnostics, ...(diagrams?.now.diagnostics.map(toLspDiagnostic) ?? [])] });
  void connection.sendNotification(CoverageChangedNotification, { uri, version, coverage: result.coverage });
  diagrams?.later?.then(
    (pass) => {
      if (documents.get(uri)?.version !== version) return;
      void connection.sendDiagnostics({ uri, version, diagnostics: [...diagnostics, ...pass.diagnostics.map(toLspDiagnostic)] });
    },
    (error: unknown) => connection.console.error(`mlsd: Mermaid check failed for ${uri}: ${String(error)}`),
  );
}

documents.onDidOpen((e) => schedule(e.document, 0));
documents.onDidChangeContent((e) => {
  if (settings.validate.run === 'onType') schedule(e.document, settings.validate.delay);
});
documents.onDidSave((e) => {
  if (settings.validate.run === 'onSave') schedule(e.document, 0);
});
documents.onDidClose((e) => {
  const pending = timers.get(e.document.uri);
  if (pending) clearTimeout(pending as NodeJS.Timeout);
  timers.delete(e.document.uri);
  analyses.delete(e.document.uri);
  if (isAnswer(e.document.uri)) void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
});

connection.onRequest(CoverageRequest, ({ uri }) => {
  const doc = documents.get(uri);
  if (!doc || !isAnswer(uri)) return null;
  return analyzeCurrent(doc).coverage;
});

/** Parsed document and engine for feature requests on an open answer. */
function featureInputs(uri: string): { doc: TextDocument; parsed: AnswerDocument; cached: CachedAnalysis } | undefined {
  const doc = documents.get(uri);
  if (!doc || !isAnswer(uri)) return undefined;
  const cached = analyzeCached(doc);
  return { doc, parsed: parse(cached.engine, doc.getText()), cached };
}

function configTarget(uri: string): ConfigTarget | undefined {
  const file = filePath(uri);
  if (!file) return undefined;
  const existing = resolver.findConfigFile(file);
  if (existing) {
    const read = readAnswerFile(existing);
    return 'problem' in read ? undefined : { uri: pathToUri(existing), text: read.text };
  }
  const root = workspaceRoots.find((r) => !path.relative(r, file).startsWith('..')) ?? path.dirname(file);
  return { uri: pathToUri(path.join(root, '.mlsd.yaml')) };
}

connection.onCodeAction(({ textDocument, context }) => {
  const inputs = featureInputs(textDocument.uri);
  if (!inputs) return [];
  return codeActions(
    { uri: textDocument.uri, doc: inputs.parsed, engine: inputs.cached.engine, lines: inputs.doc.getText().split(/\r?\n|\r/), config: configTarget(textDocument.uri) },
    context.diagnostics,
    context.only,
  );
});

function lineOf(doc: TextDocument, line: number): string {
  return doc.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } }).replace(/\r?\n$/, '');
}

connection.onHover(({ textDocument, position }) => {
  const inputs = featureInputs(textDocument.uri);
  if (!inputs) return null;
  return hover(inputs.cached.engine, glossary, lineOf(inputs.doc, position.line), position.line, position.character);
});

connection.onCompletion(({ textDocument, position }) => {
  const inputs = featureInputs(textDocument.uri);
  if (!inputs) return [];
  return completions(inputs.cached.engine, inputs.parsed, lineOf(inputs.doc, position.line), position.line, position.character);
});

connection.onDocumentSymbol(({ textDocument }) => {
  const inputs = featureInputs(textDocument.uri);
  return inputs ? documentSymbols(inputs.cached.engine, inputs.parsed) : [];
});

connection.onCodeLens(({ textDocument }) => {
  const inputs = featureInputs(textDocument.uri);
  return inputs ? codeLenses(textDocument.uri, inputs.parsed, inputs.cached.result.coverage) : [];
});

connection.onRequest(AnswerInfoRequest, ({ uri }) => {
  const inputs = featureInputs(uri);
  if (!inputs) return null;
  const data = inputs.parsed.frontmatter?.data ?? {};
  return {
    prompt: typeof data.prompt === 'string' ? data.prompt : undefined,
    timebox: typeof data.timebox === 'number' && data.timebox > 0 && data.timebox <= 600 ? data.timebox : undefined,
    level: typeof data.level === 'string' ? data.level : undefined,
  };
});

connection.onRequest(MermaidBlocksRequest, async ({ uri }) => {
  const inputs = featureInputs(uri);
  if (!inputs) return [];
  const blocks = inputs.parsed.mermaid;
  // The preview renders on a page that a runaway Mermaid parse would freeze; the worker's time-limited parse vets
  // each block first (cached per block text, so this is usually instant after the diagnostics pass).
  const results = blocks.length > 0 ? await mermaidValidator.validate(blocks) : [];
  return blocks.map((m, i) => ({
    line: m.contentLine,
    code: m.content,
    section: inputs.parsed.blocks[m.block]?.heading?.text ?? '',
    check: previewCheck(results[i]?.status),
  }));
});

function previewCheck(status: MermaidStatus | undefined): MermaidBlockInfo['check'] {
  switch (status) {
    case 'ok':
    case 'syntax':
    case 'limit':
      return status;
    case 'timeout':
      return 'slow';
    default:
      return 'unchecked';
  }
}

connection.onRequest(DiagramsRequest, async ({ uri }) => {
  const doc = documents.get(uri);
  if (!doc || !isAnswer(uri)) return [];
  const cached = analyzeCached(doc);
  const diagrams = answerDiagrams(mermaidValidator, cached.engine, doc.getText(), cached.config);
  if (!diagrams) return [];
  return (diagrams.later ? await diagrams.later : diagrams.now).diagrams;
});

connection.onShutdown(() => mermaidValidator.dispose());

connection.onRequest(StepAtRequest, ({ uri, line }) => {
  const inputs = featureInputs(uri);
  if (!inputs) return null;
  const section = inputs.parsed.sections.find((s) => s.startLine <= line && line < s.endLine);
  return section ? section.steps[0] : null;
});

connection.onRequest(LintFilesRequest, ({ uris }) => {
  let findings = 0;
  for (const uri of uris) {
    if (!isAnswer(uri) || documents.get(uri)) continue;
    const file = filePath(uri);
    if (!file) continue;
    // Regular text files only: a FIFO named *.mlsd.md would otherwise block the server forever.
    const read = readAnswerFile(file);
    if ('problem' in read) {
      connection.console.warn(`mlsd: ${file}: ${read.problem}`);
      continue;
    }
    const { result } = analyzeText(uri, read.text);
    findings += result.diagnostics.length;
    void connection.sendDiagnostics({ uri, diagnostics: result.diagnostics.map(toLspDiagnostic) });
  }
  return { findings };
});

documents.listen(connection);
connection.listen();
