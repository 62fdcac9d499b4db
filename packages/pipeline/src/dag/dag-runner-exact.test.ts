/**
 * The DAG runner's rules that dag-runner.test.ts reaches only in passing, pinned exactly on tiny
 * stages in a temp dir: `status`, the events of a run, concurrency, cancellation, failures outside
 * a stage's code, missing outputs, the run cache, a held lock, waiting for the lock, and the
 * takeover of a stale one (orphaned temp files, `onTakeover`).
 */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../fs/atomic-write.js';
import { DagRunner, type DagRunnerOptions } from './dag-runner.js';
import type { PipelineEvent } from './pipeline-event.js';
import { NOT_RUN_REASON, UNCHANGED_REASON } from './plan.js';
import { readHolder } from './run-lock.js';
import type { StageDefinition } from './stage-definition.js';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'msr-dag-exact-'));
  await writeFile(p('source.txt'), 'abc');
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const p = (...name: string[]): string => join(root, ...name);

/** source.txt → prepare → prepared.txt → { train (param lr), cluster (param k) } → assemble; `calls` records each run. */
function dag(params: Record<string, unknown>, calls: string[], overrides: Partial<Record<string, Partial<StageDefinition>>> = {}): StageDefinition[] {
  const stage = (name: string, deps: string[], out: string, body: () => Promise<string>, extra: Partial<StageDefinition> = {}): StageDefinition => ({
    name,
    deps,
    outs: [out],
    run: async () => {
      calls.push(name);
      await writeFileAtomic(out, await body());
    },
    ...extra,
    ...overrides[name],
  });
  return [
    stage('assemble', [p('model.txt'), p('clusters.txt')], p('bundle.txt'), async () => (await readFile(p('model.txt'), 'utf8')) + (await readFile(p('clusters.txt'), 'utf8'))),
    stage('prepare', [p('source.txt')], p('prepared.txt'), async () => (await readFile(p('source.txt'), 'utf8')).toUpperCase()),
    stage('train', [p('prepared.txt')], p('model.txt'), async () => `model(${String(params['clf.lr'])})`, { params: ['clf.lr'] }),
    stage('cluster', [p('prepared.txt')], p('clusters.txt'), async () => `k=${String(params['gm.k'])}`, { params: ['gm.k'] }),
  ];
}

let tick: number;
function runner(stages: StageDefinition[], params: Record<string, unknown>, extra: Partial<DagRunnerOptions> = {}): DagRunner {
  tick = 1_000;
  return new DagRunner({ stages, lockFile: p('msr.lock'), runLockFile: p('.msr/run.lock'), params: (k) => params[k], sleep: async () => {}, clock: () => (tick += 10), newRunId: () => 'run-1', ...extra });
}
const params = { 'clf.lr': 0.1, 'gm.k': 3 };

