import { isMlflowError, LocalTrackingStore, RestTrackingStore, type ModelVersion, type TrackingStore } from '@msr/mlflow-client';
import { PipelineError } from '../errors/pipeline-error.js';
import type { Tracker } from './tracker.js';

/**
 * The alias every move of `champion` that sticks leaves on the champion it replaces — `msr models
 * promote`, the pipeline's model assembly, the recommender evaluation's gate — and `msr models
 * rollback` moves `champion` back to (then removes). An alias, not a version tag: both stores move
 * aliases already, MLflow's UI shows them, and `msr mlflow push` copies them (decisions 0996, 1060).
 */
export const PREVIOUS_CHAMPION_ALIAS = 'previous-champion';

/** A promotion or rollback that cannot be done as asked: an unknown version, nothing to roll back. */
export class ModelPromotionError extends PipelineError {
  override readonly name = 'ModelPromotionError';

  constructor(code: 'ERR_UNKNOWN_MODEL_VERSION' | 'ERR_NOTHING_TO_ROLL_BACK' | 'ERR_NO_REGISTRY', message: string) {
    super(code, message, { badInput: true });
  }
}

/** The registry calls promotion needs, over the local store or an MLflow server. */
interface VersionRegistry {
  getVersion(name: string, version: string): Promise<ModelVersion | undefined>;
  listVersions(name: string): Promise<ModelVersion[]>;
  getVersionByAlias(name: string, alias: string): Promise<ModelVersion | undefined>;
  setAlias(name: string, alias: string, version: string): Promise<void>;
  deleteAlias(name: string, alias: string): Promise<void>;
}

/** An unknown model or version is `undefined`, in both stores. */
async function orMissing(read: Promise<ModelVersion>): Promise<ModelVersion | undefined> {
  try {
    return await read;
  } catch (error) {
    if (isMlflowError(error, 'RESOURCE_DOES_NOT_EXIST')) return undefined;
    throw error;
  }
}

function versionRegistry(store: TrackingStore | Tracker): VersionRegistry {
  if (store instanceof LocalTrackingStore) {
    const r = store.registry;
    return {
      getVersion: (name, version) => orMissing(r.getVersion(name, version)),
      listVersions: (name) => r.listVersions(name),
      getVersionByAlias: (name, alias) => r.getVersionByAlias(name, alias),
      setAlias: (name, alias, version) => r.setAlias(name, alias, version),
      deleteAlias: (name, alias) => r.deleteAlias(name, alias),
    };
  }
  if (store instanceof RestTrackingStore) {
    const r = store.client.registry;
    return {
      // A version that is not a number is not one MLflow has; asking would be INVALID_PARAMETER_VALUE.
      getVersion: (name, version) => (/^\d+$/.test(version) ? orMissing(r.getVersion(name, version)) : Promise.resolve(undefined)),
      listVersions: async (name) => {
        const versions: ModelVersion[] = [];
        let pageToken: string | undefined;
        do {
          const page = await r.searchVersions({ filter: `name = '${name.replace(/'/g, "\\'")}'`, maxResults: 1000, ...(pageToken ? { pageToken } : {}) });
          versions.push(...page.items);
          pageToken = page.nextPageToken;
        } while (pageToken);
        // MLflow's search leaves the aliases out of the versions it returns; the model has them.
        const aliases = Object.entries((await r.getModel(name))?.aliases ?? {});
        return versions.map((v) => ({ ...v, aliases: aliases.filter(([, to]) => to === v.version).map(([a]) => a) })).sort((a, b) => Number(a.version) - Number(b.version));
      },
      getVersionByAlias: (name, alias) => r.getVersionByAlias(name, alias),
      setAlias: (name, alias, version) => r.setAlias(name, alias, version),
      deleteAlias: (name, alias) => r.deleteAlias(name, alias),
    };
  }
  throw new ModelPromotionError('ERR_NO_REGISTRY', `the tracking store at ${store.location} has no model registry`);
}

/** What a promotion or rollback did. */
export interface AliasMove {
  model: string;
  alias: string;
  /** The version the alias points at now. */
  version: string;
  /** The version it pointed at before (`undefined`: it was not set). */
  from: string | undefined;
  /** False when the alias already pointed at the version (nothing was written). */
  moved: boolean;
  /**
   * The version {@link PREVIOUS_CHAMPION_ALIAS} pointed at before (`undefined`: it was not set):
   * what {@link undoAliasMove} puts back, so an undone move loses no older undo point.
   */
  previousBefore: string | undefined;
}

/**
 * Points `alias` of registered model `model` at `version`, and {@link PREVIOUS_CHAMPION_ALIAS} at
 * the version it pointed to before, so {@link rollbackAlias} can undo it. Throws
 * `ERR_UNKNOWN_MODEL_VERSION` when the model has no such version.
 */
