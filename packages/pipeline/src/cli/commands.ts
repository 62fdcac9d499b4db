import { parseArgs, type ParseArgsConfig } from 'node:util';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { trackingConfigFromEnv, redactTracking } from '../config/tracking-config.js';
import { readHolder } from '../dag/run-lock.js';
import { createPipeline, runPipeline, type PipelineOptions, type PipelineResult } from '../pipeline/run-pipeline.js';
import type { CliIo } from './cli-io.js';
import { MSR_STAGES, PIPELINE_STAGES } from '../pipeline/pipeline-stages.js';
import { stagesHelp, wrapWords } from './stage-help.js';

import { classifierMetricsSchema } from '../models/artifacts.js';
import { recommenderReportSchema, recommenderTable } from './recommender-table.js';
import { readJsonFile } from '../util/read-json.js';
import { dropFolderFeed } from '../feed/drop-folder-feed.js';
import { runFeed } from '../feed/run-feed.js';
import { rebuildSongsBase } from '../pipeline/rebuild-songs-base.js';
import { hostname } from 'node:os';
import { timerSleep } from '../dag/dag-runner.js';
import { processAlive } from '../dag/run-lock.js';
import type { FeedSource } from '../feed/feed-source.js';
import { parseCron } from '../schedule/cron.js';
import { readSchedule, runSchedule } from '../schedule/run-schedule.js';
import { championMetrics, diffMetrics, diffParams, runSnapshot, type RunSnapshot } from '../pipeline/run-snapshot.js';
import { recommendPlaylist } from '../pipeline/recommend-playlist.js';
import { LocalTrackingStore, pushLocalRuns, type RegistryPushProgress } from '@msr/mlflow-client';
import { createTracker } from '../tracking/create-tracker.js';
import { workerCommand } from './worker-command.js';
import { modelsCommand } from './models-command.js';
import { initCommand } from './init-command.js';
import { readQuarantineSummary } from '../dataset/quarantine.js';
import { feedQuarantinePath, readFeedQuarantine } from '../feed/feed-quarantine.js';
import { describeSelection, type GenreSelection } from '../dataset/select-genres.js';
import { UsageError } from './usage-error.js';
import { onQueue, QUEUE_HELP, QUEUE_OPTIONS, queueRunOptions } from './queue-options.js';
import { songLabel, spotifyTrackUrl } from '@msr/core';
import { dataIngestionStage } from '../stages/data-ingestion-stage.js';
import { modelEvaluationStage } from '../stages/model-evaluation-stage.js';
import { recommenderEvaluationStage } from '../stages/recommender-evaluation-stage.js';

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
  --config <file>   config.yaml (default: <root>/config.yaml if it exists, else the one
                    shipped with @msr/pipeline; the same for params and schema)
  --params <file>   params.yaml (default: <root>/params.yaml, else shipped)
  --schema <file>   schema.yaml (default: <root>/schema.yaml, else shipped)
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

/** Options of the commands that run stages: waiting for the run lock, retries per stage. */
const RUN_OPTIONS = { wait: { type: 'boolean' }, retry: { type: 'string', multiple: true } } as const satisfies NonNullable<ParseArgsConfig['options']>;

const RUN_HELP = `  --wait            wait for a run in progress to finish, then run (instead of exit 3)
  --retry <stage|*>=<n>[,<delay>][,x<factor>]  retries of a stage (repeatable): n retries, the
                    first after <delay> (e.g. 20s, 500ms, 2m; default 20s), each next one
                    <factor> times longer — e.g. --retry model_trainer=3,10s,x2 --retry '*=0'`;

/** `--root`, resolved against the working directory (default: the working directory). */
export { pipelineOptions, rootDirOf } from './pipeline-options.js';
import { pipelineOptions, rootDirOf } from './pipeline-options.js';

