/**
 * The coverage score: per step, checks passed over checks applicable; a total weighted by level (senior or staff
 * profile from `content/template.yaml`), minus a small deduction per failed cross-section check.
 */
import { CompiledContent } from './content';
import { EngineConfig, severityFor } from './config';
import { unmetGroups } from './evidence';
import { AnswerDocument } from './parse';
import { evaluateCheck } from './rules/contentChecks';
import { EvidenceIndex } from './evidence';
import { Coverage, Level, STEP_IDS, StepCoverage, StepId } from './types';

/** Points removed from the total for each failed cross-section check. */
export const CONSISTENCY_DEDUCTION = 3;

/** Computes coverage from the evidence already gathered for diagnostics. */
export function computeCoverage(
  doc: AnswerDocument,
  compiled: CompiledContent,
  config: EngineConfig,
  evidence: EvidenceIndex,
  absent: Map<StepId, 'missing' | 'empty'>,
  firedConsistency: string[],
): Coverage {
  const fmLevel = doc.frontmatter?.data.level;
  const level: Level = fmLevel === 'staff' || fmLevel === 'senior' ? fmLevel : config.level ?? 'senior';
  const steps = {} as Record<StepId, StepCoverage>;
  let weighted = 0;
  let weightSum = 0;
  for (const id of STEP_IDS) {
    const def = compiled.steps.get(id);
    const disabled = config.disabledSteps.includes(id);
    const section = doc.sections.find((s) => s.steps.includes(id));
    const checks = compiled.checks.filter((c) => c.def.step === id && severityFor(c.def.id, c.def.severity, config.rules) !== 'off');
    let passed = 0;
    let applicable = 0;
    const missing: string[] = [];
    const outcomes: StepCoverage['checks'] = [];
    const present = !absent.has(id);
    for (const check of checks) {
      const outcome = present ? evaluateCheck({ doc, evidence }, check).outcome : 'fail';
      if (outcome === 'not-applicable') continue;
      applicable++;
      outcomes.push({ id: check.def.id, title: check.def.title, passed: outcome !== 'fail' });
      if (outcome === 'fail') missing.push(check.def.id);
      else passed++;
    }
    steps[id] = { title: def?.title ?? id, present, passed, applicable, missing, checks: outcomes, line: section?.heading.line };
    if (disabled || !def) continue;
    const weight = def.weights[level];
    weightSum += weight;
    weighted += weight * (present ? (applicable === 0 ? 1 : passed / applicable) : 0);
  }
  const raw = weightSum === 0 ? 0 : (weighted / weightSum) * 100;
  const total = Math.max(0, Math.round(raw - CONSISTENCY_DEDUCTION * firedConsistency.length));
  const ratio = (id: StepId): number => (steps[id].applicable === 0 ? (steps[id].present ? 1 : 0) : steps[id].passed / steps[id].applicable);
  const readiness = Math.round(Math.min(ratio('mlops'), ratio('monitoring'), ratio('governance')) * 100);
  const coverage: Coverage = { total, level, readiness, steps, consistency: { failed: firedConsistency } };
  const promptId = doc.frontmatter?.data.prompt;
  const prompt = typeof promptId === 'string' ? compiled.prompts.get(promptId) : undefined;
  if (prompt) {
    const missingPoints = prompt.points
      .filter((p) => unmetGroups(evidence.document(), p.groups).length > 0)
      .map((p) => `prompt.${prompt.def.id}.${p.def.id}`);
    coverage.prompt = {
      id: prompt.def.id,
      title: prompt.def.title,
      passed: prompt.points.length - missingPoints.length,
      applicable: prompt.points.length,
      missing: missingPoints,
    };
  }
  return coverage;
}
