/**
 * Loading and validating the `content/` data, and compiling it into matchers the rules use. The built-in content is
 * read from YAML by the build (and by tests) and shipped as one JSON file; team templates are YAML read at run time.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseYamlSafely, YamlProblem } from './safeYaml';
import { TermMatcher } from './termMatcher';
import {
  CheckDef,
  ConsistencyDef,
  ContentBundle,
  DiagramDef,
  EvidenceGroup,
  GlossaryTermDef,
  HandbookTopicDef,
  PromptDef,
  Severity,
  STEP_IDS,
  StepDef,
  StepId,
  TemplateDef,
  ToolDef,
} from './types';

/** A content file that failed to load or validate. */
export interface ContentProblem {
  file: string;
  message: string;
  line: number;
  character: number;
}

const SEVERITIES: readonly string[] = ['error', 'warning', 'info', 'hint'];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asStringArray(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

function asString(value: unknown, fallback = ''): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : fallback;
}

/** True when `value` is one of the seven step ids. */
export function isStepId(value: unknown): value is StepId {
  return typeof value === 'string' && (STEP_IDS as readonly string[]).includes(value);
}

function asEvidence(value: unknown): EvidenceGroup[] {
  if (!Array.isArray(value)) return [];
  const groups: EvidenceGroup[] = [];
  for (const item of value) {
    if (isRecord(item)) {
      const terms = asStringArray(item.terms);
      if (terms.length === 0) continue;
      groups.push({ label: asString(item.label, 'evidence'), terms, min: typeof item.min === 'number' ? item.min : undefined });
    } else if (Array.isArray(item)) {
      groups.push({ label: 'evidence', terms: asStringArray(item) });
    }
  }
  return groups;
}

/** Reads one step of a template file; `base` supplies defaults when a team template overrides a built-in step. */
function readStep(raw: Record<string, unknown>, base?: StepDef): StepDef | undefined {
  const id = raw.id;
  if (!isStepId(id)) return undefined;
  const weights = isRecord(raw.weights) ? raw.weights : {};
  return {
    id,
    number: typeof raw.number === 'number' ? raw.number : base?.number ?? STEP_IDS.indexOf(id) + 1,
    title: asString(raw.title, base?.title ?? id),
    zh: asString(raw.zh, base?.zh ?? ''),
    focus: asString(raw.focus, base?.focus ?? ''),
    covers: asString(raw.covers, base?.covers ?? ''),
    weights: {
      senior: typeof weights.senior === 'number' ? weights.senior : base?.weights.senior ?? 10,
      staff: typeof weights.staff === 'number' ? weights.staff : base?.weights.staff ?? 10,
    },
    handbook: asString(raw.handbook, base?.handbook ?? ''),
    aliases: [...(base?.aliases ?? []), ...asStringArray(raw.aliases)],
  };
}

function readCheck(raw: Record<string, unknown>, step: StepId): CheckDef | undefined {
  const id = asString(raw.id);
  if (!id) return undefined;
  const severity = asString(raw.severity, 'warning');
  return {
    id,
    step,
    title: asString(raw.title, id),
    severity: (SEVERITIES.includes(severity) ? severity : 'warning') as Severity,
    evidence: asEvidence(raw.evidence),
    appliesWhen: raw.appliesWhen === undefined ? undefined : asStringArray(raw.appliesWhen),
    together: raw.together === true ? true : undefined,
    notCoveredBy: raw.notCoveredBy === undefined ? undefined : asStringArray(raw.notCoveredBy).filter((s): s is StepId => (STEP_IDS as readonly string[]).includes(s)),
    message: asString(raw.message, `${id}: not covered.`),
    why: asString(raw.why),
    example: asString(raw.example),
    stub: asString(raw.stub, `${asString(raw.title, id)}: `),
    handbook: asString(raw.handbook),
  };
}