function summarize(result: PipelineResult): CommandOutput {
  const width = Math.max(...result.stages.map((s) => s.name.length));
  const text = result.stages.map((s) => `${s.name.padEnd(width)}  ${s.status}${s.status === 'ran' ? ` (${(s.durationMs / 1000).toFixed(1)} s)` : ''}`).join('\n');
  return { text, json: { ok: true, runId: result.runId, durationMs: result.durationMs, ran: result.ran, skipped: result.skipped, stages: result.stages.map(({ error: _e, ...s }) => s) } };
}

const run: Command = {
  name: 'run',
  summary: 'run the whole pipeline, skipping stages that are up to date',
  help: `msr run [--force] [--on-invalid quarantine|fail]

${wrapWords(`Runs every stage — ${PIPELINE_STAGES.join(', ')} — skipping those whose inputs, params and outputs are unchanged since their last run.`)}
  --force       re-run every stage; the songs base (with its fed songs) is kept — to
                rebuild it from the dataset, use \`msr rebuild-base\`
  --on-invalid  invalid dataset rows: quarantine (set aside, default) or fail
${RUN_HELP}
${QUEUE_HELP}`,
  options: { force: { type: 'boolean' }, 'on-invalid': { type: 'string' }, ...RUN_OPTIONS, ...QUEUE_OPTIONS },
  run: async (args, io) => {
    const options = { ...pipelineOptions(args, io), force: args.values.force === true, wait: args.values.wait === true, ...(io.signal ? { signal: io.signal } : {}) };
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
  --on-invalid quarantine|fail  invalid dataset rows: set aside (default) or refuse
${RUN_HELP}`,
  options: { force: { type: 'boolean' }, dry: { type: 'boolean' }, 'on-invalid': { type: 'string' }, ...RUN_OPTIONS },
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
    return summarize(await runPipeline({ ...pipelineOptions(args, io), ...(targets ? { targets } : {}), force: args.values.force === true ? (targets ?? true) : false, wait: args.values.wait === true, ...(io.signal ? { signal: io.signal } : {}) }));
  },
};

const stage: Command = {
  name: 'stage',
  summary: 'run one stage alone',
  help: `msr stage <name> [--force]

Runs one stage alone (not the stages it needs), skipped if up to date unless --force.
Stages:
${stagesHelp(MSR_STAGES)}
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

Shows each stage's state (up to date, or what changed), the rows the last ingestion and the
last feed set aside, the run lock's holder, the tracking store and the last runs from the history.
  --limit N   how many past runs (default 5)
  --redis <url> [--prefix <p>]  also the queues: job counts, workers, schedule, run lock, runs`,
  options: { limit: { type: 'string' }, ...QUEUE_OPTIONS },
  run: async (args, io) => {
    const limit = args.values.limit === undefined ? 5 : Number(args.values.limit);
    if (!Number.isInteger(limit) || limit < 0) throw new UsageError(`--limit: expected a whole number, got ${String(args.values.limit)}`);
    const { runner, history, paths, manager } = await createPipeline({ ...pipelineOptions(args, io), createDirectories: false });
    const [states, holder, runs, scheduled] = await Promise.all([runner.status(), readHolder(paths.runLockFile), history.list({ limit }), readSchedule(manager.rootDir)]);
    // A schedule file whose process is gone (kill -9) is reported as such, not as running.
    const scheduleAlive = scheduled !== null && (scheduled.host !== hostname() || processAlive(scheduled.pid));
    const tracking = redactTracking(manager.getTrackingConfig());
    const width = Math.max(...states.map((s) => s.name.length));
    const ingestionQuarantine = manager.config(dataIngestionStage).quarantine!;
    const quarantine = await readQuarantineSummary(ingestionQuarantine.summaryFile);
    // The feed's set-aside rows (decision 0903) live in a file of their own, described by the last feed.
    const fed = await readFeedQuarantine(feedQuarantinePath(ingestionQuarantine.file));
    const feedQuarantine = fed && { ...fed, file: relative(manager.rootDir, fed.file) };
    const lines = [
      `root:      ${manager.rootDir}`,
      `config:    ${manager.files.config}`,
      `params:    ${manager.files.params}`,
      `schema:    ${manager.files.schema}`,
      `tracking:  ${tracking.uri}`,
      describeSelection(manager.genreSelection),
      `quarantine: ${quarantine ? `${quarantine.quarantined} of ${quarantine.rowsConsidered} rows (${(quarantine.share * 100).toFixed(2)}%, limit ${(quarantine.maxInvalidShare * 100).toFixed(2)}%, policy ${quarantine.policy}) in ${quarantine.file}${quarantine.quarantined > 0 ? ` — ${Object.entries(quarantine.counts).map(([k, n]) => `${k} ${n}`).join(', ')}` : ''}` : 'no ingestion yet'}`,
      `feed quarantine: ${feedQuarantine ? `${feedQuarantine.rows} row${feedQuarantine.rows === 1 ? '' : 's'} in ${feedQuarantine.file}${feedQuarantine.rows > 0 ? ` — ${Object.entries(feedQuarantine.counts).map(([k, n]) => `${k} ${n}`).join(', ')}` : ''}` : 'no feed yet'}`,
      `run lock:  ${holder ? `held by run ${holder.runId} (pid ${holder.pid} on ${holder.host}, heartbeat ${new Date(holder.heartbeatAt).toISOString()})` : 'free'}`,
      `schedule:  ${scheduled === null ? 'none in process' : `${scheduled.cron} (UTC) by pid ${scheduled.pid} on ${scheduled.host}${scheduleAlive ? `, next ${new Date(scheduled.next).toISOString()}` : ' — its process is gone'}; ${scheduled.runs} run${scheduled.runs === 1 ? '' : 's'}${scheduled.last ? `, last ${scheduled.last.status}` : ''}`}`,
      '',
      ...states.map((s) => `${s.name.padEnd(width)}  ${s.state === 'changed' ? `changed: ${s.reasons.join('; ')}` : 'up to date'}`),
      '',
      runs.length === 0 ? 'no runs yet' : 'last runs:',
      ...runs.map((r) => `  ${r.runId.slice(0, 8)}  ${new Date(r.startedAt).toISOString()}  ${r.kind.padEnd(12)} ${r.status.padEnd(9)} ${r.stages.filter((s) => s.status === 'ran').map((s) => s.name).join(', ') || '(nothing ran)'}${r.error ? ` — ${r.error.message.split('\n')[0]}` : ''}`),
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
    return { text: lines.join('\n'), json: { ok: true, root: manager.rootDir, files: manager.files, tracking, genres: selectionJson(manager.genreSelection), quarantine: quarantine ?? null, feedQuarantine: feedQuarantine ?? null, runLock: holder, schedule: scheduled && { ...scheduled, alive: scheduleAlive }, stages: states, runs, ...(queue ? { queue } : {}) } };
  },
};

/** The selection for `--json`: a deferred error as its code and message. */
function selectionJson({ deferred, ...selection }: GenreSelection): unknown {
  return deferred ? { ...selection, deferred: { code: (deferred as { code?: unknown }).code ?? 'ERR_UNKNOWN', message: deferred.message } } : selection;
}

const evaluate: Command = {
  name: 'evaluate',
  summary: "bring the evaluations up to date and show the classifier's metrics and the recommender's table",
  help: `msr evaluate [--force]

Brings ${modelEvaluationStage.name} and ${recommenderEvaluationStage.name} (and what they need) up to date, then prints
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
      targets: [modelEvaluationStage.name, recommenderEvaluationStage.name],
      force: args.values.force === true ? [modelEvaluationStage.name, recommenderEvaluationStage.name] : false,
      ...(io.signal ? { signal: io.signal } : {}),
    });
    const { manager } = await createPipeline({ ...options, createDirectories: false, onEvent: undefined });
    const metrics = await readJsonFile(manager.config(modelEvaluationStage).metricsPath, classifierMetricsSchema);
    const recommender = await readJsonFile(manager.config(recommenderEvaluationStage).reportPath, recommenderReportSchema);
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

