import { parseArgs, type ParseArgsConfig } from 'node:util';
import { isAbsolute, join, resolve } from 'node:path';
import { trackingConfigFromEnv, redactTracking } from '../config/tracking-config.js';
import { readHolder } from '../dag/run-lock.js';
import { createPipeline, runPipeline, type PipelineOptions, type PipelineResult } from '../pipeline/run-pipeline.js';
import type { CliIo } from './cli-io.js';
import { createProgressRenderer } from './progress-renderer.js';
import { classifierMetricsSchema } from '../models/artifacts.js';
import { recommenderReportSchema, recommenderTable } from './recommender-table.js';
import { readJsonFile } from '../util/read-json.js';
import { dropFolderFeed } from '../feed/drop-folder-feed.js';
import { runFeed } from '../feed/run-feed.js';
import { rebuildSongsBase } from '../pipeline/rebuild-songs-base.js';
import { recommendPlaylist } from '../pipeline/recommend-playlist.js';
import { LocalTrackingStore, pushLocalRuns } from '@msr/mlflow-client';
import { createTracker } from '../tracking/create-tracker.js';
import { workerCommand } from './worker-command.js';
import { initCommand } from './init-command.js';
import { readQuarantineSummary } from '../dataset/quarantine.js';
import { describeSelection } from '../dataset/select-genres.js';
import { UsageError } from './usage-error.js';
import { onQueue, QUEUE_HELP, QUEUE_OPTIONS, queueRunOptions } from './queue-options.js';
import { songLabel, spotifyTrackUrl } from '@msr/core';

export { UsageError } from './usage-error.js';

/** What a command produced: text for people, a value for `--json`. */
export interface CommandOutput {
  text: string;
  json: unknown;
}

/** One `msr` command. */
export interface Command {
  name: string;
  /** One line for `msr --help`. */
  summary: string;
  /** `msr <name> …` usage and details, for `msr <name> --help`. */
  help: string;
  options: NonNullable<ParseArgsConfig['options']>;
  /** Whether positional arguments are accepted. */
  positionals?: boolean;
  run(args: ParsedArgs, io: CliIo): Promise<CommandOutput>;
}