function readConsistency(raw: Record<string, unknown>): ConsistencyDef | undefined {
  const id = asString(raw.id);
  if (!id || !isStepId(raw.step)) return undefined;
  const sets: Record<string, string[]> = {};
  if (isRecord(raw.sets)) for (const [name, terms] of Object.entries(raw.sets)) sets[name] = asStringArray(terms);
  const severity = asString(raw.severity, 'warning');
  return {
    id,
    title: asString(raw.title, id),
    severity: (SEVERITIES.includes(severity) ? severity : 'warning') as Severity,
    step: raw.step,
    message: asString(raw.message, id),
    why: asString(raw.why),
    handbook: asString(raw.handbook),
    sets,
  };
}

function readPrompt(raw: unknown): PromptDef | undefined {
  if (!isRecord(raw)) return undefined;
  const id = asString(raw.id);
  if (!id) return undefined;
  const points = Array.isArray(raw.points) ? raw.points.filter(isRecord) : [];
  return {
    id,
    title: asString(raw.title, id),
    level: raw.level === 'staff' ? 'staff' : 'senior',
    topic: asString(raw.topic, 'General'),
    tags: asStringArray(raw.tags),
    brief: asString(raw.brief),
    points: points
      .filter((p) => isStepId(p.step) && asString(p.id))
      .map((p) => ({
        id: asString(p.id),
        step: p.step as StepId,
        title: asString(p.title, asString(p.id)),
        evidence: asEvidence(p.evidence),
        message: asString(p.message),
      })),
  };
}

function readGlossary(raw: unknown): { glossary: GlossaryTermDef[]; tools: ToolDef[] } {
  if (!isRecord(raw)) return { glossary: [], tools: [] };
  const glossary: GlossaryTermDef[] = [];
  for (const t of Array.isArray(raw.terms) ? raw.terms.filter(isRecord) : []) {
    const id = asString(t.id);
    if (!id) continue;
    glossary.push({
      id,
      term: asString(t.term, id),
      match: asStringArray(t.match),
      zh: typeof t.zh === 'string' ? t.zh : undefined,
      definition: asString(t.definition),
      step: isStepId(t.step) ? t.step : 'business',
      handbook: typeof t.handbook === 'string' ? t.handbook : undefined,
    });
  }
  const tools: ToolDef[] = [];
  for (const t of Array.isArray(raw.tools) ? raw.tools.filter(isRecord) : []) {
    const name = asString(t.name);
    if (name) tools.push({ name, kind: asString(t.kind), step: isStepId(t.step) ? t.step : 'architecture', detail: asString(t.detail) });
  }
  return { glossary, tools };
}

function readHandbookTopic(raw: unknown): HandbookTopicDef | undefined {
  if (!isRecord(raw) || !asString(raw.id)) return undefined;
  const entries = Array.isArray(raw.entries) ? raw.entries.filter(isRecord) : [];
  return {
    id: asString(raw.id),
    title: asString(raw.title, asString(raw.id)),
    step: isStepId(raw.step) ? raw.step : undefined,
    entries: entries
      .filter((e) => asString(e.id))
      .map((e) => {
        const table = isRecord(e.table) ? e.table : undefined;
        return {
          id: asString(e.id),
          title: asString(e.title, asString(e.id)),
          summary: asString(e.summary),
          table: table
            ? {
                columns: asStringArray(table.columns),
                rows: (Array.isArray(table.rows) ? table.rows : []).map((row) =>
                  Array.isArray(row) ? row.map((cell) => asString(cell)) : [],
                ),
              }
            : undefined,
          items: e.items === undefined ? undefined : (Array.isArray(e.items) ? e.items : []).map((i) => asString(i)),
        };
      }),
  };
}