/** The feed options `msr feed` and `msr schedule` share: threshold, per-genre limit and the drop-folder source. */
function feedArgs(args: ParsedArgs, io: CliIo): { threshold: number; perGenre: number; source: FeedSource; issues: string[] } {
  const threshold = args.values.threshold === undefined ? 0.05 : Number(args.values.threshold);
  if (!(threshold >= 0)) throw new UsageError(`--threshold: expected a fraction ≥ 0, got ${String(args.values.threshold)}`);
  const perGenre = args.values['per-genre'] === undefined ? 20 : Number(args.values['per-genre']);
  if (!Number.isInteger(perGenre) || perGenre < 1) throw new UsageError(`--per-genre: expected a whole number ≥ 1, got ${String(args.values['per-genre'])}`);
  const folder = args.values['drop-folder'];
  const dir = typeof folder === 'string' ? (isAbsolute(folder) ? folder : resolve(io.cwd, folder)) : join(rootDirOf(args, io), 'data', 'new');
  const issues: string[] = [];
  const source = dropFolderFeed({
    folder: dir,
    perGenre,
    onIssue: (issue) => {
      if (issue.error) issues.push(`${issue.file}: ${issue.error.message}`);
      for (const row of issue.rejected ?? []) issues.push(`${issue.file}:${row.line}: ${row.reason}`);
    },
  });
  return { threshold, perGenre, source, issues };
}

