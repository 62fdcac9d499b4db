import { ConfigurationManager } from '../config/configuration-manager.js';
import { redactTracking } from '../config/tracking-config.js';
import { modelAssemblyStage } from '../stages/model-assembly-stage.js';
import { createTracker } from '../tracking/create-tracker.js';
import { listModelVersions, promoteAlias, rollbackAlias, PREVIOUS_CHAMPION_ALIAS, type AliasMove } from '../tracking/champion-alias.js';
import type { CliIo } from './cli-io.js';
import type { Command, ParsedArgs } from './commands.js';
import { pipelineOptions } from './pipeline-options.js';
import { UsageError } from './usage-error.js';

/** The tracking store, the registered model (`msr-recommender`) and its alias (`champion`) of the root's config. */
async function registryTarget(args: ParsedArgs, io: CliIo) {
  const manager = await ConfigurationManager.load(pipelineOptions(args, io));
  const assembly = manager.config(modelAssemblyStage);
  const store = createTracker(manager.getTrackingConfig(), { baseDir: manager.rootDir, ...(io.fetch ? { fetch: io.fetch } : {}) });
  return { store, model: assembly.registeredModelName, alias: assembly.alias, where: redactTracking(manager.getTrackingConfig()).uri };
}

function moved(verb: string, m: AliasMove, where: string): string {
  if (!m.moved) return `${m.model}@${m.alias} already points at version ${m.version}; nothing changed (${where})`;
  return `${verb} ${m.model}@${m.alias}: version ${m.from ?? '(none)'} → ${m.version} (${where})`;
}

export const modelsCommand: Command = {
  name: 'models',
  summary: 'models list | promote <version> | rollback: the registry\'s champion alias',
  help: `msr models list
msr models promote <version>
msr models rollback

The registered model the pipeline writes (msr-recommender) in the tracking store: the local
store <root>/mlruns, or the MLflow server of MLFLOW_TRACKING_URI.
  list        every version, oldest first, with its aliases and run
  promote     point @champion at <version>; the version it pointed at gets @${PREVIOUS_CHAMPION_ALIAS}
  rollback    point @champion back at @${PREVIOUS_CHAMPION_ALIAS} (the champion before the last
              promote, or msr run, that moved it) and remove that alias: one level of undo
An unknown version, or a rollback with no promote to undo, exits 2.`,
  options: {},
  positionals: true,
  run: async (args, io) => {
    const [sub, ...rest] = args.positionals;
    if (sub === 'promote') {
      if (rest.length !== 1) throw new UsageError(`msr models promote takes one version, got ${rest.length}`);
      const { store, model, alias, where } = await registryTarget(args, io);
      const move = await promoteAlias(store, model, alias, rest[0]!);
      return { text: moved('promoted', move, where), json: { ok: true, ...move } };
    }
    if (sub === 'rollback') {
      if (rest.length !== 0) throw new UsageError('msr models rollback takes no arguments');
      const { store, model, alias, where } = await registryTarget(args, io);
      const move = await rollbackAlias(store, model, alias);
      return { text: moved('rolled back', move, where), json: { ok: true, ...move } };
    }
    if (sub === 'list') {
      if (rest.length !== 0) throw new UsageError('msr models list takes no arguments');
      const { store, model, where } = await registryTarget(args, io);
      const versions = await listModelVersions(store, model);
      const lines =
        versions.length === 0
          ? [`${model} has no versions yet in ${where}; msr run registers one`]
          : [`${model} in ${where}:`, ...versions.map((v) => `  version ${v.version.padEnd(4)} ${v.aliases.length > 0 ? v.aliases.map((a) => `@${a}`).join(' ').padEnd(30) : ''.padEnd(30)} ${v.runId ? `run ${v.runId}` : v.source}`.trimEnd())];
      return { text: lines.join('\n'), json: { ok: true, model, versions: versions.map((v) => ({ version: v.version, aliases: v.aliases, runId: v.runId ?? null, source: v.source })) } };
    }
    throw new UsageError(`msr models takes one subcommand: list, promote <version> or rollback${sub === undefined ? '' : ` (got "${sub}")`}`);
  },
};
