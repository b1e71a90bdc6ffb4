// Small statistics helpers shared by the benchmark modules.
import * as fs from 'node:fs';

/** Value at quantile q (0..1) of a list, linear interpolation between closest ranks. */
export function quantile(values, q) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

export const median = (values) => quantile(values, 0.5);
export const p95 = (values) => quantile(values, 0.95);

/** Summary of per-round samples: median of per-round medians, median of per-round p95s, all rounds listed. */
export function summarizeRounds(rounds) {
  const medians = rounds.map(median);
  const p95s = rounds.map(p95);
  return {
    median: median(medians),
    p95: median(p95s),
    roundMedians: medians,
    roundP95s: p95s,
    min: Math.min(...rounds.flat()),
    max: Math.max(...rounds.flat()),
    runs: rounds.reduce((n, r) => n + r.length, 0),
  };
}

/** Reads VmRSS / VmHWM / Threads (KiB values converted to MiB) from /proc/<pid>/status; undefined off Linux. */
export function procStatus(pid = process.pid) {
  try {
    const text = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = (key) => Number((text.match(new RegExp(`^${key}:\\s+(\\d+)`, 'm')) ?? [])[1]);
    return { rssMB: kib('VmRSS') / 1024, hwmMB: kib('VmHWM') / 1024, threads: kib('Threads') };
  } catch {
    return undefined;
  }
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
