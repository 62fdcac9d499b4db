/** What the server's load benchmarks share: their knobs and the median. */

/** Measured rounds per load (MSR_BENCH_ROUNDS). */
export const ROUNDS = Number(process.env['MSR_BENCH_ROUNDS'] ?? '3');
/** Seconds per round (MSR_BENCH_SECONDS). */
export const SECONDS = Number(process.env['MSR_BENCH_SECONDS'] ?? '8');
/** autocannon connections in all (MSR_BENCH_CONNECTIONS). */
export const CONNECTIONS = Number(process.env['MSR_BENCH_CONNECTIONS'] ?? '10');

/** The median of `xs`. */
export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