/** Parsed global and command options. */
export interface ParsedArgs {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

/** Options every command accepts. */
export const GLOBAL_OPTIONS = {
  root: { type: 'string' },
  config: { type: 'string' },
  params: { type: 'string' },
  schema: { type: 'string' },
  source: { type: 'string' },
  genres: { type: 'string' },
  json: { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
  verbose: { type: 'boolean', short: 'v' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies NonNullable<ParseArgsConfig['options']>;

export const GLOBAL_HELP = `Options for every command:
  --root <dir>      the pipeline's root directory (default: the current directory)
  --config <file>   config.yaml (default: the one shipped with @msr/pipeline)
  --params <file>   params.yaml (default: shipped)
  --schema <file>   schema.yaml (default: shipped)
  --source <path|url>  the dataset, instead of config.yaml's data_ingestion.source_URL
  --genres a,b,c    the genres to train on, instead of config.yaml's list (or, without one,
                    every genre of the data with enough recordings)
  --json            print the result as JSON on stdout, no progress
  -q, --quiet       no progress output
  -v, --verbose     also debug log lines
  -h, --help        this help
Tracking: MLFLOW_TRACKING_URI, MLFLOW_TRACKING_USERNAME, MLFLOW_TRACKING_PASSWORD and
MLFLOW_TRACKING_TOKEN are honoured; without them runs go to the local store <root>/mlruns.
Exit codes: 0 ok, 1 failure, 2 bad input (usage, config, data), 3 another run in progress.`;

/** Builds the library options from the parsed command line. */
export function pipelineOptions(args: ParsedArgs, io: CliIo): PipelineOptions {
  const v = args.values;
  const path = (p: unknown): string | undefined => (typeof p === 'string' ? (isAbsolute(p) ? p : resolve(io.cwd, p)) : undefined);
  const options: PipelineOptions = { rootDir: path(v.root) ?? io.cwd, files: { config: path(v.config), params: path(v.params), schema: path(v.schema) } };
  if (typeof v.source === 'string') options.sourceUrl = /^[a-z][a-z0-9+.-]*:\/\//i.test(v.source) ? v.source : path(v.source)!;
  if (typeof v.genres === 'string') options.genres = v.genres.split(',').map((g) => g.trim());
  const policy = v['on-invalid'];
  if (policy !== undefined) {
    if (policy !== 'fail' && policy !== 'quarantine') throw new UsageError(`--on-invalid: expected fail or quarantine, got ${String(policy)}`);
    options.validationPolicy = policy;
  }
  const tracking = trackingConfigFromEnv(io.env);
  if (tracking) options.tracking = tracking;
  if (io.fetch) options.fetch = io.fetch;
  if (!v.json && !v.quiet) options.onEvent = createProgressRenderer(io.stderr, { verbose: v.verbose === true });
  return options;
}

function summarize(result: PipelineResult): CommandOutput {
  const width = Math.max(...result.stages.map((s) => s.name.length));
  const text = result.stages.map((s) => `${s.name.padEnd(width)}  ${s.status}${s.status === 'ran' ? ` (${(s.durationMs / 1000).toFixed(1)} s)` : ''}`).join('\n');
  return { text, json: { ok: true, runId: result.runId, durationMs: result.durationMs, ran: result.ran, skipped: result.skipped, stages: result.stages.map(({ error: _e, ...s }) => s) } };
}

const run: Command = {
  name: 'run',
  summary: 'run the whole pipeline, skipping stages that are up to date',
  help: `msr run [--force] [--on-invalid quarantine|fail]

Runs every stage — data_ingestion, data_validation, data_transformation, model_trainer,
model_evaluation, clustering, model_assembly — skipping those whose inputs, params and outputs
are unchanged since their last run.
  --force       re-run every stage; the songs base (with its fed songs) is kept — to
                rebuild it from the dataset, use \`msr rebuild-base\`
  --on-invalid  invalid dataset rows: quarantine (set aside, default) or fail
${QUEUE_HELP}`,
  options: { force: { type: 'boolean' }, 'on-invalid': { type: 'string' }, ...QUEUE_OPTIONS },
  run: async (args, io) => {
    const options = { ...pipelineOptions(args, io), force: args.values.force === true, ...(io.signal ? { signal: io.signal } : {}) };
    const queued = await onQueue(args, io, (queue) => queue.runPipeline({ ...queueRunOptions(options, io.signal), force: options.force }));
    return summarize(queued ?? (await runPipeline(options)));
  },
};

const rebuildBase: Command = {
  name: 'rebuild-base',
  summary: 'archive the songs base and rebuild it from the dataset',
  help: `msr rebuild-base [--source FILE] [--genres a,b,c] [--on-invalid quarantine|fail]

Archives the songs base (data/raw/song_df.csv → data/raw/archive/song_df_<time>.csv), then
rebuilds it from the dataset (config.yaml's data_ingestion.source_URL, or --source). Songs fed
since the dataset was ingested are in the archive only. Nothing is retrained: \`msr run\` then
brings the models up to date with the new base.
  --on-invalid quarantine|fail  invalid dataset rows: set aside (default) or refuse`,
  options: { 'on-invalid': { type: 'string' } },
  run: async (args, io) => {
    const result = await rebuildSongsBase({ ...pipelineOptions(args, io), ...(io.signal ? { signal: io.signal } : {}) });
    const text = [
      ...(result.archivedTo ? [`previous base (${result.songsBefore} songs) archived to ${result.archivedTo}`] : ['there was no songs base']),
      `songs base rebuilt from the dataset: ${result.songsAfter} songs; run \`msr run\` to retrain`,
    ];
    return { text: text.join('\n'), json: { ok: true, ...result } };
  },
};

const repro: Command = {
  name: 'repro',
  summary: 'bring stages up to date, like dvc repro',
  help: `msr repro [stage…] [--force] [--dry]

Brings the named stages (default: all) and the stages they need up to date, re-running exactly
what a changed file or param reaches.
  --force   re-run the named stages even if unchanged
  --dry     only show what would run and why
  --on-invalid quarantine|fail  invalid dataset rows: set aside (default) or refuse`,
  options: { force: { type: 'boolean' }, dry: { type: 'boolean' }, 'on-invalid': { type: 'string' } },
  positionals: true,
  run: async (args, io) => {
    const targets = args.positionals.length > 0 ? args.positionals : undefined;
    if (args.values.dry) {
      const { runner } = await createPipeline({ ...pipelineOptions(args, io), createDirectories: false });
      const states = await runner.status(targets ? { targets } : {});
      const width = Math.max(...states.map((s) => s.name.length));
      return {
        text: states.map((s) => `${s.name.padEnd(width)}  ${s.state === 'changed' ? `would run: ${s.reasons.join('; ')}` : 'up to date'}`).join('\n'),
        json: { ok: true, stages: states },
      };
    }
    return summarize(await runPipeline({ ...pipelineOptions(args, io), ...(targets ? { targets } : {}), force: args.values.force === true ? (targets ?? true) : false, ...(io.signal ? { signal: io.signal } : {}) }));
  },
};

const stage: Command = {
  name: 'stage',
  summary: 'run one stage alone',
  help: `msr stage <name> [--force]

Runs one stage alone (not the stages it needs), skipped if up to date unless --force.
Stages: data_ingestion, data_validation, data_transformation, model_trainer, model_evaluation,
clustering, model_assembly.
  --on-invalid quarantine|fail  invalid dataset rows: set aside (default) or refuse`,
  options: { force: { type: 'boolean' }, 'on-invalid': { type: 'string' } },
  positionals: true,
  run: async (args, io) => {
    if (args.positionals.length !== 1) throw new UsageError(`msr stage takes one stage name, got ${args.positionals.length}`);
    return summarize(await runPipeline({ ...pipelineOptions(args, io), targets: args.positionals, single: true, force: args.values.force === true, ...(io.signal ? { signal: io.signal } : {}) }));
  },
};

const status: Command = {
  name: 'status',
  summary: 'show what would run, the last runs and who holds the run lock',
  help: `msr status [--limit N]

Shows each stage's state (up to date, or what changed), the run lock's holder, the tracking
store and the last runs from the history.
  --limit N   how many past runs (default 5)
  --redis <url> [--prefix <p>]  also the queues: job counts, workers, schedule, run lock, runs`,
  options: { limit: { type: 'string' }, ...QUEUE_OPTIONS },
  run: async (args, io) => {
    const limit = args.values.limit === undefined ? 5 : Number(args.values.limit);
    if (!Number.isInteger(limit) || limit < 0) throw new UsageError(`--limit: expected a whole number, got ${String(args.values.limit)}`);
    const { runner, history, paths, manager } = await createPipeline({ ...pipelineOptions(args, io), createDirectories: false });
    const [states, holder, runs] = await Promise.all([runner.status(), readHolder(paths.runLockFile), history.list({ limit })]);
    const tracking = redactTracking(manager.getTrackingConfig());
    const width = Math.max(...states.map((s) => s.name.length));
    const quarantine = await readQuarantineSummary(manager.getDataIngestionConfig().quarantine!.summaryFile);
    const lines = [
      `root:      ${manager.rootDir}`,
      `tracking:  ${tracking.uri}`,
      describeSelection(manager.genreSelection),
      `quarantine: ${quarantine ? `${quarantine.quarantined} of ${quarantine.rowsConsidered} rows (${(quarantine.share * 100).toFixed(2)}%, limit ${(quarantine.maxInvalidShare * 100).toFixed(2)}%, policy ${quarantine.policy}) in ${quarantine.file}${quarantine.quarantined > 0 ? ` — ${Object.entries(quarantine.counts).map(([k, n]) => `${k} ${n}`).join(', ')}` : ''}` : 'no ingestion yet'}`,
      `run lock:  ${holder ? `held by run ${holder.runId} (pid ${holder.pid} on ${holder.host}, heartbeat ${new Date(holder.heartbeatAt).toISOString()})` : 'free'}`,
      '',
      ...states.map((s) => `${s.name.padEnd(width)}  ${s.state === 'changed' ? `changed: ${s.reasons.join('; ')}` : 'up to date'}`),
      '',
      runs.length === 0 ? 'no runs yet' : 'last runs:',
      ...runs.map((r) => `  ${new Date(r.startedAt).toISOString()}  ${r.kind.padEnd(8)} ${r.status.padEnd(9)} ${r.stages.filter((s) => s.status === 'ran').map((s) => s.name).join(', ') || '(nothing ran)'}${r.error ? ` — ${r.error.message.split('\n')[0]}` : ''}`),
    ];
    const queue = await onQueue(args, io, (q) => q.status(limit));
    if (queue) {
      const counts = (c: Record<string, number>): string => Object.entries(c).filter(([, n]) => n > 0).map(([k, n]) => `${n} ${k}`).join(', ') || 'empty';
      lines.push(
        '',
        `queue runs:   ${counts(queue.queues.runs)}; workers: ${queue.workers.runs.length}`,
        `queue stages: ${counts(queue.queues.stages)}; workers: ${queue.workers.stages.length}`,
        `schedule:     ${queue.schedule ? `${queue.schedule.pattern ?? '?'} (${queue.schedule.timezone ?? 'UTC'})${queue.schedule.next ? `, next ${new Date(queue.schedule.next).toISOString()}` : ''}` : 'none'}`,
        `queue lock:   ${queue.runLock ? `held by run ${queue.runLock.runId} (pid ${queue.runLock.pid} on ${queue.runLock.host})` : 'free'}`,
        ...queue.runs.map((r) => `  ${new Date(r.startedAt).toISOString()}  ${(r.scheduled ? 'sched ' : '') + r.kind} ${r.status} ${r.ran.join(', ') || '(nothing ran)'}${r.error ? ` — ${r.error.message.split('\n')[0]}` : ''}`),
      );
    }
    return { text: lines.join('\n'), json: { ok: true, root: manager.rootDir, tracking, genres: manager.genreSelection, quarantine: quarantine ?? null, runLock: holder, stages: states, runs, ...(queue ? { queue } : {}) } };
  },
};

const evaluate: Command = {
  name: 'evaluate',
  summary: "bring the evaluations up to date and show the classifier's metrics and the recommender's table",
  help: `msr evaluate [--force]

Brings model_evaluation and recommender_evaluation (and what they need) up to date, then prints
the classifier's accuracy, per-genre precision / recall / F1 and prediction time
(metrics/metrics.json), and the recommender's evaluation on held-out playlists: every system
side by side per playlist family (metrics/recommender.json). Both are measured on recordings
the models never saw (the split is by recording).
  --force   evaluate again even if nothing changed (logs new tracking runs)`,
  options: { force: { type: 'boolean' } },
  run: async (args, io) => {
    const options = pipelineOptions(args, io);
    const result = await runPipeline({
      ...options,
      targets: ['model_evaluation', 'recommender_evaluation'],
      force: args.values.force === true ? ['model_evaluation', 'recommender_evaluation'] : false,
      ...(io.signal ? { signal: io.signal } : {}),
    });
    const { manager } = await createPipeline({ ...options, createDirectories: false, onEvent: undefined });
    const metrics = await readJsonFile(manager.getModelEvaluationConfig().metricsPath, classifierMetricsSchema);
    const recommender = await readJsonFile(manager.getRecommenderEvaluationConfig().reportPath, recommenderReportSchema);
    const width = Math.max(...metrics.classes.map((c) => c.length));
    const pct = (x: number): string => `${(x * 100).toFixed(1)}%`.padStart(6);
    const lines = [
      `accuracy ${pct(metrics.accuracy)} on ${metrics.testSize} held-out songs; prediction ${metrics.predictTimeMs.toFixed(1)} ms${metrics.runId ? `; run ${metrics.runId}` : ''}`,
      `${'genre'.padEnd(width)}  precision  recall      f1  support`,
      ...metrics.classes.map((genre) => {
        const r = metrics.report[genre]!;
        return `${genre.padEnd(width)}  ${pct(r.precision).padStart(9)}  ${pct(r.recall)}  ${pct(r.f1)}  ${String(r.support).padStart(7)}`;
      }),
      '',
      ...recommenderTable(recommender),
    ];
    return { text: lines.join('\n'), json: { ok: true, ran: result.ran, metrics, recommender } };
  },
};

const feed: Command = {
  name: 'feed',
  summary: 'feed new songs into the base and retrain past the growth threshold',
  help: `msr feed [--drop-folder <dir>] [--per-genre N] [--threshold 0.05]

The feed DAG: collects new songs for every configured genre from a drop folder of CSV files
(songs-base or Kaggle layout with a genre column; no Spotify account needed), drops uris already
in the base, archives the previous base with a timestamp, and retrains when the base grew by
more than the threshold since the last training. Without a songs base, runs the full pipeline.
  --drop-folder <dir>  where new CSVs are dropped (default: <root>/data/new)
  --per-genre N        candidates taken per genre and run (default 20, as the original)
  --threshold <x>      growth that triggers retraining, as a fraction (default 0.05)
${QUEUE_HELP}
  (on the queue, the orchestrating worker's --drop-folder provides the songs)`,
  options: { 'drop-folder': { type: 'string' }, 'per-genre': { type: 'string' }, threshold: { type: 'string' }, ...QUEUE_OPTIONS },
  run: async (args, io) => {
    const threshold = args.values.threshold === undefined ? 0.05 : Number(args.values.threshold);
    if (!(threshold >= 0)) throw new UsageError(`--threshold: expected a fraction ≥ 0, got ${String(args.values.threshold)}`);
    const perGenre = args.values['per-genre'] === undefined ? 20 : Number(args.values['per-genre']);
    if (!Number.isInteger(perGenre) || perGenre < 1) throw new UsageError(`--per-genre: expected a whole number ≥ 1, got ${String(args.values['per-genre'])}`);
    const options = pipelineOptions(args, io);
    if (args.values.redis !== undefined && (args.values['drop-folder'] !== undefined || args.values['per-genre'] !== undefined)) {
      throw new UsageError('msr feed --redis: the orchestrating worker finds the songs (msr worker --drop-folder); --drop-folder and --per-genre do not apply');
    }
    const folder = args.values['drop-folder'];
    const dir = typeof folder === 'string' ? (isAbsolute(folder) ? folder : resolve(io.cwd, folder)) : join(options.rootDir, 'data', 'new');
    const issues: string[] = [];
    const source = dropFolderFeed({
      folder: dir,
      perGenre,
      onIssue: (issue) => {
        if (issue.error) issues.push(`${issue.file}: ${issue.error.message}`);
        for (const row of issue.rejected ?? []) issues.push(`${issue.file}:${row.line}: ${row.reason}`);
      },
    });
    const result = (await onQueue(args, io, (queue) => queue.runFeed({ ...queueRunOptions(options, io.signal), threshold }))) ?? (await runFeed({ ...options, source, threshold, ...(io.signal ? { signal: io.signal } : {}) }));
    const text = [
      ...issues.map((i) => `warning: ${i}`),
      `${result.branch === 'init' ? 'songs base initialised' : 'fed'}: +${result.added} songs (${result.dropped.duplicates} known, ${result.dropped.otherGenres} of other genres, ${result.dropped.invalid.length} invalid${result.deferred ? `; ${result.deferred} more next run (--per-genre ${perGenre})` : ''})`,
      `base ${result.baseBefore} → ${result.baseAfter} songs, ${(result.growth * 100).toFixed(1)}% since the last training; ${result.retrained ? 'retrained' : `no retraining (threshold ${(threshold * 100).toFixed(1)}%)`}`,
      ...(result.archivedTo ? [`previous base archived to ${result.archivedTo}`] : []),
    ];
    const { pipeline, ...rest } = result;
    return { text: text.join('\n'), json: { ok: true, ...rest, issues, ...(pipeline ? { ran: pipeline.ran, skipped: pipeline.skipped } : {}) } };
  },
};

const recommendCommand: Command = {
  name: 'recommend',
  summary: 'recommend songs like a playlist with the served model',
  help: `msr recommend <playlist-ref> [--count N] [--playlists <file>] [--strategy mean-proba|mean-features]

Recommends songs like a playlist with the served bundle (models_best/recommender.json).
<playlist-ref> is an index 1–N into the MPD-format playlists file, or track ids / spotify:track
uris separated by commas. Track features come from the songs base.
  --count N          how many songs (1–100, default 10)
  --playlists <file> the MPD playlists file (default: data/raw/playlists.json under the root)
  --strategy <s>     mean-proba (default) or mean-features (the original algorithm)`,
  options: { count: { type: 'string' }, playlists: { type: 'string' }, strategy: { type: 'string' } },
  positionals: true,
  run: async (args, io) => {
    if (args.positionals.length === 0) throw new UsageError('msr recommend needs a playlist reference (an index, or track ids)');
    const count = args.values.count === undefined ? 10 : Number(args.values.count);
    if (!Number.isInteger(count) || count < 1 || count > 100) throw new UsageError(`--count: expected a whole number from 1 to 100, got ${String(args.values.count)}`);
    const strategy = args.values.strategy;
    if (strategy !== undefined && strategy !== 'mean-proba' && strategy !== 'mean-features') throw new UsageError(`--strategy: expected mean-proba or mean-features, got ${String(strategy)}`);
    const options = pipelineOptions(args, io);
    const playlists = args.values.playlists;
    const result = await recommendPlaylist({
      ...options,
      playlist: args.positionals.join(' '),
      count,
      ...(strategy ? { strategy } : {}),
      ...(typeof playlists === 'string' ? { playlistsPath: isAbsolute(playlists) ? playlists : resolve(io.cwd, playlists) } : {}),
    });
    const top = Object.entries(result.genreProbabilities).sort((a, b) => b[1] - a[1]);
    const lines = [
      `playlist: ${result.usedTracks} tracks with features${result.skipped.length > 0 ? `, ${result.skipped.length} without (skipped)` : ''}`,
      `genre: ${result.genre} (${(top[0]![1] * 100).toFixed(0)}%${top[1] ? `; next ${top[1][0]} ${(top[1][1] * 100).toFixed(0)}%` : ''}); similarity ${result.similarity.toFixed(3)}`,
      ...result.recommendations.map((r) => `${String(r.rank).padStart(3)}. ${songLabel(r)}  (${r.genre}, cluster ${r.cluster}, score ${r.score.toFixed(3)})  ${spotifyTrackUrl(r.uri)}`),
    ];
    const { resolved, ...rest } = result;
    return { text: lines.join('\n'), json: { ok: true, ...rest, missing: resolved.missing.map((m) => m.id) } };
  },
};

const mlflow: Command = {
  name: 'mlflow',
  summary: 'mlflow push: copy the local tracking store to an MLflow server',
  help: `msr mlflow push [--to <url>] [--experiment <name>]…

Copies the runs, metrics, params, tags and models of the embedded local store (<root>/mlruns)
to an MLflow server — MLFLOW_TRACKING_URI (with MLFLOW_TRACKING_USERNAME/PASSWORD or _TOKEN), or
--to. Runs already pushed are skipped and a half-pushed run is completed, so it can be re-run.
  --to <url>            the server (default: MLFLOW_TRACKING_URI)
  --experiment <name>   only this experiment (repeatable; default: all)`,
  options: { to: { type: 'string' }, experiment: { type: 'string', multiple: true } },
  positionals: true,
  run: async (args, io) => {
    if (args.positionals.length !== 1 || args.positionals[0] !== 'push') throw new UsageError('msr mlflow takes one subcommand: push');
    const env = trackingConfigFromEnv(io.env);
    const to = typeof args.values.to === 'string' ? args.values.to : env?.uri;
    if (!to || !/^https?:\/\//i.test(to)) throw new UsageError('msr mlflow push needs a server: set MLFLOW_TRACKING_URI or pass --to http(s)://…');
    const options = pipelineOptions(args, io);
    const { rootDir } = options;
    const remote = createTracker({ ...env, uri: to }, { baseDir: rootDir, ...(io.fetch ? { fetch: io.fetch } : {}) });
    const local = new LocalTrackingStore({ root: join(rootDir, 'mlruns') });
    const experiments = args.values.experiment as string[] | undefined;
    const events = await pushLocalRuns(local, remote, {
      ...(experiments ? { experimentNames: experiments } : {}),
      ...(io.signal ? { signal: io.signal } : {}),
      onProgress: (e) => {
        if (!args.values.json && !args.values.quiet) io.stderr.write(`  ${e.outcome.padEnd(7)} ${e.experimentName} ${e.localRunId} → ${e.remoteRunId}\n`);
      },
    });
    const count = (outcome: string): number => events.filter((e) => e.outcome === outcome).length;
    return {
      text: `pushed ${count('pushed')}, resumed ${count('resumed')}, already there ${count('skipped')} — to ${redactTracking({ uri: to }).uri}`,
      json: { ok: true, to: redactTracking({ uri: to }).uri, runs: events },
    };
  },
};

/** Every command, by name. */
export const COMMANDS: readonly Command[] = [initCommand, run, rebuildBase, repro, stage, evaluate, feed, recommendCommand, mlflow, status, workerCommand];
