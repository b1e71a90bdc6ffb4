/**
 * Timing that survives a busy machine: a run counts the smaller of wall-clock and process CPU time (other
 * processes competing for the CPU do not inflate CPU time; parallel GC threads do not inflate wall-clock), and a
 * run over its limit is retried before it counts.
 */
import assert from 'node:assert/strict';

/** Time of one call, in ms: min(wall-clock, user + system CPU of this process). */
export function measure<T>(fn: () => T): { value: T; ms: number } {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const value = fn();
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { value, ms: Math.min(wall, (cpu.user + cpu.system) / 1000) };
}

/**
 * Runs `fn` up to `attempts` times while it is over `limit`; returns the last result and the fastest time. Before a
 * retry the garbage collector runs when it is exposed (`--expose-gc`), so a collection of earlier garbage is not
 * charged to this input.
 */
export function timed<T>(fn: () => T, limit: number, attempts = 3): { value: T; ms: number } {
  let best = Infinity;
  let value: T | undefined;
  for (let attempt = 0; attempt < attempts && best > limit; attempt++) {
    if (attempt > 0) (globalThis as { gc?: () => void }).gc?.();
    const run = measure(fn);
    value = run.value;
    best = Math.min(best, run.ms);
  }
  return { value: value as T, ms: best };
}

/** The analysis budget: 50 ms plus `msPerKB` (2) per KB. */
export function budgetFor(chars: number, msPerKB = 2): number {
  return 50 + (msPerKB * chars) / 1024;
}

/**
 * Times `run` on `make(n)` and `make(10 * n)` (fastest of several interleaved runs, after a warm-up) and asserts
 * linear growth: ten times the input may take at most `maxRatio` (15) times as long, and the large input must fit
 * the analysis budget. A miss is measured once more before it counts. Returns the two times.
 */
export function assertLinear(name: string, make: (n: number) => string, n: number, run: (text: string) => unknown, maxRatio = 15): [number, number] {
  const small = make(n);
  const large = make(10 * n);
  run(small);
  run(large);
  let ratio = Infinity;
  let times: [number, number] = [0, 0];
  for (let round = 0; round < 2 && ratio > maxRatio; round++) {
    let a = Infinity;
    let b = Infinity;
    for (let i = 0; i < 3; i++) {
      a = Math.min(a, measure(() => run(small)).ms);
      b = Math.min(b, measure(() => run(large)).ms);
    }
    times = [a, b];
    ratio = Math.min(ratio, b / Math.max(a, 1));
  }
  assert.ok(ratio <= maxRatio, `${name}: ${times[0].toFixed(1)} ms at n=${n}, ${times[1].toFixed(1)} ms at 10n (ratio ${ratio.toFixed(1)})`);
  assert.ok(times[1] <= budgetFor(large.length), `${name}: ${times[1].toFixed(0)} ms for ${(large.length / 1024).toFixed(0)} KB is over budget`);
  return times;
}
