/**
 * The MLSD language server: the one module that talks to the LSP connection. It keeps open answers, schedules
 * validation (debounced per document, stale results dropped), resolves configuration, and serves coverage.
 * Analysis itself is the pure engine in ./engine.
 */
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createConnection,
  DidChangeConfigurationNotification,
  InitializeResult,
  ProposedFeatures,
  TextDocumentSyncKind,
  TextDocuments,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  AnalysisResult,
  analyze,
  ConfigResolver,
  EngineConfig,
  isSeveritySetting,
  loadBuiltinContent,
  mergeConfig,
  SeveritySetting,
} from './engine';
import { toLspDiagnostic } from './features/convert';
import {
  ANSWER_SUFFIX,
  CoverageChangedNotification,
  CoverageRequest,
  InitializationOptions,
  MlsdSettings,
  SetTrustNotification,
} from './protocol';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);

const DEFAULT_SETTINGS: MlsdSettings = { rules: {}, validate: { run: 'onType', delay: 200 }, maxFileSizeKB: 2048 };
let settings: MlsdSettings = DEFAULT_SETTINGS;
let canPullConfiguration = false;
let workspaceRoots: string[] = [];
let trusted = true;
let resolver: ConfigResolver;

interface CachedAnalysis {
  version: number;
  result: AnalysisResult;
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
  resolver = new ConfigResolver(loadBuiltinContent(), resolverOptions());
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
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
  const cached = analyses.get(doc.uri);
  if (cached && cached.version === doc.version) return cached.result;
  const file = filePath(doc.uri);
  const resolved = resolver.resolve(file);
  const config: EngineConfig = mergeConfig(resolved.config, {
    rules: settings.rules as Record<string, SeveritySetting>,
    maxFileSizeKB: settings.maxFileSizeKB,
    level: settings.level ?? resolved.config.level,
  });
  publishConfigProblems(resolved.problems);
  const result = analyze(resolved.engine, doc.getText(), config);
  analyses.set(doc.uri, { version: doc.version, result });
  return result;
}

function publishConfigProblems(problems: { file: string; message: string; line: number; character: number }[]): void {
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
  for (const file of [...configFilesWithProblems]) {
    if (!byFile.has(file) && problems.length === 0 && resolver.readFile(file)?.problems.length === 0) {
      configFilesWithProblems.delete(file);
      void connection.sendDiagnostics({ uri: pathToUri(file), diagnostics: [] });
    }
  }
}

function pathToUri(file: string): string {
  return 'file://' + path.resolve(file).split(path.sep).map(encodeURIComponent).join('/').replace(/^\/+/, '/');
}

function validate(uri: string): void {
  const doc = documents.get(uri);
  if (!doc) return;
  const version = doc.version;
  let result: AnalysisResult;
  try {
    result = analyzeCurrent(doc);
  } catch (error) {
    connection.console.error(`mlsd: analysis failed for ${uri}: ${(error as Error).stack ?? String(error)}`);
    return;
  }
  // A newer edit arrived while analysing: its own validation will publish.
  if (documents.get(uri)?.version !== version) return;
  void connection.sendDiagnostics({ uri, version, diagnostics: result.diagnostics.map(toLspDiagnostic) });
  void connection.sendNotification(CoverageChangedNotification, { uri, version, coverage: result.coverage });
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

documents.listen(connection);
connection.listen();