describe('DagRunner, exactly', () => {
  it('orders the stages and names what each needs; refuses a concurrency below 1', () => {
    const r = runner(dag(params, []), params);
    expect(r.order).toEqual(['prepare', 'train', 'cluster', 'assemble']);
    expect(r.upstreamOf('assemble')).toEqual(['train', 'cluster']);
    expect(r.upstreamOf('prepare')).toEqual([]);
    expect(r.upstreamOf('nope')).toEqual([]);
    r.order.push('changed'); // a copy
    expect(r.order).toHaveLength(4);
    for (const concurrency of [0, Number.NaN]) {
      expect(() => runner(dag(params, []), params, { concurrency })).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT', badInput: true, message: `options.concurrency: must be at least 1, got ${concurrency}` }));
    }
  });

  it('reports what each stage would do, without running anything, and when it last ran', async () => {
    const calls: string[] = [];
    const r = runner(dag(params, calls), params);
    expect(await r.status()).toEqual(['prepare', 'train', 'cluster', 'assemble'].map((name) => ({ name, state: 'changed', reasons: ['never run', ...(name === 'prepare' ? [] : [`upstream will run: ${name === 'assemble' ? 'train, cluster' : 'prepare'}`])] })));
    expect(calls).toEqual([]);
    expect((await r.status()).some((s) => 'lastRunAt' in s)).toBe(false);
    await r.run();
    // train and cluster both wait only for prepare, so they run side by side in either order.
    expect([calls[0], [...calls.slice(1, 3)].sort(), calls[3], calls.length]).toEqual(['prepare', ['cluster', 'train'], 'assemble', 4]);
    const ran = [...calls];
    const states = await r.status();
    expect(states.map((s) => [s.name, s.state, s.reasons])).toEqual(['prepare', 'train', 'cluster', 'assemble'].map((n) => [n, 'up-to-date', []]));
    expect(states.every((s) => typeof s.lastRunAt === 'number' && s.lastRunAt > 1_000)).toBe(true);
    // A changed param: its reader changes, and what it reaches will run; the others stay.
    const changed = runner(dag({ ...params, 'clf.lr': 0.2 }, calls), { ...params, 'clf.lr': 0.2 });
    const after = await changed.status();
    expect(after.map((s) => [s.name, s.state])).toEqual([['prepare', 'up-to-date'], ['train', 'changed'], ['cluster', 'up-to-date'], ['assemble', 'changed']]);
    expect(after[1]!.reasons).toEqual([expect.stringMatching(/^param changed: clf\.lr/)]);
    expect(after[3]!.reasons).toEqual(['upstream will run: train']);
    expect((await changed.status({ targets: ['train'] })).map((s) => s.name)).toEqual(['prepare', 'train']);
    expect((await changed.status({ targets: ['train'], single: true })).map((s) => s.name)).toEqual(['train']);
    expect(calls).toEqual(ran); // status ran nothing
  });

  it('reports a run through its events, in order, and skips what is unchanged', async () => {
    const events: PipelineEvent[] = [];
    const r = runner(dag(params, []), params, { concurrency: 1, onEvent: (e) => events.push(e) });
    const result = await r.run();
    expect(result).toMatchObject({ runId: 'run-1', status: 'succeeded', startedAt: 1_010 });
    expect('error' in result).toBe(false);
    // Durations from the injected clock (10 ms a reading): small, never a sum of two times.
    expect(result.durationMs).toBeGreaterThan(0);
    expect(result.durationMs).toBeLessThan(1_000);
    expect(result.stages.every((s) => s.durationMs > 0 && s.durationMs < 1_000)).toBe(true);
    expect(result.stages.map((s) => [s.name, s.status, s.reasons, s.attempts])).toEqual(['prepare', 'train', 'cluster', 'assemble'].map((n) => [n, 'ran', ['never run'], 1]));
    const brief = (e: PipelineEvent): string => `${e.type}${'stage' in e ? ` ${e.stage}` : ''}`;
    expect(events.map(brief)).toEqual(['run-start', ...['prepare', 'train', 'cluster', 'assemble'].flatMap((n) => [`stage-start ${n}`, `stage-done ${n}`]), 'run-done']);
    expect(events[0]).toEqual({ type: 'run-start', runId: 'run-1', at: 1_010, stages: ['prepare', 'train', 'cluster', 'assemble'] });
    expect(events[1]).toMatchObject({ type: 'stage-start', stage: 'prepare', attempt: 1, reasons: ['never run'] });
    expect(events[2]).toMatchObject({ type: 'stage-done', stage: 'prepare', attempts: 1 });
    expect(events.at(-1)).toMatchObject({ type: 'run-done', status: 'succeeded', ran: ['prepare', 'train', 'cluster', 'assemble'], skipped: [] });
    expect(result.durationMs).toBe((events.at(-1) as { durationMs: number }).durationMs);

    events.length = 0;
    const again = await runner(dag(params, []), params, { onEvent: (e) => events.push(e) }).run();
    expect(again.stages.map((s) => [s.status, s.reasons, s.attempts])).toEqual(Array(4).fill(['skipped', [UNCHANGED_REASON], 0]));
    expect(again.stages.every((s) => s.durationMs > 0 && s.durationMs < 1_000)).toBe(true);
    expect(events.filter((e) => e.type === 'stage-skip')).toHaveLength(4);
    expect(events.find((e) => e.type === 'stage-skip')).toMatchObject({ stage: 'prepare', reason: 'unchanged' });
  });

  it('runs one stage at a time with concurrency 1', async () => {
    let inFlight = 0;
    let peak = 0;
    const slow = (out: string): Partial<StageDefinition> => ({
      run: async () => {
        peak = Math.max(peak, ++inFlight);
        await new Promise((r) => setTimeout(r, 20));
        await writeFileAtomic(out, 'x');
        inFlight--;
      },
    });
    await runner(dag(params, [], { train: slow(p('model.txt')), cluster: slow(p('clusters.txt')) }), params, { concurrency: 1 }).run();
    expect(peak).toBe(1);
  });

  it('runs two independent stages at once by default', async () => {
    // Each waits until both have started: with one at a time this would never finish.
    let entered = 0;
    let both!: () => void;
    const together = new Promise<void>((resolve) => (both = resolve));
    const gated = (out: string): Partial<StageDefinition> => ({
      run: async () => {
        if (++entered === 2) both();
        await together;
        await writeFileAtomic(out, 'x');
      },
    });
    expect((await runner(dag(params, [], { train: gated(p('model.txt')), cluster: gated(p('clusters.txt')) }), params).run()).status).toBe('succeeded');
  });

  it('fails a stage whose run returned without writing its outputs, naming them (retried: it is not bad input)', async () => {
    const events: PipelineEvent[] = [];
    const lazy: Partial<StageDefinition> = { outs: [p('model.txt'), p('extra.txt')] };
    const result = await runner(dag(params, [], { train: lazy }), params, { onEvent: (e) => events.push(e), retries: 1 }).run();
    const train = result.stages.find((s) => s.name === 'train')!;
    expect(train).toMatchObject({ status: 'failed', attempts: 2 });
    expect(train.durationMs).toBeLessThan(1_000);
    expect(train.error).toMatchObject({ code: 'ERR_STAGE_OUTPUT', message: 'stage "train" did not write extra.txt' }); // root-relative, as msr.lock names it
    expect(events.find((e) => e.type === 'stage-fail')).toMatchObject({ stage: 'train', attempts: 2, code: 'ERR_STAGE_OUTPUT', error: 'stage "train" did not write extra.txt' });
    expect(result.stages.find((s) => s.name === 'assemble')).toEqual({ name: 'assemble', status: 'not-run', reasons: [NOT_RUN_REASON], attempts: 0, durationMs: 0 });
    expect(JSON.parse(await readFile(p('msr.lock'), 'utf8')).stages.train).toBeUndefined();
  });

  it('fails a stage that cannot even be looked at (its params unreadable) with 0 attempts, and names unknown codes', async () => {
    const unreadable = (k: string): unknown => {
      if (k === 'gm.k') throw new Error('params.yaml: bad indentation');
      return params[k as keyof typeof params];
    };
    const events: PipelineEvent[] = [];
    const result = await runner(dag(params, [], { train: { run: async () => Promise.reject(new Error('plain failure')) } }), params, { params: unreadable, retries: 0, onEvent: (e) => events.push(e) }).run();
    expect(result.status).toBe('failed');
    const cluster = result.stages.find((s) => s.name === 'cluster')!;
    expect(cluster).toMatchObject({ status: 'failed', reasons: [], attempts: 0, error: new Error('params.yaml: bad indentation') });
    expect(cluster.durationMs).toBeGreaterThan(0);
    expect(cluster.durationMs).toBeLessThan(1_000);
    expect(result.stages.find((s) => s.name === 'train')!.durationMs).toBeLessThan(1_000);
    expect(events.find((e) => e.type === 'stage-fail' && e.stage === 'train')).toMatchObject({ code: 'ERR_UNKNOWN', error: 'plain failure' });
    expect(await readHolder(p('.msr/run.lock'))).toBeNull();
  });

  it('turns a thrown non-Error into an Error', async () => {
    const result = await runner(dag(params, [], { prepare: { run: async () => Promise.reject('text thrown') } }), params, { retries: 0 }).run();
    expect(result.error).toBeInstanceOf(Error);
    expect(result.error!.message).toBe('text thrown');
  });

  it('ends a retry wait cut short by cancellation as a failure coded ERR_ABORTED', async () => {
    const controller = new AbortController();
    const events: PipelineEvent[] = [];
    const sleep = async (_ms: number, signal?: AbortSignal): Promise<void> => {
      controller.abort(new Error('user cancelled'));
      expect(signal?.aborted).toBe(true); // the stage's own signal follows the run's
      throw signal!.reason;
    };
    const result = await runner(dag(params, [], { prepare: { run: async () => Promise.reject(new Error('flaky')) } }), params, { sleep, onEvent: (e) => events.push(e) }).run({ signal: controller.signal });
    expect(result.stages[0]).toMatchObject({ name: 'prepare', status: 'failed', attempts: 1, error: new Error('user cancelled') });
    expect(result.stages[0]!.durationMs).toBeLessThan(1_000);
    expect(events.find((e) => e.type === 'stage-fail')).toMatchObject({ code: 'ERR_ABORTED', error: 'flaky', attempts: 1 });
    expect(result.error!.message).toBe('user cancelled');
  });

  it('reports the stage failure, not the cancellation that came with it', async () => {
    const controller = new AbortController();
    const failing: Partial<StageDefinition> = {
      run: async () => {
        controller.abort(new Error('cancelled meanwhile'));
        throw new Error('the stage’s own failure');
      },
    };
    const result = await runner(dag(params, [], { prepare: failing }), params, { retries: 0 }).run({ signal: controller.signal });
    expect(result.error!.message).toBe('the stage’s own failure');
  });

  it('warns about an unreadable lock file as a run-wide (*) log', async () => {
    await writeFile(p('msr.lock'), '{ garbled');
    const events: PipelineEvent[] = [];
    await runner(dag(params, []), params, { onEvent: (e) => events.push(e) }).run();
    expect(events.filter((e) => e.type === 'stage-log')).toEqual([{ type: 'stage-log', runId: 'run-1', at: expect.any(Number), stage: '*', level: 'warn', message: expect.stringMatching(/msr\.lock is unreadable \(.*\); every stage will re-run$/) }]);
  });

  it('starts nothing when cancelled before it starts; a reason that is not an Error becomes ERR_ABORTED', async () => {
    const calls: string[] = [];
    const controller = new AbortController();
    controller.abort('no reason given');
    const result = await runner(dag(params, calls), params).run({ signal: controller.signal });
    expect(calls).toEqual([]);
    expect(result.status).toBe('failed');
    expect(result.error).toMatchObject({ code: 'ERR_ABORTED', message: 'the run was cancelled' });
    expect(result.stages.map((s) => s.status)).toEqual(['not-run', 'not-run', 'not-run', 'not-run']);
  });
});

