import { fork, type ChildProcess } from 'node:child_process';
import type { Clock } from '../clock.js';
import type { Database } from '../db/database.js';
import { ServerError } from '../http/errors.js';
import type { Logger } from '../logging/logger.js';
import type { RetrainJob, RetrainKind, RetrainStartInput, RetrainStatus } from './retrain-job.js';
import { isRetrainWorkerMessage, type RetrainStartMessage } from './retrain-protocol.js';

/** Options of {@link ForkRetrainRunner}. */
export interface ForkRetrainRunnerOptions {
  db: Database;
  clock: Clock;
  logger: Logger;
  /** The worker script; it calls `runRetrainWorker(body)`. */
  script: string;
  /** Node flags for the worker, e.g. `['--import', 'tsx']` for a TypeScript script. @default [] */
  execArgv?: string[];
  /** Environment of the worker. @default process.env */
  env?: NodeJS.ProcessEnv;
  /** A job running longer than this is killed and failed. @default 1 hour */
  timeoutMs?: number;
  /**
   * A running row whose heartbeat is older than this belongs to a dead process. This runner
   * heartbeats its own jobs every third of it and fails other processes' stale rows every half
   * of it, so a dead process's job is failed within 1.5 × this. @default 30 s
   */
  staleAfterMs?: number;
  /**
   * Called with a succeeded job's result before the job is marked succeeded: load and hot-swap
   * the new model here. If it throws, the job fails and the previous model keeps serving.
   */
  onSucceeded?: (result: unknown, job: RetrainJob) => Promise<unknown>;
  /**
   * Called once the job holds the slot and before its worker starts: write the job's parameters
   * where the pipeline reads them here. If it throws, the job fails before it runs.
   */
  beforeLaunch?: (input: RetrainStartInput) => Promise<void>;
  /** @default crypto.randomUUID */
  newId?: () => string;
}

/**
 * The retrain runner: forks a Node process per job, so training never blocks the
 * server's event loop and a crash in it cannot take the server down. Jobs live in the
 * `retrain_jobs` table; a unique index on running rows keeps it to one job per database.
 */
