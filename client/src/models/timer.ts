/**
 * Interview timer logic, free of `vscode` and of real time: every function takes `now` (ms), so tests drive it with
 * an injected clock. Phases follow the seed handbook (clarify 5–10 min, high-level design 10–15, deep dive 15–20,
 * trade-offs 5), scaled to the session's total; the candidate moves on with "Next phase".
 */

/** One interview phase with its minute budget. */
export interface Phase {
  id: string;
  label: string;
  minutes: number;
}

/** The seed handbook's phases with their minute ranges. */
export const SEED_PHASES: readonly { id: string; label: string; min: number; max: number }[] = [
  { id: 'clarify', label: 'Clarify requirements', min: 5, max: 10 },
  { id: 'design', label: 'High-level design', min: 10, max: 15 },
  { id: 'deep-dive', label: 'Deep dive', min: 15, max: 20 },
  { id: 'tradeoffs', label: 'Trade-offs & wrap-up', min: 5, max: 5 },
];

/** Splits `total` minutes over the seed phases in proportion to their midpoints; budgets sum exactly to `total`. */
export function planPhases(total: number): Phase[] {
  const minutes = Math.max(4, Math.round(total));
  const mids = SEED_PHASES.map((p) => (p.min + p.max) / 2);
  const sum = mids.reduce((a, b) => a + b, 0);
  const raw = mids.map((m) => (m / sum) * minutes);
  const rounded = raw.map((r) => Math.max(1, Math.floor(r)));
  let left = minutes - rounded.reduce((a, b) => a + b, 0);
  const order = raw.map((r, i) => ({ i, frac: r - Math.floor(r) })).sort((a, b) => b.frac - a.frac);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) rounded[order[k].i]++;
  return SEED_PHASES.map((p, i) => ({ id: p.id, label: p.label, minutes: rounded[i] }));
}

/** Persisted timer state (plain JSON, survives a window reload). */
export interface TimerState {
  startedAt: number;
  totalMinutes: number;
  phases: Phase[];
  phaseIndex: number;
  /** Active (unpaused) milliseconds at which the current phase began. */
  phaseStartedActiveMs: number;
  pausedAt?: number;
  pausedMs: number;
  prompt?: string;
  uri?: string;
  notifiedPhaseOverrun: boolean;
  notifiedTimeUp: boolean;
}

/** Starts a session. */
export function startTimer(now: number, totalMinutes: number, prompt?: string, uri?: string): TimerState {
  return {
    startedAt: now,
    totalMinutes,
    phases: planPhases(totalMinutes),
    phaseIndex: 0,
    phaseStartedActiveMs: 0,
    pausedMs: 0,
    prompt,
    uri,
    notifiedPhaseOverrun: false,
    notifiedTimeUp: false,
  };
}

/** Milliseconds the timer has been running, pauses excluded. */
export function activeMs(state: TimerState, now: number): number {
  return Math.max(0, (state.pausedAt ?? now) - state.startedAt - state.pausedMs);
}

/** What the status bar shows. */
export interface TimerSnapshot {
  phase: Phase;
  phaseIndex: number;
  phaseCount: number;
  /** Negative when the phase is over budget. */
  phaseRemainingMs: number;
  totalRemainingMs: number;
  elapsedMs: number;
  paused: boolean;
}

/** The timer as of `now`. */
export function snapshot(state: TimerState, now: number): TimerSnapshot {
  const elapsed = activeMs(state, now);
  const phase = state.phases[state.phaseIndex];
  return {
    phase,
    phaseIndex: state.phaseIndex,
    phaseCount: state.phases.length,
    phaseRemainingMs: phase.minutes * 60_000 - (elapsed - state.phaseStartedActiveMs),
    totalRemainingMs: state.totalMinutes * 60_000 - elapsed,
    elapsedMs: elapsed,
    paused: state.pausedAt !== undefined,
  };
}

/** Moves to the next phase (stays on the last one). */
export function nextPhase(state: TimerState, now: number): TimerState {
  if (state.phaseIndex >= state.phases.length - 1) return state;
  return { ...state, phaseIndex: state.phaseIndex + 1, phaseStartedActiveMs: activeMs(state, now), notifiedPhaseOverrun: false };
}

/** Pauses a running timer. */
export function pauseTimer(state: TimerState, now: number): TimerState {
  return state.pausedAt === undefined ? { ...state, pausedAt: now } : state;
}

/** Resumes a paused timer. */
export function resumeTimer(state: TimerState, now: number): TimerState {
  return state.pausedAt === undefined ? state : { ...state, pausedMs: state.pausedMs + (now - state.pausedAt), pausedAt: undefined };
}

/** Notices due at `now`: each fires once per phase (overrun) or once per session (time up). */
export function dueNotices(state: TimerState, now: number): { notices: ('phase-overrun' | 'time-up')[]; state: TimerState } {
  const snap = snapshot(state, now);
  const notices: ('phase-overrun' | 'time-up')[] = [];
  let next = state;
  if (snap.phaseRemainingMs < 0 && !state.notifiedPhaseOverrun) {
    notices.push('phase-overrun');
    next = { ...next, notifiedPhaseOverrun: true };
  }
  if (snap.totalRemainingMs < 0 && !state.notifiedTimeUp) {
    notices.push('time-up');
    next = { ...next, notifiedTimeUp: true };
  }
  return { notices, state: next };
}

/** "mm:ss" (or "h:mm:ss"), with a leading "+" for time over budget. */
export function formatClock(ms: number): string {
  const over = ms < 0;
  const total = Math.floor(Math.abs(ms) / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const body = h > 0 ? `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}` : `${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
  return over ? `+${body}` : body;
}