describe('DagRunner and the run cache', () => {
  it('restores the outputs of inputs it has seen instead of running the stage, unless forced or uncached', async () => {
    const cacheDir = p('.msr', 'cache');
    const run = async (lr: number, extra: Partial<Record<string, Partial<StageDefinition>>> = {}, force?: boolean) => {
      const ps = { ...params, 'clf.lr': lr };
      const calls: string[] = [];
      const events: PipelineEvent[] = [];
      const result = await runner(dag(ps, calls, extra), ps, { runCacheDir: cacheDir, onEvent: (e) => events.push(e) }).run(force ? { force } : {});
      return { calls, events, result };
    };
    await run(0.1);
    expect((await run(0.2)).calls).toEqual(['train', 'assemble']);
    const back = await run(0.1);
    // train's outputs come back, and then assemble's inputs are ones it has seen too.
    expect(back.calls).toEqual([]);
    const train = back.result.stages.find((s) => s.name === 'train')!;
    expect(train).toMatchObject({ status: 'skipped', attempts: 0, reasons: [expect.stringMatching(/^restored from the run cache \(param changed: clf\.lr.*\)$/)] });
    expect(back.events.find((e) => e.type === 'stage-skip' && e.stage === 'train')).toMatchObject({ reason: train.reasons[0] });
    expect(back.result.stages.find((s) => s.name === 'assemble')!.reasons).toEqual([expect.stringMatching(/^restored from the run cache \(dep changed: /)]);
    expect(await readFile(p('bundle.txt'), 'utf8')).toBe('model(0.1)k=3');
    expect(await readFile(p('model.txt'), 'utf8')).toBe('model(0.1)');
    // The restored stage is recorded as up to date.
    expect((await runner(dag(params, []), params, { runCacheDir: cacheDir }).status()).map((s) => s.state)).toEqual(Array(4).fill('up-to-date'));
    // Forced: run, not restored.
    expect((await run(0.1, {}, true)).calls.sort()).toEqual(['assemble', 'cluster', 'prepare', 'train']);
    // A stage that opts out (cache: false, or always) is run, not restored, and its outputs are not kept.
    await run(0.3, { train: { cache: false } });
    expect((await run(0.1, { train: { cache: false } })).calls).toContain('train');
    expect((await run(0.3, { train: { cache: false } })).calls).toContain('train');
    expect((await run(0.1, { train: { always: true } })).calls).toContain('train');
  });

  it('keeps no run cache by default', async () => {
    await runner(dag(params, []), params).run();
    expect((await readdir(root)).sort()).toEqual(['.msr', 'bundle.txt', 'clusters.txt', 'model.txt', 'msr.lock', 'prepared.txt', 'source.txt']);
    expect(await readdir(p('.msr'))).toEqual([]);
  });
});

describe('DagRunner and the run lock', () => {
  it('runs under a lock the caller holds, with its run id, and leaves it held', async () => {
    const takeovers: unknown[] = [];
    const r = runner(dag(params, []), params, { newRunId: () => 'unused', onTakeover: async (t) => void takeovers.push(t) });
    const lock = await r.acquireLock('held-1');
    expect(takeovers).toEqual([]); // nothing was taken over
    const result = await r.run({ heldLock: lock });
    expect(result.runId).toBe('held-1');
    expect((await readHolder(p('.msr/run.lock')))?.runId).toBe('held-1');
    expect((await r.run({ heldLock: lock, runId: 'explicit', force: true })).runId).toBe('explicit');
    await lock.release();
    expect(await readHolder(p('.msr/run.lock'))).toBeNull();
  });

  it('waits for a live run to finish when asked, polling every lockPollMs, saying so once', async () => {
    await mkdir(p('.msr'));
    await writeFile(p('.msr/run.lock'), JSON.stringify({ runId: 'other', pid: 4242, host: 'here', startedAt: 1, heartbeatAt: 1 }));
    const sleeps: number[] = [];
    const events: PipelineEvent[] = [];
    const sleep = async (ms: number): Promise<void> => {
      sleeps.push(ms);
      if (sleeps.length === 3) await rm(p('.msr/run.lock'));
    };
    const r = runner(dag(params, []), params, { host: 'here', lock: { isProcessAlive: () => true, heartbeatMs: 0 }, sleep, lockPollMs: 250, onEvent: (e) => events.push(e) });
    const result = await r.run({ wait: true });
    expect(result.status).toBe('succeeded');
    expect(sleeps).toEqual([250, 250, 250]);
    expect(events.filter((e) => e.type === 'stage-log').map((e) => (e as { message: string }).message)).toEqual(['waiting for run other (pid 4242 on here) to finish']);
    expect(events[0]).toMatchObject({ type: 'stage-log', level: 'info', stage: '*', runId: 'run-1' });
    // Without wait: refused at once.
    await writeFile(p('.msr/run.lock'), JSON.stringify({ runId: 'other', pid: 4242, host: 'here', startedAt: 1, heartbeatAt: 1 }));
    await expect(r.run()).rejects.toMatchObject({ code: 'ERR_LOCKED' });
    expect(sleeps).toHaveLength(3);
  });

  it('waits for an unnamed holder (a lock file being written) too, and a signal cancels the wait', async () => {
    await mkdir(p('.msr'));
    await writeFile(p('.msr/run.lock'), ''); // just created: not stale by the runner's clock
    const events: PipelineEvent[] = [];
    let sleeps = 0;
    const sleep = async (): Promise<void> => {
      if (++sleeps === 2) await rm(p('.msr/run.lock'));
    };
    const r = runner(dag(params, []), params, { sleep, onEvent: (e) => events.push(e), clock: () => Date.now() });
    expect((await r.run({ wait: true })).status).toBe('succeeded');
    expect(events.find((e) => e.type === 'stage-log')).toMatchObject({ message: 'waiting for the run in progress to finish' });

    await writeFile(p('.msr/run.lock'), '');
    const controller = new AbortController();
    const cancelling = async (_ms: number, signal?: AbortSignal): Promise<void> => {
      controller.abort(new Error('stop waiting'));
      if (signal?.aborted) throw signal.reason;
    };
    const waiting = runner(dag(params, []), params, { sleep: cancelling, clock: () => Date.now() }).run({ wait: true, signal: controller.signal });
    await expect(waiting).rejects.toThrow('stop waiting');
  });

  it('tells acquireLock’s own listener about a takeover, with or without a runner listener', async () => {
    await mkdir(p('.msr'));
    const stale = JSON.stringify({ runId: 'dead', pid: 777, host: 'here', startedAt: 1, heartbeatAt: 1 });
    await writeFile(p('.msr/run.lock'), stale);
    const r = runner(dag(params, []), params, { host: 'here', lock: { isProcessAlive: () => false, heartbeatMs: 0 } });
    const heard: string[] = [];
    const lock = await r.acquireLock('mine', (e) => heard.push(e.type));
    expect(heard).toEqual(['lock-recovered']);
    await lock.release();
    await writeFile(p('.msr/run.lock'), stale);
    const quiet = await r.acquireLock('quiet'); // no listener anywhere: nothing to tell, no error
    expect(quiet.recovered?.reason).toBe('process 777 on here is gone');
    await quiet.release();
  });

  it('takes over a stale lock: reports it, removes the dead process’s temp files beside the outputs, and lets onTakeover clean up', async () => {
    await mkdir(p('.msr'));
    await writeFile(p('.msr/run.lock'), JSON.stringify({ runId: 'dead', pid: 777, host: 'here', startedAt: 1, heartbeatAt: 1 }));
    const orphans = ['.model.txt.777.1.tmp', '.x.777.tmp'];
    const kept = ['.model.txt.7770.1.tmp', 'model.txt.777.1.tmp', '.model.txt.777.1.bak', '.model.txt.1.tmp'];
    for (const name of [...orphans, ...kept]) await writeFile(p(name), 'x');
    const takeovers: unknown[] = [];
    const events: PipelineEvent[] = [];
    const stages = [...dag(params, []), { name: 'late', deps: [], outs: [p('later', 'out.txt')], run: async () => writeFileAtomic(p('later', 'out.txt'), 'l') } satisfies StageDefinition];
    await mkdir(p('later')).then(() => rm(p('later'), { recursive: true })); // the folder does not exist yet
    const r = runner(stages, params, { host: 'here', lock: { isProcessAlive: (pid) => pid !== 777, heartbeatMs: 0 }, onTakeover: async (t) => void takeovers.push(t), onEvent: (e) => events.push(e) });
    expect((await r.run()).status).toBe('succeeded');
    const previous = { runId: 'dead', pid: 777, host: 'here', startedAt: 1, heartbeatAt: 1 };
    expect(takeovers).toEqual([{ runId: 'run-1', previous, reason: 'process 777 on here is gone' }]);
    expect(events[0]).toEqual({ type: 'lock-recovered', runId: 'run-1', at: expect.any(Number), previous, reason: 'process 777 on here is gone' });
    const left = await readdir(root);
    for (const name of orphans) expect(left, name).not.toContain(name);
    for (const name of kept) expect(left, name).toContain(name);
  });

  it('leaves another host’s temp files alone, and a failing onTakeover is a warning, not a failure', async () => {
    await mkdir(p('.msr'));
    await writeFile(p('.msr/run.lock'), JSON.stringify({ runId: 'far', pid: 777, host: 'elsewhere', startedAt: 1, heartbeatAt: 1 }));
    await writeFile(p('.model.txt.777.1.tmp'), 'x');
    const events: PipelineEvent[] = [];
    const onTakeover = async (): Promise<void> => {
      throw new Error('tracking server down');
    };
    const r = runner(dag(params, []), params, { host: 'here', lock: { staleAfterMs: 10, heartbeatMs: 0 }, onTakeover, onEvent: (e) => events.push(e) });
    expect((await r.run()).status).toBe('succeeded');
    expect(events.find((e) => e.type === 'stage-log')).toMatchObject({ level: 'warn', stage: '*', message: 'cleaning up after the stale run failed: tracking server down' });
    expect(await readdir(root)).toContain('.model.txt.777.1.tmp');
  });
});