export class ForkRetrainRunner {
  private readonly running = new Map<string, { child: ChildProcess; done: Promise<void>; stderr: string[] }>();
  private readonly timeoutMs: number;
  private readonly staleAfterMs: number;
  private readonly newId: () => string;
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly options: ForkRetrainRunnerOptions) {
    this.timeoutMs = options.timeoutMs ?? 60 * 60_000;
    this.staleAfterMs = options.staleAfterMs ?? 30_000;
    this.newId = options.newId ?? (() => crypto.randomUUID());
    // Not only at start: a process killed mid-job (or the one before a quick restart) leaves a
    // row that nobody would fail, and a scheduled run waiting on it would wait for good.
    this.sweeper = setInterval(() => {
      this.failStale().catch((error: unknown) => options.logger.warn('could not check for jobs of dead processes', { error }));
    }, Math.max(500, this.staleAfterMs / 2));
    this.sweeper.unref();
  }

  async start(input: RetrainStartInput): Promise<RetrainJob> {
    const { db, clock } = this.options;
    await this.failStale();
    const id = this.newId();
    const now = clock.now();
    const kind = input.kind ?? 'retrain';
    try {
      await db.execute({
        sql: `INSERT INTO retrain_jobs (id, kind, status, requested_by, created_at, progress, heartbeat_at, message, params, params_version)
              VALUES (?, ?, 'running', ?, ?, 0, ?, 'starting', ?, ?)`,
        args: [id, kind, input.requestedBy ?? null, now, now, JSON.stringify(input.params ?? null), input.paramsVersion ?? null],
      });
    } catch (cause) {
      const active = await this.activeJob();
      if (active) {
        const what = active.kind === 'feed' ? 'the scheduled feed' : 'a retrain';
        throw new ServerError('ERR_RETRAIN_RUNNING', `${what} is already running (job ${active.id}); retrains and the feed share one job slot: wait for it to finish`);
      }
      throw cause;
    }
    if (this.options.beforeLaunch) {
      try {
        await this.options.beforeLaunch(input);
      } catch (cause) {
        await db.execute({
          sql: `UPDATE retrain_jobs SET status = 'failed', finished_at = ?, error = ? WHERE id = ?`,
          args: [clock.now(), `could not prepare the job's parameters: ${(cause as Error).message}`, id],
        });
        throw cause;
      }
    }
    this.launch(id, kind, input.params);
    return (await this.get(id))!;
  }

  async get(id: string): Promise<RetrainJob | undefined> {
    const rows = await this.options.db.execute({ sql: 'SELECT * FROM retrain_jobs WHERE id = ?', args: [id] });
    const row = rows.rows[0];
    return row ? toJob(row) : undefined;
  }

  async list(limit = 20): Promise<RetrainJob[]> {
    const rows = await this.options.db.execute({ sql: 'SELECT * FROM retrain_jobs ORDER BY created_at DESC, rowid DESC LIMIT ?', args: [limit] });
    return rows.rows.map(toJob);
  }

  async idle(): Promise<void> {
    await Promise.all([...this.running.values()].map((r) => r.done));
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
    for (const { child } of this.running.values()) child.kill('SIGTERM');
    await this.idle();
  }

  /** Fails running rows that no live process is heartbeating (the server died mid-job). */
  async failStale(): Promise<number> {
    const now = this.options.clock.now();
    const result = await this.options.db.execute({
      sql: `UPDATE retrain_jobs SET status = 'failed', finished_at = ?, error = 'interrupted: the process running it stopped'
            WHERE status = 'running' AND heartbeat_at < ? RETURNING id`,
      args: [now, now - this.staleAfterMs],
    });
    for (const row of result.rows) this.options.logger.warn('failed a job of a dead process', { jobId: String(row['id']) });
    return result.rows.length;
  }

  /** The running job of any process on the database, if there is one. */
  async activeJob(): Promise<RetrainJob | undefined> {
    const rows = await this.options.db.execute(`SELECT * FROM retrain_jobs WHERE status = 'running' LIMIT 1`);
    const row = rows.rows[0];
    return row ? toJob(row) : undefined;
  }

  private launch(id: string, kind: RetrainKind, params: unknown): void {
    const { db, clock, logger } = this.options;
    const child = fork(this.options.script, [], {
      execArgv: this.options.execArgv ?? [],
      env: this.options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    const stderr: string[] = [];
    let settled = false;
    let work: Promise<unknown> = Promise.resolve();
    // Serialise the database writes of one job, so a late progress row never overwrites the end state.
    const then = (step: () => Promise<unknown>): void => {
      work = work.then(step).catch((error: unknown) => logger.error('retrain job bookkeeping failed', { jobId: id, error }));
    };
    const finish = (status: RetrainStatus, fields: { result?: unknown; error?: string }): void => {
      if (settled) return;
      settled = true;
      clearInterval(heartbeat);
      clearTimeout(timeout);
      then(async () => {
        let final = status;
        let error = fields.error;
        if (status === 'succeeded' && this.options.onSucceeded) {
          try {
            const job = (await this.get(id))!;
            await this.options.onSucceeded(fields.result, { ...job, result: fields.result });
          } catch (cause) {
            final = 'failed';
            error = `the job finished but its model could not be loaded; the previous model keeps serving: ${(cause as Error).message}`;
          }
        }
        await db.execute({
          sql: `UPDATE retrain_jobs SET status = ?, finished_at = ?, progress = CASE WHEN ? = 'succeeded' THEN 1 ELSE progress END,
                result = ?, error = ? WHERE id = ?`,
          args: [final, clock.now(), final, fields.result === undefined ? null : JSON.stringify(fields.result), error ?? null, id],
        });
        if (final === 'failed') logger.warn('retrain job failed', { jobId: id, error });
        else logger.info('retrain job succeeded', { jobId: id });
      });
    };

    const heartbeat = setInterval(() => {
      then(() => db.execute({ sql: 'UPDATE retrain_jobs SET heartbeat_at = ? WHERE id = ?', args: [clock.now(), id] }));
    }, Math.max(1_000, this.staleAfterMs / 3));
    const timeout = setTimeout(() => {
      child.kill('SIGKILL');
      finish('failed', { error: `timed out after ${this.timeoutMs >= 1_000 ? `${Math.round(this.timeoutMs / 1000)} s` : `${this.timeoutMs} ms`}` });
    }, this.timeoutMs);

    child.stdout?.on('data', (chunk: Buffer) => logger.debug('retrain worker output', { jobId: id, text: chunk.toString('utf8').trimEnd() }));
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      stderr.splice(0, Math.max(0, stderr.length - 20));
    });
    child.on('message', (message: unknown) => {
      if (!isRetrainWorkerMessage(message)) {
        logger.warn('retrain worker sent an unexpected message', { jobId: id });
        return;
      }
      if (message.type === 'progress') {
        then(() =>
          db.execute({
            sql: `UPDATE retrain_jobs SET progress = ?, message = ?, heartbeat_at = ? WHERE id = ? AND status = 'running'`,
            args: [message.fraction, message.message.slice(0, 500), clock.now(), id],
          }),
        );
      } else if (message.type === 'succeeded') finish('succeeded', { result: message.result });
      else finish('failed', { error: message.message });
    });
    const done = new Promise<void>((resolve) => {
      child.on('error', (error) => finish('failed', { error: `could not start the worker: ${error.message}` }));
      child.on('close', (code, signal) => {
        const tail = stderr.slice(-5).join(' | ');
        finish('failed', {
          error: `worker exited (${signal ? `signal ${signal}` : `code ${code}`}) before reporting a result${tail ? `: ${tail}` : ''}`,
        });
        // Resolve only when the end state is in the database.
        void work.then(() => {
          this.running.delete(id);
          resolve();
        });
      });
    });
    this.running.set(id, { child, done, stderr });
    const start: RetrainStartMessage = { type: 'start', jobId: id, kind, params };
    child.send(start, (error) => {
      if (error) finish('failed', { error: `could not talk to the worker: ${error.message}` });
    });
  }
}

function toJob(row: Record<string, unknown>): RetrainJob {
  const job: RetrainJob = {
    id: String(row['id']),
    kind: row['kind'] === 'feed' ? 'feed' : 'retrain',
    status: String(row['status']) as RetrainStatus,
    createdAt: Number(row['created_at']),
    progress: Number(row['progress']),
  };
  if (row['requested_by'] !== null) job.requestedBy = String(row['requested_by']);
  if (row['params_version'] !== null && row['params_version'] !== undefined) job.paramsVersion = Number(row['params_version']);
  if (row['finished_at'] !== null) job.finishedAt = Number(row['finished_at']);
  if (row['message'] !== null) job.message = String(row['message']);
  if (row['result'] !== null) job.result = JSON.parse(String(row['result'])) as unknown;
  if (row['error'] !== null) job.error = String(row['error']);
  return job;
}