/** Reads `diagram.yaml`: architecture components with their node terms; reports what is malformed. */
function readDiagram(raw: unknown, file: string, problems: ContentProblem[]): DiagramDef | undefined {
  if (raw === undefined) return undefined;
  const problem = (message: string): void => {
    problems.push({ file, message, line: 0, character: 0 });
  };
  if (!isRecord(raw) || !Array.isArray(raw.components)) {
    problem('diagram.yaml needs a `components:` list');
    return undefined;
  }
  const components: DiagramDef['components'] = [];
  for (const item of raw.components) {
    const id = isRecord(item) ? asString(item.id) : '';
    if (!isRecord(item) || !id || components.some((c) => c.id === id)) {
      problem(`diagram component ${JSON.stringify(id)} is missing an id or repeats one`);
      continue;
    }
    if (!isStepId(item.step)) problem(`diagram component ${id}: step must be one of ${STEP_IDS.join(', ')}`);
    const terms = asStringArray(item.terms);
    if (terms.length === 0) problem(`diagram component ${id} has no terms`);
    components.push({
      id,
      title: asString(item.title, id),
      zh: asString(item.zh),
      noun: asString(item.noun, asString(item.title, id)),
      step: isStepId(item.step) ? item.step : 'architecture',
      terms,
      mentions: asStringArray(item.mentions),
    });
  }
  const loop = isRecord(raw.feedbackLoop) ? raw.feedbackLoop : {};
  const feedbackLoop = { from: asStringArray(loop.from), to: asStringArray(loop.to) };
  for (const id of [...feedbackLoop.from, ...feedbackLoop.to]) {
    if (!components.some((c) => c.id === id)) problem(`feedbackLoop names unknown component ${JSON.stringify(id)}`);
  }
  return { components, feedbackLoop };
}

/** Reads a template document (`template.yaml` shape) on top of optional base steps. */
export function readTemplate(raw: unknown, base?: TemplateDef): TemplateDef {
  const steps = new Map<StepId, StepDef>((base?.steps ?? []).map((s) => [s.id, s]));
  if (isRecord(raw) && Array.isArray(raw.steps)) {
    for (const item of raw.steps.filter(isRecord)) {
      const step = readStep(item, isStepId(item.id) ? steps.get(item.id) : undefined);
      if (step) steps.set(step.id, step);
    }
  }
  const nonTemplate = [...(base?.nonTemplate ?? []), ...(isRecord(raw) ? asStringArray(raw.nonTemplate) : [])];
  const weakAliases = [...(base?.weakAliases ?? []), ...(isRecord(raw) ? asStringArray(raw.weakAliases) : [])];
  return { steps: STEP_IDS.filter((id) => steps.has(id)).map((id) => steps.get(id) as StepDef), nonTemplate, weakAliases };
}

/** Reads a checks document (`rules/<step>.yaml` shape). */
export function readChecks(raw: unknown, fallbackStep?: StepId): CheckDef[] {
  if (!isRecord(raw) || !Array.isArray(raw.checks)) return [];
  const fileStep = isStepId(raw.step) ? raw.step : fallbackStep;
  const checks: CheckDef[] = [];
  for (const item of raw.checks.filter(isRecord)) {
    const idStep = asString(item.id).split('.')[0];
    const step = isStepId(item.step) ? item.step : isStepId(idStep) ? idStep : fileStep;
    if (!step) continue;
    const check = readCheck(item, step);
    if (check) checks.push(check);
  }
  return checks;
}

function readYamlFile(file: string, problems: ContentProblem[]): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    problems.push({ file, message: `cannot read: ${(error as Error).message}`, line: 0, character: 0 });
    return undefined;
  }
  const result = parseYamlSafely(text);
  for (const p of result.problems) problems.push({ file, ...p });
  return result.value;
}

function yamlFiles(dir: string): string[] {
  try {
    return fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
      .sort()
      .map((f) => path.join(dir, f));
  } catch {
    return [];
  }
}

