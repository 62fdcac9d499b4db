import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildGraph } from './graph.js';
import type { LockedStage } from './lock-file.js';
import type { PipelineEvent } from './pipeline-event.js';
import {
  configHash,
  hashJson,
  isForced,
  lockedEntry,
  missingOutputs,
  NOT_RUN_REASON,
  normalizeLocked,
  paramChanges,
  runDoneEvent,
  runReasons,
  selectStages,
  sha256,
  stableJson,
  stageChanges,
  stageContext,
  stageFingerprint,
  UNCHANGED_REASON,
  type StageFingerprint,
} from './plan.js';
import type { StageDefinition } from './stage-definition.js';

const root = '/srv/msr';
const hex = (text: string): string => createHash('sha256').update(text).digest('hex');
const fingerprint = (over: Partial<StageFingerprint> = {}): StageFingerprint => ({
  version: '1',
  config: 'c',
  params: { 'a.b': 1 },
  deps: [{ path: 'in.csv', hash: 'h1' }],
  outs: [{ path: 'out.csv', hash: 'o1' }],
  ...over,
});
const locked = (over: Partial<LockedStage> = {}): LockedStage => ({ ...fingerprint(), at: 5, ...over });

describe('stableJson and the hashes', () => {
  it('sorts object keys at every depth and keeps array order', () => {
    expect(stableJson({ b: 1, a: { d: [2, 1], c: null } })).toBe('{"a":{"c":null,"d":[2,1]},"b":1}');
    expect(stableJson([{ b: 1, a: 2 }])).toBe('[{"a":2,"b":1}]');
    expect(stableJson('x')).toBe('"x"');
    expect(stableJson(null)).toBe('null');
  });

  it('hashes with SHA-256 hex', () => {
    expect(sha256('abc')).toBe(hex('abc'));
    expect(hashJson({ b: 1, a: 2 })).toBe(hex('{"a":2,"b":1}'));
  });

  it('hashes a config with paths below the root made portable, or in the legacy absolute form without a root', () => {
    const config = { file: join(root, 'data/x.csv'), url: 'https://example.org/d.zip' };
    expect(configHash(config, root)).toBe(hex('{"file":"msr-root:data/x.csv","url":"https://example.org/d.zip"}'));
    expect(configHash(config)).toBe(hex(JSON.stringify({ file: join(root, 'data/x.csv'), url: 'https://example.org/d.zip' })));
    expect(configHash(undefined, root)).toBe(hex('{}'));
    expect(configHash(undefined)).toBe(hex('{}'));
  });
});

describe('stageFingerprint', () => {
  it("records version '1' by default, the portable config hash, each param (undefined as null), and the given paths", () => {
    const deps = [{ path: 'in.csv', hash: 'h' }];
    const outs = [{ path: 'out.csv', hash: null }];
    const seen: string[] = [];
    const now = stageFingerprint(
      { params: ['a.b', 'missing'], config: { dir: join(root, 'x') } },
      { root, param: (key) => (seen.push(key), key === 'a.b' ? 3 : undefined), deps, outs },
    );
    expect(now).toEqual({ version: '1', config: configHash({ dir: join(root, 'x') }, root), params: { 'a.b': 3, missing: null }, deps, outs });
    expect(seen).toEqual(['a.b', 'missing']);
    expect(stageFingerprint({ version: '7' }, { root, param: () => 1, deps: [], outs: [] })).toEqual({ version: '7', config: configHash({}, root), params: {}, deps: [], outs: [] });
  });

  it('makes the lock entry of a run from the fingerprint and what it wrote', () => {
    const outs = [{ path: 'out.csv', hash: 'new' }];
    expect(lockedEntry(fingerprint(), outs, 42)).toEqual({ version: '1', deps: fingerprint().deps, params: { 'a.b': 1 }, config: 'c', outs, at: 42 });
  });
});

describe('normalizeLocked', () => {
  const stage = { config: { dir: join(root, 'x') } };
  // Computed inside each test, not while collecting: a hash taken at collection time hides
  // mutants of the hashing from Stryker's per-test coverage.
  const nowOf = (): { config: string } => ({ config: configHash(stage.config, root) });

  it('is undefined without a lock entry', () => {
    const now = nowOf();
    expect(normalizeLocked(stage, undefined, now, root)).toBeUndefined();
    expect(normalizeLocked(stage, null, now, root)).toBeUndefined();
  });

  it('makes absolute paths below the root relative, keeps others, and reads the legacy config hash as the portable one', () => {
    const now = nowOf();
    const old = locked({
      config: configHash(stage.config),
      deps: [{ path: join(root, 'in.csv'), hash: 'h' }, { path: '/elsewhere/d.csv', hash: 'd' }, { path: 'rel.csv', hash: 'r' }],
      outs: [{ path: join(root, 'out', 'o.csv'), hash: 'o' }],
    });
    expect(normalizeLocked(stage, old, now, root)).toEqual({
      ...old,
      config: now.config,
      deps: [{ path: 'in.csv', hash: 'h' }, { path: '/elsewhere/d.csv', hash: 'd' }, { path: 'rel.csv', hash: 'r' }],
      outs: [{ path: 'out/o.csv', hash: 'o' }],
    });
  });

  it('keeps a config hash that is neither form (the config really changed)', () => {
    expect(normalizeLocked(stage, locked({ config: 'other' }), nowOf(), root)!.config).toBe('other');
  });
});

