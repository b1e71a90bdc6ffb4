/** Counts language-server crashes in a sliding window, to stop restarting a server that keeps dying. */
export class CrashWindow {
  private times: number[] = [];

  constructor(
    readonly limit: number,
    readonly windowMinutes: number,
  ) {}

  /** Records a crash at `now`; true while the server should be restarted automatically. */
  record(now: number): boolean {
    this.times = [...this.times.filter((t) => now - t < this.windowMinutes * 60_000), now];
    return this.times.length < this.limit;
  }

  /** Forgets earlier crashes (after the user restarts the server by hand). */
  reset(): void {
    this.times = [];
  }
}