export async function promoteAlias(store: TrackingStore | Tracker, model: string, alias: string, version: string): Promise<AliasMove> {
  const registry = versionRegistry(store);
  const target = await registry.getVersion(model, version);
  if (!target) {
    const known = (await registry.listVersions(model)).map((v) => v.version);
    throw new ModelPromotionError('ERR_UNKNOWN_MODEL_VERSION', `${model} has no version "${version}" (${known.length === 0 ? 'it has no versions' : `versions: ${known.join(', ')}`}; msr models list shows them)`);
  }
  const [current, previous] = await Promise.all([registry.getVersionByAlias(model, alias), registry.getVersionByAlias(model, PREVIOUS_CHAMPION_ALIAS)]);
  const move = { model, alias, version: target.version, from: current?.version, previousBefore: previous?.version };
  if (current?.version === target.version) return { ...move, moved: false };
  // The undo point first: if the second write fails, champion is unchanged and a rollback is harmless.
  if (current) await registry.setAlias(model, PREVIOUS_CHAMPION_ALIAS, current.version);
  else await registry.deleteAlias(model, PREVIOUS_CHAMPION_ALIAS);
  await registry.setAlias(model, alias, target.version);
  return { ...move, moved: true };
}

/**
 * Puts both aliases back as they were before `move` (a {@link promoteAlias} that did move):
 * `alias` on `move.from` (removed if it was not set) and {@link PREVIOUS_CHAMPION_ALIAS} on
 * `move.previousBefore`. Only when neither alias moved since — otherwise nothing is written and
 * the answer is false, because the registry no longer shows the move to undo.
 */
export async function undoAliasMove(store: TrackingStore | Tracker, move: AliasMove): Promise<boolean> {
  if (!move.moved) return false;
  const registry = versionRegistry(store);
  const [current, previous] = await Promise.all([registry.getVersionByAlias(move.model, move.alias), registry.getVersionByAlias(move.model, PREVIOUS_CHAMPION_ALIAS)]);
  if (current?.version !== move.version || previous?.version !== move.from) return false;
  // Champion first: if the second write fails, the served version is already right and the undo
  // point names that same version, so a rollback changes nothing rather than going to the rejected one.
  if (move.from === undefined) await registry.deleteAlias(move.model, move.alias);
  else await registry.setAlias(move.model, move.alias, move.from);
  if (move.previousBefore === undefined) await registry.deleteAlias(move.model, PREVIOUS_CHAMPION_ALIAS);
  else await registry.setAlias(move.model, PREVIOUS_CHAMPION_ALIAS, move.previousBefore);
  return true;
}

/**
 * Points `alias` at `version` as if `pending` (the move that put the current version there, not
 * yet accepted) had not happened: `pending` is undone, then `version` promoted. So when `version`
 * is the one `pending` replaced, both aliases end where they were before it; otherwise
 * {@link PREVIOUS_CHAMPION_ALIAS} names the champion before `pending`, not the rejected version.
 * Without a `pending` that the registry still shows, it is {@link promoteAlias}.
 */
export async function revertAliasMove(store: TrackingStore | Tracker, model: string, alias: string, version: string, pending: AliasMove | undefined): Promise<AliasMove> {
  if (pending && pending.model === model && pending.alias === alias) await undoAliasMove(store, pending);
  return promoteAlias(store, model, alias, version);
}

/**
 * Points `alias` back at the version it pointed to before the last move that stuck (a
 * {@link promoteAlias}, or a {@link revertAliasMove} of the champion gate), and
 * removes {@link PREVIOUS_CHAMPION_ALIAS} (one level of undo). Throws `ERR_NOTHING_TO_ROLL_BACK`
 * when no promotion left one.
 */
export async function rollbackAlias(store: TrackingStore | Tracker, model: string, alias: string): Promise<AliasMove> {
  const registry = versionRegistry(store);
  const previous = await registry.getVersionByAlias(model, PREVIOUS_CHAMPION_ALIAS);
  if (!previous) throw new ModelPromotionError('ERR_NOTHING_TO_ROLL_BACK', `nothing to roll back: ${model} has no @${PREVIOUS_CHAMPION_ALIAS} (msr models promote and msr run set it when they replace a champion, and a rollback uses it up)`);
  const current = await registry.getVersionByAlias(model, alias);
  await registry.setAlias(model, alias, previous.version);
  await registry.deleteAlias(model, PREVIOUS_CHAMPION_ALIAS);
  return { model, alias, version: previous.version, from: current?.version, moved: true, previousBefore: previous.version };
}

/** Every version of `model`, oldest first, with its aliases. */
export async function listModelVersions(store: TrackingStore, model: string): Promise<ModelVersion[]> {
  return versionRegistry(store).listVersions(model);
}
