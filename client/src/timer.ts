/**
 * The interview timer in the status bar: phases from the seed handbook, non-modal notices on phase changes and
 * overruns, pause/resume/stop, state kept in workspace storage so it survives a window reload, and a history of
 * finished sessions in global storage.
 */
import * as vscode from 'vscode';
import { addSession, PracticeSession, sanitizeSessions } from './models/history';
import {
  dueNotices,
  formatClock,
  nextPhase,
  pauseTimer,
  resumeTimer,
  snapshot,
  startTimer,
  TimerState,
} from './models/timer';

const STATE_KEY = 'mlsd.timer';

/** Translated phase names (the model keeps English labels in its persisted state). */
function phaseLabel(id: string, fallback: string): string {
  switch (id) {
    case 'clarify':
      return vscode.l10n.t('Clarify requirements');
    case 'design':
      return vscode.l10n.t('High-level design');
    case 'deep-dive':
      return vscode.l10n.t('Deep dive');
    case 'tradeoffs':
      return vscode.l10n.t('Trade-offs & wrap-up');
    default:
      return fallback;
  }
}
/** Global-storage key of the practice history. */
export const HISTORY_KEY = 'mlsd.history';

/** Reads the practice history from global storage. */
export function readHistory(context: vscode.ExtensionContext): PracticeSession[] {
  return sanitizeSessions(context.globalState.get(HISTORY_KEY));
}

