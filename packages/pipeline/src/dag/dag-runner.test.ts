import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DatasetError } from '../errors/dataset-error.js';
import { writeFileAtomic } from '../fs/atomic-write.js';
import { DagRunner, type DagRunnerOptions } from './dag-runner.js';
import type { PipelineEvent } from './pipeline-event.js';
import { LockHeldError } from './run-lock.js';
import type { StageDefinition } from './stage-definition.js';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'msr-dag-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const p = (name: string): string => join(root, name);

/**
 * A small DAG: source.txt → prepare → prepared.txt → { train (reads param lr), cluster (reads
 * param k) } → assemble. Each stage appends its name to `calls` and writes its outputs from its
 * inputs, so the outputs depend on exactly what each stage reads.
 */
function dag(params: Record<string, unknown>, calls: string[], overrides: Partial<Record<string, Partial<StageDefinition>>> = {}): StageDefinition[] {
  const stage = (def: StageDefinition): StageDefinition => ({ ...def, ...overrides[def.name] });
  return [
    stage({
      name: 'assemble',
      deps: [p('model.txt'), p('clusters.txt')],
      outs: [p('bundle.txt')],
      run: async () => {
        calls.push('assemble');
        await writeFileAtomic(p('bundle.txt'), (await readFile(p('model.txt'), 'utf8')) + (await readFile(p('clusters.txt'), 'utf8')));
      },
    }),
    stage({
      name: 'prepare',
      deps: [p('source.txt')],
      outs: [p('prepared.txt')],
      run: async () => {
        calls.push('prepare');
        await writeFileAtomic(p('prepared.txt'), (await readFile(p('source.txt'), 'utf8')).toUpperCase());
      },
    }),
    stage({
      name: 'train',
      deps: [p('prepared.txt')],
      params: ['clf.lr'],
      outs: [p('model.txt')],
      run: async () => {
        calls.push('train');
        await writeFileAtomic(p('model.txt'), `model(${String(params['clf.lr'])}, ${await readFile(p('prepared.txt'), 'utf8')})`);
      },
    }),
    stage({
      name: 'cluster',
      deps: [p('prepared.txt')],
      params: ['gm.k'],
      outs: [p('clusters.txt')],
      run: async () => {
        calls.push('cluster');
        await writeFileAtomic(p('clusters.txt'), `k=${String(params['gm.k'])}`);
        // Clustering output ignores the data's content on purpose: see the "really changed" test.
      },
    }),
  ];
}

function runner(stages: StageDefinition[], params: Record<string, unknown>, extra: Partial<DagRunnerOptions> = {}): DagRunner {
  return new DagRunner({ stages, lockFile: p('msr.lock'), runLockFile: p('.msr/run.lock'), params: (k) => params[k], retryDelayMs: 20_000, sleep: async () => {}, ...extra });
}

