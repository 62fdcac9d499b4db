/**
 * @module
 * The plan both pipeline runners follow: which stages a run selects, what a stage looks like
 * now (its fingerprint), why it must run (key-level reasons against its lock entry), and the
 * lock entry it leaves. Pure: the in-process {@link DagRunner} feeds it hashes of the disk, the
 * BullMQ runner hashes from the shared state; each runner keeps only its own I/O.
 */
import { createHash } from 'node:crypto';
import { isAbsolute } from 'node:path';
import { withUpstream, type StageGraph } from './graph.js';
import type { LockedPath, LockedStage } from './lock-file.js';
import { lockPath, toPortable } from './portable.js';
import { PipelineError } from '../errors/pipeline-error.js';
import type { PipelineEvent } from './pipeline-event.js';
import type { StageContext, StageDefinition } from './stage-definition.js';

/** JSON with object keys sorted, so equal values hash equally. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1))) : v));
}

/** SHA-256 hex of a string. */
export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** SHA-256 of a value's {@link stableJson}: the one hash of settings, params and cache keys. */
export function hashJson(value: unknown): string {
  return sha256(stableJson(value));
}

/**
 * The hash of a stage's `config` as the lock file records it: paths below `root` made portable,
 * so a moved or copied root keeps its hashes. Without `root`, the form lock files had before
 * issue 12 (absolute paths), which a runner still accepts as the portable one.
 */
export function configHash(config: StageDefinition['config'], root?: string): string {
  const value = config ?? {};
  return hashJson(root === undefined ? value : toPortable(value, root));
}

/** A stage's identity for change detection: what {@link stageChanges} compares with the lock. */
export interface StageFingerprint {
  version: string;
  /** SHA-256 of the stage's config, paths below the root made portable (`configHash` in `dag/plan.ts`). */
  config: string;
  params: Record<string, unknown>;
  deps: LockedPath[];
  outs: LockedPath[];
}

/** What {@link stageFingerprint} needs beside the stage: where its root is and what its files hash to. */
export interface FingerprintInputs {
  /** The pipeline's root (paths in `config` below it are made portable). */
  root: string;
  /** Looks up a dotted `params.yaml` key; `undefined` is recorded as `null`. */
  param: (key: string) => unknown;
  /** The stage's `deps`, in order, as the lock names them, with their hashes. */
  deps: LockedPath[];
  /** The stage's `outs`, in order, likewise. */
  outs: LockedPath[];
}

/** The stage as it is now, as the lock file records it (version `'1'` unless the stage says). */
export function stageFingerprint(stage: Pick<StageDefinition, 'version' | 'config' | 'params'>, inputs: FingerprintInputs): StageFingerprint {
  return {
    version: stage.version ?? '1',
    config: configHash(stage.config, inputs.root),
    params: Object.fromEntries((stage.params ?? []).map((key) => [key, inputs.param(key) ?? null])),
    deps: inputs.deps,
    outs: inputs.outs,
  };
}

/** The lock entry of a stage that ran (or was restored) with inputs `now`, wrote `outs`, at `at`. */
export function lockedEntry(now: StageFingerprint, outs: LockedPath[], at: number): LockedStage {
  return { version: now.version, deps: now.deps, params: now.params, config: now.config, outs, at };
}

/**
 * A lock entry in today's form: lock files before issue 12 stored absolute paths and hashed the
 * config with them; paths below `root` become relative, and the old config hash counts as the
 * portable one (`now.config`).
 */
export function normalizeLocked(stage: Pick<StageDefinition, 'config'>, locked: LockedStage | null | undefined, now: Pick<StageFingerprint, 'config'>, root: string): LockedStage | undefined {
  if (!locked) return undefined;
  const paths = (list: LockedPath[]): LockedPath[] => list.map((p) => (isAbsolute(p.path) ? { ...p, path: lockPath(root, p.path) } : p));
  return { ...locked, deps: paths(locked.deps), outs: paths(locked.outs), config: locked.config === configHash(stage.config) ? now.config : locked.config };
}

const show = (value: unknown): string => (value === undefined ? '(unset)' : JSON.stringify(value));

/**
 * The leaves that differ between two values of a params key, as `key.path before → after`
 * (`GradientBoostingClassifier.learning_rate 0.008 → 0.1`), like `dvc params diff`.
 */
export function paramChanges(key: string, before: unknown, after: unknown): string[] {
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((k) => paramChanges(`${key}.${k}`, before[k], after[k]));
  }
  return stableJson(before ?? null) === stableJson(after ?? null) ? [] : [`${key} ${show(before)} → ${show(after)}`];
}

/**
 * Why a stage must run given its last successful run (`locked`, `null` when it never ran); empty
 * when it is up to date. Reasons name what changed: `code changed: version 1 → 2`, `config
 * changed`, `param changed: GaussianMixture.n_components [3] → [4]`, `dep changed: <path>`,
 * `out missing: <path>`, `deps changed: the list of paths differs`.
 */