const FEED_OPTIONS = { 'drop-folder': { type: 'string' }, 'per-genre': { type: 'string' }, threshold: { type: 'string' } } as const satisfies Command['options'];

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
  (on the queue, the orchestrating worker's --drop-folder provides the songs)
${RUN_HELP}`,
  options: { ...FEED_OPTIONS, ...RUN_OPTIONS, ...QUEUE_OPTIONS },
  run: async (args, io) => {
    const { threshold, perGenre, source, issues } = feedArgs(args, io);
    const options = pipelineOptions(args, io);
    if (args.values.redis !== undefined && (args.values['drop-folder'] !== undefined || args.values['per-genre'] !== undefined)) {
      throw new UsageError('msr feed --redis: the orchestrating worker finds the songs (msr worker --drop-folder); --drop-folder and --per-genre do not apply');
    }
    const result = (await onQueue(args, io, (queue) => queue.runFeed({ ...queueRunOptions(options, io.signal), threshold }))) ?? (await runFeed({ ...options, source, threshold, wait: args.values.wait === true, ...(io.signal ? { signal: io.signal } : {}) }));
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
  help: `msr recommend <playlist-ref> [--count N] [--playlists <file>] [--strategy mixture|mean-proba|mean-features]

Recommends songs like a playlist with the served bundle (models_best/recommender.json).
<playlist-ref> is an index 1–N into the MPD-format playlists file, or track ids / spotify:track
uris separated by commas. Track features come from the songs base.
  --count N          how many songs (1–100, default 10)
  --playlists <file> the MPD playlists file (default: data/raw/playlists.json under the root)
  --strategy <s>     mixture (default), mean-proba (the previous default) or mean-features (the original algorithm)`,
  options: { count: { type: 'string' }, playlists: { type: 'string' }, strategy: { type: 'string' } },
  positionals: true,
  run: async (args, io) => {
    if (args.positionals.length === 0) throw new UsageError('msr recommend needs a playlist reference (an index, or track ids)');
    const count = args.values.count === undefined ? 10 : Number(args.values.count);
    if (!Number.isInteger(count) || count < 1 || count > 100) throw new UsageError(`--count: expected a whole number from 1 to 100, got ${String(args.values.count)}`);
    const strategy = args.values.strategy;
    if (strategy !== undefined && strategy !== 'mixture' && strategy !== 'mean-proba' && strategy !== 'mean-features') {
      throw new UsageError(`--strategy: expected mixture, mean-proba or mean-features, got ${String(strategy)}`);
    }
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

Copies the runs, metrics, params, tags and models of the embedded local store (<root>/mlruns),
then its registered models, versions and aliases, to an MLflow server — MLFLOW_TRACKING_URI (with MLFLOW_TRACKING_USERNAME/PASSWORD or _TOKEN), or
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
    const versions: RegistryPushProgress[] = [];
    const events = await pushLocalRuns(local, remote, {
      onRegistryProgress: (e) => {
        versions.push(e);
        if (!args.values.json && !args.values.quiet) io.stderr.write(`  ${e.outcome.padEnd(7)} ${e.name} version ${e.localVersion} → ${e.remoteVersion ?? '-'}${e.aliases.length > 0 ? ` @${e.aliases.join(' @')}` : ''}\n`);
      },
      ...(experiments ? { experimentNames: experiments } : {}),
      ...(io.signal ? { signal: io.signal } : {}),
      onProgress: (e) => {
        if (!args.values.json && !args.values.quiet) io.stderr.write(`  ${e.outcome.padEnd(7)} ${e.experimentName} ${e.localRunId} → ${e.remoteRunId}\n`);
      },
    });
    const count = (outcome: string): number => events.filter((e) => e.outcome === outcome).length;
    return {
      text: `pushed ${count('pushed')}, resumed ${count('resumed')}, already there ${count('skipped')} — to ${redactTracking({ uri: to }).uri}\nregistry: ${versions.filter((v) => v.outcome === 'pushed').length} versions registered, ${versions.filter((v) => v.outcome === 'skipped').length} already there${versions.some((v) => v.outcome === 'missing-model') ? `, ${versions.filter((v) => v.outcome === 'missing-model').length} without their model (experiment not pushed)` : ''}`,
      json: { ok: true, to: redactTracking({ uri: to }).uri, runs: events, registry: versions },
    };
  },
};

/** The two sides of a `diff`: recorded runs (by id prefix) or the workspace, as `dvc … diff` does. */
async function diffSides(args: ParsedArgs, io: CliIo, what: 'params' | 'metrics'): Promise<{ labels: [string, string]; sides: [RunSnapshot, RunSnapshot] }> {
  const [sub, ...refs] = args.positionals;
  if (sub !== 'diff' || refs.length > 2) throw new UsageError(`msr ${what} takes: diff [<run> [<run>]]`);
  const { history, manager } = await createPipeline({ ...pipelineOptions(args, io), createDirectories: false, onEvent: undefined });
  const recorded = (await history.list({ limit: 10_000 })).filter((r) => r.params !== undefined && r.metrics !== undefined);
  const find = (ref: string): RunSnapshot & { label: string } => {
    const matches = recorded.filter((r) => r.runId.startsWith(ref));
    if (matches.length !== 1) throw new UsageError(`${ref}: ${matches.length === 0 ? 'no recorded run with params and metrics has this id' : `${matches.length} runs start with it; give more characters`} (see msr status)`);
    return { label: `run ${matches[0]!.runId.slice(0, 8)}`, params: matches[0]!.params!, metrics: matches[0]!.metrics! };
  };
  const workspace = async (): Promise<RunSnapshot & { label: string }> => ({ label: 'workspace', ...(await runSnapshot(manager)) });
  let a: RunSnapshot & { label: string };
  if (refs[0] !== undefined) a = find(refs[0]);
  else if (recorded[0]) a = find(recorded[0].runId);
  else throw new UsageError(`msr ${what} diff: no run has been recorded yet; run the pipeline first`);
  const b = refs[1] !== undefined ? find(refs[1]) : await workspace();
  return { labels: [a.label, b.label], sides: [a, b] };
}

const schedule: Command = {
  name: 'schedule',
  summary: 'run the feed DAG on a cron schedule (in this process, or on the queue)',
  help: `msr schedule --cron "<min hour dom month dow>" [--threshold x] [--per-genre N] [--drop-folder dir]
msr schedule --redis <url> --cron "<…>" [--timezone tz] | --remove

Airflow's scheduler for the feed DAG (the original ran it at "20 * * * *"). In this process it
fires msr feed at every matching minute (UTC) until Ctrl-C or SIGTERM, one run at a time: a firing
while another run holds the run lock is skipped, a failed run does not stop the schedule. While it
runs, msr status shows it. With --redis, the schedule is stored in the queue instead (a BullMQ job
scheduler the msr workers run; --remove deletes it) and the command returns at once.
  --cron <expr>        five fields: minute hour day-of-month month day-of-week (*, lists, ranges, steps)
  --timezone <tz>      the queue schedule's time zone (default UTC; in process, UTC only)
  --remove             with --redis: remove the queue's feed schedule
${QUEUE_HELP}`,
  options: { cron: { type: 'string' }, timezone: { type: 'string' }, remove: { type: 'boolean' }, ...FEED_OPTIONS, ...QUEUE_OPTIONS },
  run: async (args, io) => {
    const v = args.values;
    if (v.remove === true) {
      const removed = await onQueue(args, io, (queue) => queue.unscheduleFeed());
      if (removed === undefined) throw new UsageError('msr schedule --remove needs --redis: an in-process schedule stops with its process (Ctrl-C)');
      return { text: removed ? 'feed schedule removed from the queue' : 'the queue had no feed schedule', json: { ok: true, removed } };
    }
    if (typeof v.cron !== 'string') throw new UsageError('msr schedule needs --cron "<minute hour day-of-month month day-of-week>", e.g. --cron "20 * * * *"');
    const cron = parseCron(v.cron);
    const { threshold, source, issues } = feedArgs(args, io);
    const options = pipelineOptions(args, io);
    if (v.redis !== undefined) {
      const timezone = typeof v.timezone === 'string' ? v.timezone : 'UTC';
      await onQueue(args, io, (queue) => queue.scheduleFeed({ ...queueRunOptions(options, undefined), cron: cron.expression, timezone, threshold }));
      return { text: `feed scheduled on the queue: ${cron.expression} (${timezone}); msr status --redis shows it`, json: { ok: true, cron: cron.expression, timezone, queue: true } };
    }
    if (v.timezone !== undefined && v.timezone !== 'UTC') throw new UsageError('--timezone: an in-process schedule runs in UTC; use --redis for other time zones');
    const quiet = v.json === true || v.quiet === true;
    const fired = await runSchedule({
      rootDir: options.rootDir,
      cron,
      sleep: io.sleep ?? timerSleep,
      ...(io.clock ? { clock: io.clock } : {}),
      ...(io.signal ? { signal: io.signal } : {}),
      host: hostname(),
      pid: process.pid,
      run: () => runFeed({ ...options, source, threshold, ...(io.signal ? { signal: io.signal } : {}), ...(io.clock ? { clock: io.clock } : {}) }),
      onFired: (last, next) => {
        if (!quiet) io.stderr.write(`${new Date(last.at).toISOString()} feed ${last.status}${last.runId ? ` (run ${last.runId.slice(0, 8)})` : ''}${last.message ? `: ${last.message}` : ''}; next ${new Date(next).toISOString()}\n`);
        for (const issue of issues.splice(0)) if (!quiet) io.stderr.write(`warning: ${issue}\n`);
      },
    });
    return { text: `scheduler stopped after ${fired} run${fired === 1 ? '' : 's'}`, json: { ok: true, cron: cron.expression, runs: fired } };
  },
};

const paramsCommand: Command = {
  name: 'params',
  summary: 'params diff: what changed in params.yaml since a run, or between two runs',
  help: `msr params diff [<run> [<run>]]

Like dvc params diff: the params.yaml keys that differ, with both values. Without runs, the last
recorded run against params.yaml now; with one, that run against now; with two, run against run.
Runs are given by a prefix of their id (msr status lists them).`,
  options: {},
  positionals: true,
  run: async (args, io) => {
    const { labels, sides } = await diffSides(args, io, 'params');
    const changes = diffParams(sides[0].params, sides[1].params);
    const width = Math.max(0, ...changes.map((c) => c.key.length));
    const show = (v: unknown): string => (v === undefined ? '—' : JSON.stringify(v));
    const text = changes.length === 0 ? `no params changed (${labels[0]} → ${labels[1]})` : [`${labels[0]} → ${labels[1]}`, ...changes.map((c) => `${c.key.padEnd(width)}  ${show(c.before)} → ${show(c.after)}`)].join('\n');
    return { text, json: { ok: true, from: labels[0], to: labels[1], changes } };
  },
};

const metricsCommand: Command = {
  name: 'metrics',
  summary: 'metrics diff: how the metrics moved since a run, or between two runs',
  help: `msr metrics diff [<run> [<run>]] [--all]
msr metrics diff --champion [<run>]

Like dvc metrics diff: accuracy, per-genre F1 and clustering scores (silhouette, Calinski–Harabasz,
Davies–Bouldin) with their change. Without runs, the last recorded run against the metrics files
now; with one, that run against now; with two, run against run. Runs are given by a prefix of
their id (msr status lists them). With --champion, the served bundle's metrics (the runs model
assembly picked) against now, or against a run.
  --all        also the metrics that did not change
  --champion   compare with the champion (models_best/recommender.json)`,
  options: { all: { type: 'boolean' }, champion: { type: 'boolean' } },
  positionals: true,
  run: async (args, io) => {
    let labels: [string, string];
    let sides: [Pick<RunSnapshot, 'metrics'>, Pick<RunSnapshot, 'metrics'>];
    if (args.values.champion === true) {
      if (args.positionals.length > 2) throw new UsageError('msr metrics diff --champion takes at most one run');
      const { manager } = await createPipeline({ ...pipelineOptions(args, io), createDirectories: false, onEvent: undefined });
      const other = args.positionals[1] !== undefined ? await diffSides({ ...args, positionals: ['diff', args.positionals[1], args.positionals[1]] }, io, 'metrics') : undefined;
      labels = ['champion', other ? other.labels[0] : 'workspace'];
      sides = [{ metrics: await championMetrics(manager) }, other ? other.sides[0] : await runSnapshot(manager)];
    } else ({ labels, sides } = await diffSides(args, io, 'metrics'));
    const changes = diffMetrics(sides[0].metrics, sides[1].metrics, { all: args.values.all === true });
    const width = Math.max(0, ...changes.map((c) => c.key.length));
    const num = (v: number | null): string => (v === null ? '—' : v.toFixed(4));
    const text =
      changes.length === 0
        ? `no metric changed (${labels[0]} → ${labels[1]})`
        : [`${labels[0]} → ${labels[1]}`, ...changes.map((c) => `${c.key.padEnd(width)}  ${num(c.before)} → ${num(c.after)}${c.change === null ? '' : `  (${c.change >= 0 ? '+' : ''}${c.change.toFixed(4)})`}`)].join('\n');
    return { text, json: { ok: true, from: labels[0], to: labels[1], metrics: changes } };
  },
};

/** Every command, by name. */
export const COMMANDS: readonly Command[] = [initCommand, run, rebuildBase, repro, stage, evaluate, feed, recommendCommand, paramsCommand, metricsCommand, schedule, mlflow, modelsCommand, status, workerCommand];