describe('DagRunner', () => {
  it('runs in dependency order, then skips every unchanged stage', async () => {
    await writeFile(p('source.txt'), 'abc');
    const params = { 'clf.lr': 0.1, 'gm.k': 3 };
    const calls: string[] = [];
    const first = await runner(dag(params, calls), params).run();
    expect(first.status).toBe('succeeded');
    expect(calls[0]).toBe('prepare');
    expect(calls.at(-1)).toBe('assemble');
    expect(first.stages.map((s) => [s.name, s.status])).toEqual([
      ['prepare', 'ran'],
      ['train', 'ran'],
      ['cluster', 'ran'],
      ['assemble', 'ran'],
    ]);
    expect(await readFile(p('bundle.txt'), 'utf8')).toBe('model(0.1, ABC)k=3');

    calls.length = 0;
    const second = await runner(dag(params, calls), params).run();
    expect(calls).toEqual([]);
    expect(second.stages.length).toBeGreaterThan(0);
    expect(second.stages.every((s) => s.status === 'skipped')).toBe(true);
    expect(JSON.parse(await readFile(p('msr.lock'), 'utf8')).stages.cluster.params).toEqual({ 'gm.k': 3 });
  });

  it('re-runs exactly the readers of a changed param and what their new outputs reach', async () => {
    await writeFile(p('source.txt'), 'abc');
    const params: Record<string, unknown> = { 'clf.lr': 0.1, 'gm.k': 3 };
    const calls: string[] = [];
    await runner(dag(params, calls), params).run();
    calls.length = 0;
    params['gm.k'] = 4;
    const status = await runner(dag(params, calls), params).status();
    expect(status.filter((s) => s.state === 'changed').map((s) => [s.name, s.reasons])).toEqual([
      ['cluster', ['param changed: gm.k 3 → 4']],
      ['assemble', ['upstream will run: cluster']],
    ]);
    const result = await runner(dag(params, calls), params).run();
    expect(calls).toEqual(['cluster', 'assemble']);
    expect(result.stages.find((s) => s.name === 'assemble')!.reasons).toEqual(['dep changed: clusters.txt']);
  });

  it('names the changed keys of a params block, like dvc params diff', async () => {
    await writeFile(p('source.txt'), 'abc');
    const params: Record<string, unknown> = { 'clf.lr': { learning_rate: 0.008, n_estimators: 250, loss: 'log_loss' }, 'gm.k': 3 };
    await runner(dag(params, []), params).run();
    params['clf.lr'] = { learning_rate: 0.1, n_estimators: 250, subsample: 0.5 };
    const [train] = (await runner(dag(params, []), params).status()).filter((s) => s.name === 'train');
    expect(train!.reasons).toEqual(['param changed: clf.lr.learning_rate 0.008 → 0.1, clf.lr.loss "log_loss" → (unset), clf.lr.subsample (unset) → 0.5']);
  });

  it('reads a lock file of absolute paths (before issue 12) as up to date, and writes root-relative ones', async () => {
    await writeFile(p('source.txt'), 'abc');
    const params = { 'clf.lr': 0.1, 'gm.k': 3 };
    const stages = dag(params, []).map((s) => ({ ...s, config: { data: p('source.txt') } }));
    await runner(stages, params).run();
    const lock = JSON.parse(await readFile(p('msr.lock'), 'utf8'));
    expect(lock.stages.prepare.deps).toEqual([{ path: 'source.txt', hash: expect.any(String) }]);
    // Rewrite it as the old runner did: absolute paths, the config hashed as it was.
    const { createHash } = await import('node:crypto');
    for (const stage of Object.values(lock.stages) as { deps: { path: string }[]; outs: { path: string }[]; config: string }[]) {
      for (const entry of [...stage.deps, ...stage.outs]) entry.path = p(entry.path);
      stage.config = createHash('sha256').update(JSON.stringify({ data: p('source.txt') })).digest('hex');
    }
    await writeFile(p('msr.lock'), JSON.stringify(lock));
    const calls: string[] = [];
    expect((await runner(stages, params).status()).filter((s) => s.state !== 'up-to-date')).toEqual([]);
    expect((await runner(dag(params, calls).map((s) => ({ ...s, config: { data: p('source.txt') } })), params).run()).stages.every((s) => s.status === 'skipped')).toBe(true);
    expect(calls).toEqual([]);
  });

  it('re-runs downstream only when an upstream output really changed', async () => {
    await writeFile(p('source.txt'), 'abc');
    const params = { 'clf.lr': 0.1, 'gm.k': 3 };
    const calls: string[] = [];
    await runner(dag(params, calls), params).run();
    calls.length = 0;
    // Same upper-cased content: prepare re-runs, its output is unchanged, nothing else runs.
    await writeFile(p('source.txt'), 'ABC');
    await runner(dag(params, calls), params).run();
    expect(calls).toEqual(['prepare']);
    calls.length = 0;
    // New content: both readers re-run; only train's output changes, and assemble follows it.
    await writeFile(p('source.txt'), 'xyz');
    const result = await runner(dag(params, calls), params).run();
    expect(calls.sort()).toEqual(['assemble', 'cluster', 'prepare', 'train']);
    expect(result.stages.find((s) => s.name === 'assemble')!.reasons).toEqual(['dep changed: model.txt']);
  });

  it('re-runs a stage whose output was deleted, and a forced stage', async () => {
    await writeFile(p('source.txt'), 'abc');
    const params = { 'clf.lr': 0.1, 'gm.k': 3 };
    const calls: string[] = [];
    await runner(dag(params, calls), params).run();
    calls.length = 0;
    await rm(p('model.txt'));
    const result = await runner(dag(params, calls), params).run({ force: ['cluster'] });
    expect(calls.sort()).toEqual(['cluster', 'train']);
    expect(result.stages.find((s) => s.name === 'train')!.reasons).toEqual(['out missing: model.txt']);
  });

  it('runs independent stages concurrently', async () => {
    await writeFile(p('source.txt'), 'abc');
    const params = { 'clf.lr': 0.1, 'gm.k': 3 };
    const calls: string[] = [];
    const log: string[] = [];
    let release!: () => void;
    const bothStarted = new Promise<void>((resolve) => (release = resolve));
    let started = 0;
    const gate = (name: 'train' | 'cluster', file: string): Partial<StageDefinition> => ({
      run: async () => {
        log.push(`start ${name}`);
        if (++started === 2) release();
        await bothStarted; // deadlocks (and times out) unless both run at once
        await writeFileAtomic(p(file), name);
        log.push(`end ${name}`);
      },
    });
    const result = await runner(dag(params, calls, { train: gate('train', 'model.txt'), cluster: gate('cluster', 'clusters.txt') }), params).run();
    expect(result.status).toBe('succeeded');
    expect(log.slice(0, 2).sort()).toEqual(['start cluster', 'start train']);
  });

  it('retries a failure once after the configured delay, but never bad input', async () => {
    await writeFile(p('source.txt'), 'abc');
    const params = { 'clf.lr': 0.1, 'gm.k': 3 };
    const calls: string[] = [];
    const sleeps: number[] = [];
    const events: PipelineEvent[] = [];
    let attempts = 0;
    const flaky: Partial<StageDefinition> = {
      run: async (ctx) => {
        attempts++;
        if (ctx.attempt === 1) throw new Error('connection reset');
        await writeFileAtomic(p('prepared.txt'), 'ok');
      },
    };
    const result = await runner(dag(params, calls, { prepare: flaky }), params, { sleep: async (ms) => void sleeps.push(ms), onEvent: (e) => events.push(e) }).run();
    expect(result.status).toBe('succeeded');
    expect(attempts).toBe(2);
    expect(sleeps).toEqual([20_000]);
    expect(events.find((e) => e.type === 'stage-retry')).toMatchObject({ stage: 'prepare', attempt: 1, delayMs: 20_000, error: 'connection reset' });

    let badAttempts = 0;
    const bad: Partial<StageDefinition> = {
      run: async () => {
        badAttempts++;
        throw new DatasetError('data.csv', 'row 3: energy is missing');
      },
    };
    await writeFile(p('source.txt'), 'changed');
    const failed = await runner(dag(params, calls, { prepare: bad }), params).run();
    expect(badAttempts).toBe(1);
    expect(failed.status).toBe('failed');
    expect(failed.error).toBeInstanceOf(DatasetError);
  });

  it('stops downstream of a failure, keeps the lock entry of the last success, and releases the run lock', async () => {
    await writeFile(p('source.txt'), 'abc');
    const params = { 'clf.lr': 0.1, 'gm.k': 3 };
    const calls: string[] = [];
    await runner(dag(params, calls), params).run();
    const lockBefore = JSON.parse(await readFile(p('msr.lock'), 'utf8'));
    await writeFile(p('source.txt'), 'new');
    const boom: Partial<StageDefinition> = {
      run: async () => {
        throw new Error('disk on fire');
      },
    };
    const result = await runner(dag(params, calls, { prepare: boom }), params, { retries: 2 }).run();
    expect(result.stages.map((s) => s.status)).toEqual(['failed', 'not-run', 'not-run', 'not-run']);
    expect(result.stages[0]!.attempts).toBe(3);
    expect(result.error!.message).toBe('disk on fire');
    const lockAfter = JSON.parse(await readFile(p('msr.lock'), 'utf8'));
    expect(lockAfter.stages.prepare).toEqual(lockBefore.stages.prepare);
    await expect(readFile(p('.msr/run.lock'))).rejects.toMatchObject({ code: 'ENOENT' });
    // The next run, with the fault gone, completes.
    calls.length = 0;
    expect((await runner(dag(params, calls), params).run()).status).toBe('succeeded');
    expect(calls.sort()).toEqual(['assemble', 'cluster', 'prepare', 'train']);
  });

  it('refuses a second run while one is in progress', async () => {
    await writeFile(p('source.txt'), 'abc');
    const params = { 'clf.lr': 0.1, 'gm.k': 3 };
    let unblock!: () => void;
    const blocked = new Promise<void>((resolve) => (unblock = resolve));
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => (entered = resolve));
    const slow: Partial<StageDefinition> = {
      run: async () => {
        entered();
        await blocked;
        await writeFileAtomic(p('prepared.txt'), 'x');
      },
    };
    const first = runner(dag(params, [], { prepare: slow }), params).run();
    await inside;
    await expect(runner(dag(params, []), params).run()).rejects.toBeInstanceOf(LockHeldError);
    unblock();
    expect((await first).status).toBe('succeeded');
  });

  it('refuses cycles, two writers of one path and unknown targets', () => {
    const noop = async () => {};
    expect(() => runner([{ name: 'a', deps: [p('b')], outs: [p('a')], run: noop }, { name: 'b', deps: [p('a')], outs: [p('b')], run: noop }], {})).toThrow('the stages form a cycle: a → b → a');
    expect(() => runner([{ name: 'a', deps: [], outs: [p('x')], run: noop }, { name: 'b', deps: [], outs: [p('x')], run: noop }], {})).toThrow('stages "a" and "b" both write');
    return expect(runner(dag({}, []), {}).run({ targets: ['nope'] })).rejects.toThrow('no stage is named "nope"');
  });

  it('runs a target with what it needs, or alone with single', async () => {
    await writeFile(p('source.txt'), 'abc');
    const params = { 'clf.lr': 0.1, 'gm.k': 3 };
    const calls: string[] = [];
    const result = await runner(dag(params, calls), params).run({ targets: ['train'] });
    expect(calls).toEqual(['prepare', 'train']);
    expect(result.stages.map((s) => s.name)).toEqual(['prepare', 'train']);
    calls.length = 0;
    await runner(dag(params, calls), params).run({ targets: ['train'], single: true, force: true });
    expect(calls).toEqual(['train']);
  });

  it('treats an unreadable lock file as empty: a warning, then every stage re-runs', async () => {
    await writeFile(p('source.txt'), 'abc');
    const params = { 'clf.lr': 0.1, 'gm.k': 3 };
    await runner(dag(params, []), params).run();
    await writeFile(p('msr.lock'), '{"schema": "msr.lock/1", "stages": {');
    const calls: string[] = [];
    const events: PipelineEvent[] = [];
    await runner(dag(params, calls), params, { onEvent: (e) => events.push(e) }).run();
    expect(calls.sort()).toEqual(['assemble', 'cluster', 'prepare', 'train']);
    expect(events.find((e) => e.type === 'stage-log' && e.level === 'warn')).toMatchObject({ message: expect.stringContaining('msr.lock is unreadable') });
    expect(JSON.parse(await readFile(p('msr.lock'), 'utf8')).stages.train).toBeDefined();
  });

  it('stops on cancellation: the running stage sees the signal, nothing else starts, the lock is released', async () => {
    await writeFile(p('source.txt'), 'abc');
    const params = { 'clf.lr': 0.1, 'gm.k': 3 };
    const controller = new AbortController();
    const calls: string[] = [];
    const slow: Partial<StageDefinition> = {
      run: async (ctx) => {
        calls.push('prepare');
        controller.abort(new Error('stop now'));
        if (ctx.signal.aborted) throw ctx.signal.reason;
      },
    };
    const result = await runner(dag(params, calls, { prepare: slow }), params).run({ signal: controller.signal });
    expect(result.status).toBe('failed');
    expect(result.error!.message).toBe('stop now');
    expect(result.stages.map((s) => s.status)).toEqual(['failed', 'not-run', 'not-run', 'not-run']);
    expect(result.stages[0]!.attempts).toBe(1); // an aborted stage is not retried
    expect(calls).toEqual(['prepare']);
    await expect(readFile(p('.msr/run.lock'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('retries per stage with backoff (Airflow retries, retry_delay, exponential backoff)', async () => {
    await writeFile(p('source.txt'), 'abc');
    const params = { 'clf.lr': 0.1, 'gm.k': 3 };
    let failures = 3;
    const stages = dag(params, [], {
      train: {
        run: async () => {
          if (failures-- > 0) throw new Error('flaky');
          await writeFileAtomic(p('model.txt'), 'm');
        },
      },
    });
    const sleeps: number[] = [];
    const result = await runner(stages, params, { sleep: async (ms) => void sleeps.push(ms), stageRetries: { '*': { retries: 0 }, train: { retries: 3, retryDelayMs: 100, backoff: 2 } } }).run();
    expect(result.status).toBe('succeeded');
    expect(result.stages.find((s) => s.name === 'train')!.attempts).toBe(4);
    expect(sleeps).toEqual([100, 200, 400]);
    expect(() => runner(stages, params, { stageRetries: { trian: { retries: 1 } } })).toThrow('options.stageRetries.trian.(stage): must be a stage name');
    expect(() => runner(stages, params, { stageRetries: { train: { backoff: 0.5 } } })).toThrow('options.stageRetries.train.backoff: must be ≥ 1, got 0.5');
  });
});
