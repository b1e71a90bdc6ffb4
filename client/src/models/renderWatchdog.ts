/**
 * The preview's render watchdog, free of `vscode` so it can be unit-tested: Mermaid renders on the page's only thread,
 * so a diagram that hangs cannot be interrupted from inside the page. The host starts the watchdog when the page says
 * it begins a diagram; if the page does not report back in time, the diagram's source is remembered as hung and the
 * host reloads the page without it.
 */
export class RenderWatchdog {
  private timer?: ReturnType<typeof setTimeout>;
  private readonly hung = new Set<string>();

  /** @param limitMs how long one diagram may take; @param onHang called once per hang with the diagram's source. */
  constructor(
    private readonly limitMs: number,
    private readonly onHang: (code: string) => void,
  ) {}

  /** The page started rendering `code`; replaces any earlier watch. */
  started(code: string): void {
    this.stop();
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.hung.add(code);
      this.onHang(code);
    }, this.limitMs);
  }

  /** The page finished a diagram (or the page went away): stop watching. */
  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** True when rendering this exact source hung before; it is not tried again. */
  hasHung(code: string): boolean {
    return this.hung.has(code);
  }

  /** True while a render is being watched. */
  get watching(): boolean {
    return this.timer !== undefined;
  }
}