/** Loads the whole content folder from YAML (used by the build and by tests). */
export function loadContentFromDirectory(dir: string): { content: ContentBundle; problems: ContentProblem[] } {
  const problems: ContentProblem[] = [];
  const template = readTemplate(readYamlFile(path.join(dir, 'template.yaml'), problems));
  const checks: CheckDef[] = [];
  let consistency: ConsistencyDef[] = [];
  let notEvidence: string[] | undefined;
  for (const file of yamlFiles(path.join(dir, 'rules'))) {
    const raw = readYamlFile(file, problems);
    if (path.basename(file).startsWith('not-evidence')) {
      notEvidence = isRecord(raw) ? asStringArray(raw.phrases) : [];
    } else if (path.basename(file).startsWith('consistency')) {
      consistency = isRecord(raw) && Array.isArray(raw.checks)
        ? raw.checks.filter(isRecord).map(readConsistency).filter((c): c is ConsistencyDef => !!c)
        : [];
    } else {
      checks.push(...readChecks(raw));
    }
  }
  const prompts = yamlFiles(path.join(dir, 'prompts'))
    .map((file) => readPrompt(readYamlFile(file, problems)))
    .filter((p): p is PromptDef => !!p);
  const { glossary, tools } = readGlossary(readYamlFile(path.join(dir, 'glossary.yaml'), problems));
  const handbook = yamlFiles(path.join(dir, 'handbook'))
    .map((file) => readHandbookTopic(readYamlFile(file, problems)))
    .filter((t): t is HandbookTopicDef => !!t);
  const diagramFile = path.join(dir, 'diagram.yaml');
  const diagram = fs.existsSync(diagramFile) ? readDiagram(readYamlFile(diagramFile, problems), diagramFile, problems) : undefined;
  // Keep checks in template step order so the registry and docs read top to bottom.
  checks.sort((a, b) => STEP_IDS.indexOf(a.step) - STEP_IDS.indexOf(b.step));
  return { content: { template, checks, consistency, prompts, glossary, tools, handbook, diagram, notEvidence }, problems };
}

/** A check with its evidence compiled to term ids. */
export interface CompiledCheck {
  def: CheckDef;
  groups: { label: string; terms: number[]; min: number }[];
  appliesWhen?: number[];
}

/** Content compiled for fast analysis; build once per content bundle and reuse across documents. */
export interface CompiledContent {
  content: ContentBundle;
  matcher: TermMatcher;
  checks: CompiledCheck[];
  consistency: Map<string, { def: ConsistencyDef; sets: Record<string, number[]> }>;
  prompts: Map<string, { def: PromptDef; points: { def: PromptDef['points'][number]; groups: CompiledCheck['groups'] }[] }>;
  steps: Map<StepId, StepDef>;
}

function compileGroups(matcher: TermMatcher, groups: EvidenceGroup[]): CompiledCheck['groups'] {
  return groups.map((g) => ({ label: g.label, terms: g.terms.map((t) => matcher.add(t)), min: g.min ?? 1 }));
}

/** Compiles every term of the content into one matcher. */
export function compileContent(content: ContentBundle): CompiledContent {
  const matcher = new TermMatcher();
  const checks = content.checks.map((def) => ({
    def,
    groups: compileGroups(matcher, def.evidence),
    appliesWhen: def.appliesWhen?.map((t) => matcher.add(t)),
  }));
  const consistency = new Map<string, { def: ConsistencyDef; sets: Record<string, number[]> }>();
  for (const def of content.consistency) {
    const sets: Record<string, number[]> = {};
    for (const [name, terms] of Object.entries(def.sets)) sets[name] = terms.map((t) => matcher.add(t));
    consistency.set(def.id, { def, sets });
  }
  const prompts: CompiledContent['prompts'] = new Map();
  for (const def of content.prompts) {
    prompts.set(def.id, { def, points: def.points.map((p) => ({ def: p, groups: compileGroups(matcher, p.evidence) })) });
  }
  for (const phrase of content.notEvidence ?? []) matcher.addBlocker(phrase);
  matcher.build();
  return { content, matcher, checks, consistency, prompts, steps: new Map(content.template.steps.map((s) => [s.id, s])) };
}

/** Merges a team template (YAML already parsed) over the built-in content: steps and checks by id, added checks. */
export function mergeTeamTemplate(base: ContentBundle, raw: unknown): ContentBundle {
  const template = readTemplate(raw, base.template);
  const extra = readChecks(raw);
  const byId = new Map(base.checks.map((c) => [c.id, c]));
  for (const check of extra) byId.set(check.id, check);
  const checks = [...byId.values()].sort((a, b) => STEP_IDS.indexOf(a.step) - STEP_IDS.indexOf(b.step));
  return { ...base, template, checks };
}

/** Location-aware problems in a YAML document, reused for config diagnostics. */
export type { YamlProblem };