describe('paramChanges', () => {
  it('names each differing leaf with before → after, keys sorted', () => {
    expect(paramChanges('GB', { lr: 0.1, depth: 5, n: 3 }, { lr: 0.2, depth: 6, n: 3 })).toEqual(['GB.depth 5 → 6', 'GB.lr 0.1 → 0.2']);
    expect(paramChanges('k', { a: 1 }, { a: 1, b: 2 })).toEqual(['k.b (unset) → 2']);
    expect(paramChanges('k', { a: 1, b: 2 }, { a: 1 })).toEqual(['k.b 2 → (unset)']);
  });

  it('compares arrays and scalars whole, unset as null', () => {
    expect(paramChanges('n', [3, 3], [3, 4])).toEqual(['n [3,3] → [3,4]']);
    expect(paramChanges('n', [3], [3])).toEqual([]);
    expect(paramChanges('x', undefined, null)).toEqual([]);
    expect(paramChanges('x', { a: 1 }, [1])).toEqual(['x {"a":1} → [1]']);
    expect(paramChanges('x', null, { a: 1 })).toEqual(['x null → {"a":1}']);
  });
});

describe('stageChanges', () => {
  it('always runs a stage that says so, and a stage that never ran', () => {
    expect(stageChanges({ always: true }, fingerprint(), locked())).toEqual(['always runs']);
    expect(stageChanges({}, fingerprint(), undefined)).toEqual(['never run']);
    expect(stageChanges({}, fingerprint(), null)).toEqual(['never run']);
  });

  it('is empty when nothing changed', () => {
    expect(stageChanges({ always: false }, fingerprint(), locked())).toEqual([]);
  });

  it('names the version, config, param, dep and out that changed, in that order', () => {
    const now = fingerprint({
      version: '2',
      config: 'c2',
      params: { 'a.b': 2 },
      deps: [{ path: 'in.csv', hash: 'h2' }],
      outs: [{ path: 'out.csv', hash: 'o2' }],
    });
    expect(stageChanges({}, now, locked())).toEqual(['code changed: version 1 → 2', 'config changed', 'param changed: a.b 1 → 2', 'dep changed: in.csv', 'out changed: out.csv']);
  });

  it('says an output is missing, and a changed list of paths', () => {
    expect(stageChanges({}, fingerprint({ outs: [{ path: 'out.csv', hash: null }] }), locked())).toEqual(['out missing: out.csv']);
    expect(stageChanges({}, fingerprint({ deps: [{ path: 'in.csv', hash: null }] }), locked())).toEqual(['dep changed: in.csv']);
    expect(stageChanges({}, fingerprint({ deps: [{ path: 'other.csv', hash: 'h1' }] }), locked())).toEqual(['deps changed: the list of paths differs']);
    expect(stageChanges({}, fingerprint({ outs: [...fingerprint().outs, { path: 'more.csv', hash: 'm' }] }), locked())).toEqual(['outs changed: the list of paths differs']);
    expect(stageChanges({}, fingerprint({ deps: [] }), locked())).toEqual(['deps changed: the list of paths differs']);
    // Same length, one path renamed among several.
    const two = [{ path: 'a.csv', hash: 'a' }, { path: 'b.csv', hash: 'b' }];
    expect(stageChanges({}, fingerprint({ deps: [two[0]!, { path: 'c.csv', hash: 'b' }] }), locked({ deps: two }))).toEqual(['deps changed: the list of paths differs']);
  });

  it('lists every changed leaf of one params key in one reason', () => {
    expect(stageChanges({}, fingerprint({ params: { GB: { lr: 0.2, depth: 6 } } }), locked({ params: { GB: { lr: 0.1, depth: 5 } } }))).toEqual(['param changed: GB.depth 5 → 6, GB.lr 0.1 → 0.2']);
  });

  it('names a param key whose values hash apart without a differing leaf, and one the lock lacks', () => {
    expect(stageChanges({}, fingerprint({ params: { k: {} } }), locked({ params: { k: { a: null } } }))).toEqual(['param changed: k']);
    expect(stageChanges({}, fingerprint({ params: { 'a.b': 1, c: 2 } }), locked())).toEqual(['param changed: c (unset) → 2']);
    expect(stageChanges({}, fingerprint({ params: { 'a.b': null } }), locked({ params: {} }))).toEqual([]);
  });
});