/** Drives the status-bar timer. `coverageOf` returns the current coverage total of an answer, if known. */
export class InterviewTimer implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private state?: TimerState;
  private ticker?: NodeJS.Timeout;
  private contextRunning?: boolean;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly coverageOf: (uri: string) => number | undefined,
    private readonly now: () => number = Date.now,
  ) {
    this.item = vscode.window.createStatusBarItem('mlsd.timer', vscode.StatusBarAlignment.Left, 50);
    this.item.name = vscode.l10n.t('MLSD interview timer');
    this.item.command = 'mlsd.timerMenu';
    const saved = context.workspaceState.get<TimerState>(STATE_KEY);
    if (saved && Array.isArray(saved.phases) && typeof saved.startedAt === 'number') {
      this.state = saved;
      this.startTicking();
    }
    this.render();
  }

  /** True while a session is running or paused. */
  get running(): boolean {
    return this.state !== undefined;
  }

  /** Starts a session for the active answer (minutes from its frontmatter `timebox`, else the setting). */
  async start(minutes: number, prompt?: string, uri?: string): Promise<void> {
    if (this.state) {
      const restart = vscode.l10n.t('Restart');
      const choice = await vscode.window.showWarningMessage(vscode.l10n.t('An interview timer is already running.'), restart);
      if (choice !== restart) return;
    }
    this.state = startTimer(this.now(), minutes, prompt, uri);
    await this.save();
    this.startTicking();
    const phase = this.state.phases[0];
    void vscode.window.showInformationMessage(
      vscode.l10n.t('Timer started: {0} minutes. Phase 1/{1}: {2} ({3} min).', String(minutes), String(this.state.phases.length), phaseLabel(phase.id, phase.label), String(phase.minutes)),
    );
    this.render();
  }

  /** Moves to the next phase. */
  async next(): Promise<void> {
    if (!this.state) return;
    const before = this.state.phaseIndex;
    this.state = nextPhase(this.state, this.now());
    await this.save();
    if (this.state.phaseIndex !== before) {
      const p = this.state.phases[this.state.phaseIndex];
      void vscode.window.showInformationMessage(
        vscode.l10n.t('Phase {0}/{1}: {2} ({3} min).', String(this.state.phaseIndex + 1), String(this.state.phases.length), phaseLabel(p.id, p.label), String(p.minutes)),
      );
    }
    this.render();
  }

  /** Pauses or resumes. */
  async togglePause(): Promise<void> {
    if (!this.state) return;
    this.state = this.state.pausedAt === undefined ? pauseTimer(this.state, this.now()) : resumeTimer(this.state, this.now());
    await this.save();
    this.render();
  }

  /** Stops the session and records it in the history. */
  async stop(): Promise<PracticeSession | undefined> {
    const state = this.state;
    if (!state) return undefined;
    const snap = snapshot(state, this.now());
    const session: PracticeSession = {
      prompt: state.prompt,
      title: state.prompt ?? (state.uri ? decodeURIComponent(state.uri.split('/').pop() ?? '') : vscode.l10n.t('Untitled practice')),
      startedAt: state.startedAt,
      durationSec: Math.round(snap.elapsedMs / 1000),
      coverage: state.uri ? this.coverageOf(state.uri) : undefined,
      file: state.uri,
    };
    await this.context.globalState.update(HISTORY_KEY, addSession(readHistory(this.context), session));
    this.state = undefined;
    await this.save();
    this.stopTicking();
    this.render();
    void vscode.window.showInformationMessage(
      vscode.l10n.t('Practice recorded: {0}{1}.', formatClock(snap.elapsedMs), session.coverage !== undefined ? vscode.l10n.t(', coverage {0}/100', String(session.coverage)) : ''),
    );
    return session;
  }

  /** The quick menu behind the status-bar item. */
  async menu(): Promise<void> {
    if (!this.state) {
      await vscode.commands.executeCommand('mlsd.startTimer');
      return;
    }
    const items = [
      { label: vscode.l10n.t('$(debug-step-over) Next phase'), action: () => this.next() },
      { label: this.state.pausedAt === undefined ? vscode.l10n.t('$(debug-pause) Pause') : vscode.l10n.t('$(debug-start) Resume'), action: () => this.togglePause() },
      { label: vscode.l10n.t('$(debug-stop) Stop and record'), action: () => this.stop() },
    ];
    const pick = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Interview timer') });
    await pick?.action();
  }

  private startTicking(): void {
    this.stopTicking();
    this.ticker = setInterval(() => this.tick(), 1000);
  }

  private stopTicking(): void {
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = undefined;
  }

  private tick(): void {
    if (!this.state) return;
    const { notices, state } = dueNotices(this.state, this.now());
    if (notices.length > 0) {
      this.state = state;
      void this.save();
      const snap = snapshot(state, this.now());
      for (const notice of notices) {
        if (notice === 'phase-overrun') {
          const upcoming = state.phases[state.phaseIndex + 1];
          void vscode.window.showWarningMessage(
            upcoming
              ? vscode.l10n.t('{0} is over its {1}-minute budget — move on to {2}.', phaseLabel(snap.phase.id, snap.phase.label), String(snap.phase.minutes), phaseLabel(upcoming.id, upcoming.label))
              : vscode.l10n.t('{0} is over its {1}-minute budget — wrap up.', phaseLabel(snap.phase.id, snap.phase.label), String(snap.phase.minutes)),
          );
        } else {
          void vscode.window.showWarningMessage(vscode.l10n.t("Time's up: the {0}-minute interview is over.", String(state.totalMinutes)));
        }
      }
    }
    this.render();
  }

  private render(): void {
    if (this.running !== this.contextRunning) {
      this.contextRunning = this.running;
      void vscode.commands.executeCommand('setContext', 'mlsd.timerRunning', this.running);
    }
    if (!this.state) {
      this.item.hide();
      return;
    }
    const snap = snapshot(this.state, this.now());
    const over = snap.phaseRemainingMs < 0;
    this.item.text = `${snap.paused ? '$(debug-pause)' : '$(watch)'} ${phaseLabel(snap.phase.id, snap.phase.label)} ${formatClock(snap.phaseRemainingMs)} · ${formatClock(snap.totalRemainingMs)}`;
    this.item.tooltip = vscode.l10n.t('Phase {0}/{1}: {2}. Click for next phase, pause or stop.', String(snap.phaseIndex + 1), String(snap.phaseCount), phaseLabel(snap.phase.id, snap.phase.label));
    this.item.backgroundColor = over || snap.totalRemainingMs < 0 ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.show();
  }

  private async save(): Promise<void> {
    await this.context.workspaceState.update(STATE_KEY, this.state);
  }

  dispose(): void {
    this.stopTicking();
    this.item.dispose();
  }
}