export function stageChanges(stage: Pick<StageDefinition, 'always'>, now: StageFingerprint, locked: LockedStage | null | undefined): string[] {
  if (stage.always) return ['always runs'];
  if (!locked) return ['never run'];
  const reasons: string[] = [];
  if (locked.version !== now.version) reasons.push(`code changed: version ${locked.version} → ${now.version}`);
  if (locked.config !== now.config) reasons.push('config changed');
  for (const [key, value] of Object.entries(now.params)) {
    if (stableJson(locked.params[key] ?? null) === stableJson(value)) continue;
    // `{ a: null }` and `{}` hash apart but have no differing leaf: then the key itself is named.
    const leaves = paramChanges(key, locked.params[key], value);
    reasons.push(`param changed: ${leaves.length > 0 ? leaves.join(', ') : key}`);
  }
  const compare = (kind: 'dep' | 'out', current: LockedPath[], before: LockedPath[]): void => {
    const previous = new Map(before.map((p) => [p.path, p.hash]));
    if (current.length !== before.length || current.some((p) => !previous.has(p.path))) reasons.push(`${kind}s changed: the list of paths differs`);
    for (const { path, hash } of current) {
      if (!previous.has(path)) continue;
      if (hash === null && kind === 'out') reasons.push(`out missing: ${path}`);
      else if (hash !== previous.get(path)) reasons.push(`${kind} changed: ${path}`);
    }
  };
  compare('dep', now.deps, locked.deps);
  compare('out', now.outs, locked.outs);
  return reasons;
}

/** Which stages a run forces: every one (`true`), the named ones, or none. */
export type ForceOption = boolean | readonly string[] | undefined;

/** Whether `force` forces the stage `name`. */
export function isForced(force: ForceOption, name: string): boolean {
  return force === true || (Array.isArray(force) && force.includes(name));
}

/** Why a stage runs: `forced` first when it is, then what changed; empty means it is skipped as `unchanged`. */
export function runReasons(changes: readonly string[], forced: boolean): string[] {
  return forced ? ['forced', ...changes] : [...changes];
}

/**
 * The stages a run brings up to date: `targets` (default: all) with everything they need, or
 * only `targets` with `single` (`dvc repro --single-item`).
 * @throws `PipelineError` `ERR_UNKNOWN_STAGE` (bad input) for a target that is not a stage.
 */
export function selectStages(graph: StageGraph, targets: readonly string[] = graph.order, single = false): Set<string> {
  if (!single) return withUpstream(graph, targets);
  for (const t of targets) withUpstream(graph, [t]); // validates the names
  return new Set(targets);
}

/** Why a stage was skipped: {@link runReasons} gave none. */
export const UNCHANGED_REASON = 'unchanged';

/** Why a selected stage did not run: a stage it needs failed, or the run was cancelled. */
export const NOT_RUN_REASON = 'a stage it needs failed or the run was cancelled';

/** The failure of a stage that returned without writing every one of its outputs. */
export function missingOutputs(stage: string, paths: readonly string[]): PipelineError {
  return new PipelineError('ERR_STAGE_OUTPUT', `stage "${stage}" did not write ${paths.join(', ')}`);
}

/** What {@link stageContext} needs to hand a stage its context. */
export interface StageContextInputs {
  runId: string;
  stage: string;
  attempt: number;
  forced: boolean;
  signal: AbortSignal;
  clock: () => number;
  emit: (event: PipelineEvent) => void;
}

/** The context a stage's `run` gets: its progress and log lines become `stage-progress` / `stage-log` events. */
export function stageContext(inputs: StageContextInputs): StageContext {
  const { runId, stage, clock, emit } = inputs;
  return {
    runId,
    stage,
    attempt: inputs.attempt,
    forced: inputs.forced,
    signal: inputs.signal,
    progress: (update) => emit({ type: 'stage-progress', runId, at: clock(), stage, ...update }),
    log: (level, message, data) => emit({ type: 'stage-log', runId, at: clock(), stage, level, message, ...(data ? { data } : {}) }),
  };
}

/** The `run-done` event of a run whose selected stages ended with `outcomes` (in order). */
export function runDoneEvent(run: { runId: string; at: number; durationMs: number; failed: boolean }, outcomes: readonly { name: string; status: string }[]): Extract<PipelineEvent, { type: 'run-done' }> {
  const named = (status: string): string[] => outcomes.filter((s) => s.status === status).map((s) => s.name);
  return { type: 'run-done', runId: run.runId, at: run.at, status: run.failed ? 'failed' : 'succeeded', durationMs: run.durationMs, ran: named('ran'), skipped: named('skipped') };
}
