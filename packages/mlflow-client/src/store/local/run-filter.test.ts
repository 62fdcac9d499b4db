import { describe, expect, it } from 'vitest';
import type { Run } from '../../wire/run.js';
import { matches, parseFilter, runComparator } from './run-filter.js';

function run(id: string, start: number, metrics: Record<string, number>, params: Record<string, string> = {}, status: Run['info']['status'] = 'FINISHED'): Run {
  return {
    info: { runId: id, experimentId: '1', runName: `name-${id}`, userId: '', status, startTime: start, endTime: undefined, artifactUri: '', lifecycleStage: 'active' },
    data: { metrics, params, tags: { team: 'msr' } },
    inputs: [],
    modelOutputs: [],
  };
}

describe('parseFilter / matches', () => {
  const r = run('a', 1, { accuracy: 0.9, 'val loss': 0.2 }, { depth: '5' });
  const cases: [string, boolean][] = [
    ['metrics.accuracy > 0.8', true],
    ['metrics.accuracy >= 0.9 and params.depth = "5"', true],
    ['metrics.`val loss` < 0.1', false],
    ["params.depth != '5'", false],
    ["tags.team LIKE 'm%'", true],
    ["tags.team ILIKE 'MS_'", true],
    ["attributes.status = 'FINISHED'", true],
    ["run_id IN ('b', 'c')", false],
    ["run_id NOT IN ('b')", true],
    ['params.missing IS NULL', true],
    ['params.depth IS NOT NULL AND metrics.accuracy = 0.9', true],
    ['attributes.start_time > 0', true],
  ];
  for (const [filter, expected] of cases) {
    it(`${filter} → ${expected}`, () => {
      expect(matches(r, parseFilter(filter))).toBe(expected);
    });
  }

  it('rejects what MLflow rejects, with INVALID_PARAMETER_VALUE', () => {
    // What the real servers accept and reject is checked in test/tracking-store-contract.test.ts.
    for (const bad of ["status IN ('FAILED')", "run_name NOT IN ('x')", 'metrics.missing IS NULL', "metrics.a > 1 or metrics.b > 1", "params.depth > '5'", "metrics.a = 'x'", 'nonsense.a = 1', 'metrics.a ~ 1', 'attributes.colour = "red"']) {
      expect(() => parseFilter(bad), bad).toThrow(expect.objectContaining({ code: 'INVALID_PARAMETER_VALUE' }));
    }
  });
});

describe('runComparator', () => {
  it('orders by a metric with missing values last and NaN before them, ties newest first', () => {
    const runs = [run('a', 1, { s: 0.5 }), run('b', 2, {}), run('c', 3, { s: Number.NaN }), run('d', 4, { s: 0.9 }), run('e', 5, { s: 0.5 })];
    expect([...runs].sort(runComparator(['metrics.s DESC'])).map((x) => x.info.runId)).toEqual(['d', 'e', 'a', 'c', 'b']);
    expect([...runs].sort(runComparator(['metrics.s ASC'])).map((x) => x.info.runId)).toEqual(['e', 'a', 'd', 'c', 'b']);
    expect([...runs].sort(runComparator(undefined)).map((x) => x.info.runId)).toEqual(['e', 'd', 'c', 'b', 'a']);
  });
});
