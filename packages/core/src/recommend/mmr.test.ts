import { describe, expect, it } from 'vitest';
import { maximalMarginalRelevance, mmrWorkspace } from './mmr.js';

/**
 * MMR's lazy rules (its doc comment, decision 1200) leave the picks as comparing every candidate
 * with every pick would; what they save is work. This pins the work on a pool small enough to
 * trace by hand: which log-scores are read, and which candidate–pick distances are summed, over
 * how many features.
 */
describe('maximalMarginalRelevance', () => {
  // Five candidates in two features, best log-score first. λ = 1 and inv2h2 = 0.25, so a
  // similarity is exp(−4 × d² × 0.25) = exp(−d²).
  const defaultFeatures = Float64Array.of(0, 0, 0, 0.1, 3, 0, 3, 0.1, 0, -0.2);
  const defaultLogScores = Float64Array.of(0, -0.1, -0.2, -0.5, -0.6);

  function traced(features: Float64Array = defaultFeatures, logScores: Float64Array = defaultLogScores, count = 4): { trace: string[]; run: () => ReturnType<typeof maximalMarginalRelevance> } {
    const trace: string[] = [];
    const d = 2;
    const pooled = logScores.length;
    const workspace = mmrWorkspace(pooled, d);
    // Distances read the pool as (candidate, pick) pairs of one feature each.
    let pending: number | undefined;
    workspace.pool = new Proxy(workspace.pool, {
      get(target, key) {
        if (typeof key === 'string' && /^\d+$/.test(key)) {
          const i = Number(key);
          if (pending === undefined) pending = i;
          else {
            const step = `d${Math.floor(pending / d)}-${Math.floor(i / d)}`;
            const last = trace[trace.length - 1];
            if (last?.startsWith(`${step}:`)) trace[trace.length - 1] = `${step}:${Number(last.slice(step.length + 1)) + 1}`;
            else trace.push(`${step}:1`);
            pending = undefined;
          }
        }
        return target[key as unknown as number];
      },
      set(target, key, value: number) {
        target[key as unknown as number] = value;
        return true;
      },
    });
    const scores = new Proxy(logScores, {
      get(target, key) {
        if (typeof key === 'string' && /^\d+$/.test(key)) trace.push(`s${key}`);
        return target[key as unknown as number];
      },
    });
    const rows = Int32Array.from({ length: pooled }, (_, p) => p);
    const run = () => maximalMarginalRelevance(0, Float64Array.of(0, 0), rows, scores, pooled, features, d, count, 1, 0.25, workspace);
    return { trace, run };
  }

  it('picks what comparing every candidate with every pick picks', () => {
    // Values by hand (similarity exp(−d²) to the nearest pick):
    //   after 0: 1 → −0.1 − e^−0.01 = −1.090, 2 → −0.2 − e^−9 = −0.2001 (picked);
    //   after 0, 2: 1 → −1.090 (picked), 3 → −0.5 − e^−0.01 = −1.490, 4 → −0.6 − e^−0.04 = −1.561;
    //   after 0, 2, 1: 3 → −1.490 (picked), 4 → −0.6 − e^−0.04 = −1.561.
    const { run } = traced();
    const list = run();
    expect(Array.from(list.rows)).toEqual([0, 2, 1, 3]);
    expect(Array.from(list.scores)).toEqual([0, -0.2, -0.1, -0.5].map(Math.exp));
  });

  it('does only the work its lazy rules leave', () => {
    const { trace, run } = traced();
    run();
    expect(trace).toEqual([
      // Pick 0, the pool's first.
      's0',
      // Round 1: 1 and 2 measured against 0 (both features); 3's log-score −0.5 cannot beat
      // 2's −0.2001: stop.
      's1',
      'd1-0:2',
      's2',
      'd2-0:2',
      's3',
      // Pick 2.
      's2',
      // Round 2: 1 has seen 0; against 2 its first feature (9) is already past its nearest
      // (0.01): one feature. 3 against 0 and 2, value −1.490 ≤ −1.090: beaten once every pick
      // is seen. 4 against 0: −1.561 is already beaten, so 2 waits.
      's1',
      'd1-2:1',
      's3',
      'd3-0:2',
      'd3-2:2',
      's4',
      'd4-0:2',
      // Pick 1.
      's1',
      // Round 3: 3 against 1 only (it has seen 0 and 2): one feature. 4's value with the picks it
      // has seen, −1.561, is below 3's −1.490: passed over without a distance.
      's3',
      'd3-1:1',
      's4',
      // Pick 3, the last: no further round.
      's3',
    ]);
  });

  it('stops at a log-score equal to the best value, and a partial distance equal to the nearest', () => {
    // Four songs 100 apart: every similarity is exp(−10000) = 0 exactly, so values are the
    // log-scores, and 1 and 2 tie at −1 (the first of equals is picked). Count 3.
    const { trace, run } = traced(Float64Array.of(0, 0, 100, 0, 0, 100, 100, 100), Float64Array.of(0, -1, -1, -2), 3);
    expect(Array.from(run().rows)).toEqual([0, 1, 2]);
    expect(trace).toEqual([
      's0',
      // Round 1: 1 against 0, value −1; 2's log-score −1 cannot beat −1: stop.
      's1',
      'd1-0:2',
      's2',
      // Pick 1.
      's1',
      // Round 2: 2 against 0 (d² 10000), then against 1, whose first feature alone is 10000, no
      // nearer: one feature. 3's log-score −2 cannot beat −1: stop.
      's2',
      'd2-0:2',
      'd2-1:1',
      's3',
      // Pick 2, the last.
      's2',
    ]);
  });
});