describe('forcing and selection', () => {
  it('forces every stage, the named ones, or none', () => {
    expect(isForced(true, 'a')).toBe(true);
    expect(isForced(false, 'a')).toBe(false);
    expect(isForced(undefined, 'a')).toBe(false);
    expect(isForced(['a'], 'a')).toBe(true);
    expect(isForced(['b'], 'a')).toBe(false);
  });

  it("puts 'forced' first when forced", () => {
    expect(runReasons(['dep changed: x'], true)).toEqual(['forced', 'dep changed: x']);
    expect(runReasons([], true)).toEqual(['forced']);
    const changes = ['never run'];
    expect(runReasons(changes, false)).toEqual(['never run']);
  });

  const stage = (name: string, deps: string[], outs: string[]): StageDefinition => ({ name, deps, outs, run: async () => undefined });
  const graph = buildGraph([stage('a', ['/r/src'], ['/r/a']), stage('b', ['/r/a'], ['/r/b']), stage('c', ['/r/b'], ['/r/c'])]);

  it('selects targets with what they need, or only the targets with single', () => {
    expect([...selectStages(graph)]).toEqual(expect.arrayContaining(['a', 'b', 'c']));
    expect(selectStages(graph).size).toBe(3);
    expect([...selectStages(graph, ['b'])].sort()).toEqual(['a', 'b']);
    expect([...selectStages(graph, ['b', 'c'], true)]).toEqual(['b', 'c']);
    expect([...selectStages(graph, ['b'], false)].sort()).toEqual(['a', 'b']);
  });

  it('refuses an unknown target, also with single', () => {
    expect(() => selectStages(graph, ['nope'])).toThrow(expect.objectContaining({ code: 'ERR_UNKNOWN_STAGE' }));
    expect(() => selectStages(graph, ['b', 'nope'], true)).toThrow(expect.objectContaining({ code: 'ERR_UNKNOWN_STAGE' }));
  });
});

describe('stage results and context', () => {
  it('says why a selected stage did not run', () => {
    expect(NOT_RUN_REASON).toBe('a stage it needs failed or the run was cancelled');
    expect(UNCHANGED_REASON).toBe('unchanged');
  });

  it('names every output a stage did not write', () => {
    const error = missingOutputs('train', ['a.json', 'b.json']);
    expect(error).toMatchObject({ code: 'ERR_STAGE_OUTPUT', message: 'stage "train" did not write a.json, b.json' });
  });

  it('turns progress and log lines into events of the run and stage', () => {
    const events: PipelineEvent[] = [];
    let t = 0;
    const signal = new AbortController().signal;
    const context = stageContext({ runId: 'r1', stage: 's', attempt: 2, forced: true, signal, clock: () => ++t, emit: (e) => events.push(e) });
    expect(context).toMatchObject({ runId: 'r1', stage: 's', attempt: 2, forced: true, signal });
    context.progress({ phase: 'training', done: 1, total: 4, unit: 'rounds' });
    context.log('warn', 'careful', { n: 1 });
    context.log('info', 'plain');
    expect(events).toEqual([
      { type: 'stage-progress', runId: 'r1', at: 1, stage: 's', phase: 'training', done: 1, total: 4, unit: 'rounds' },
      { type: 'stage-log', runId: 'r1', at: 2, stage: 's', level: 'warn', message: 'careful', data: { n: 1 } },
      { type: 'stage-log', runId: 'r1', at: 3, stage: 's', level: 'info', message: 'plain' },
    ]);
  });
});

describe('runDoneEvent', () => {
  it('lists the stages that ran and were skipped, and the status', () => {
    const outcomes = [
      { name: 'a', status: 'skipped' },
      { name: 'b', status: 'ran' },
      { name: 'c', status: 'failed' },
      { name: 'd', status: 'not-run' },
      { name: 'e', status: 'ran' },
    ];
    expect(runDoneEvent({ runId: 'r', at: 9, durationMs: 4, failed: true }, outcomes)).toEqual({ type: 'run-done', runId: 'r', at: 9, status: 'failed', durationMs: 4, ran: ['b', 'e'], skipped: ['a'] });
    expect(runDoneEvent({ runId: 'r', at: 9, durationMs: 4, failed: false }, [])).toMatchObject({ status: 'succeeded', ran: [], skipped: [] });
  });
});
