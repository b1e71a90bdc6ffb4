/** Searches over sorted number arrays, shared by the line and offset lookups of the engine. */

/** Index of the last element ≤ `value` in ascending `sorted`, or -1 when every element is greater. */
export function lastAtOrBefore(sorted: ArrayLike<number>, value: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] <= value) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}
