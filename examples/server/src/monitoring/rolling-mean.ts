/**
 * Trailing mean over the last `window` values (fewer at the start), one output per input.
 *
 * @example
 * ```ts
 * rollingMean([1, 2, 3, 4], 2); // [1, 1.5, 2.5, 3.5]
 * ```
 */
export function rollingMean(values: readonly number[], window: number): number[] {
  if (!Number.isInteger(window) || window < 1) throw new RangeError(`window: expected a positive integer, got ${window}`);
  const out = new Array<number>(values.length);
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    sum += values[i]!;
    if (i >= window) sum -= values[i - window]!;
    out[i] = sum / Math.min(i + 1, window);
  }
  return out;
}
