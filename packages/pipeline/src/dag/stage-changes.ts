import type { LockedPath, LockedStage } from './lock-file.js';
import { stableJson } from './portable.js';
import type { StageDefinition } from './stage-definition.js';

/** A stage's identity for change detection: what {@link stageChanges} compares with the lock. */
export interface StageFingerprint {
  version: string;
  /** SHA-256 of the stage's config, paths below the root made portable. */
  config: string;
  params: Record<string, unknown>;
  deps: LockedPath[];
  outs: LockedPath[];
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
 * when it is up to date. The one rule of both runners: the in-process DAG runner hashes the disk,
 * the queue runner reads hashes from the shared state.
 */
export function stageChanges(stage: Pick<StageDefinition, 'always'>, now: StageFingerprint, locked: LockedStage | null | undefined): string[] {
  if (stage.always) return ['always runs'];
  if (!locked) return ['never run'];
  const reasons: string[] = [];
  if (locked.version !== now.version) reasons.push(`code changed: version ${locked.version} → ${now.version}`);
  if (locked.config !== now.config) reasons.push('config changed');
  for (const [key, value] of Object.entries(now.params)) {
    if (stableJson(locked.params[key] ?? null) === stableJson(value)) continue;
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
