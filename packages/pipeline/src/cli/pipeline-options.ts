/**
 * The library options of a parsed command line. Its own module so the command files can use it
 * without importing `commands.ts` (which lists them all: that import was a cycle).
 */
import { isAbsolute, resolve } from 'node:path';
import { trackingConfigFromEnv } from '../config/tracking-config.js';
import type { RetryPolicy } from '../dag/dag-runner.js';
import type { PipelineOptions } from '../pipeline/run-pipeline.js';
import type { CliIo } from './cli-io.js';
import type { ParsedArgs } from './commands.js';
import { createProgressRenderer } from './progress-renderer.js';
import { UsageError } from './usage-error.js';

/** The pipeline's root: `--root`, or the working directory. */
export function rootDirOf(args: ParsedArgs, io: CliIo): string {
  const root = args.values.root;
  return typeof root === 'string' ? resolve(io.cwd, root) : io.cwd;
}

/** Builds the library options from the parsed command line. */
export function pipelineOptions(args: ParsedArgs, io: CliIo): PipelineOptions {
  const v = args.values;
  const path = (p: unknown): string | undefined => (typeof p === 'string' ? (isAbsolute(p) ? p : resolve(io.cwd, p)) : undefined);
  const options: PipelineOptions = { rootDir: rootDirOf(args, io), files: { config: path(v.config), params: path(v.params), schema: path(v.schema) } };
  if (typeof v.source === 'string') options.sourceUrl = /^[a-z][a-z0-9+.-]*:\/\//i.test(v.source) ? v.source : path(v.source)!;
  if (typeof v.genres === 'string') options.genres = v.genres.split(',').map((g) => g.trim());
  const policy = v['on-invalid'];
  if (policy !== undefined) {
    if (policy !== 'fail' && policy !== 'quarantine') throw new UsageError(`--on-invalid: expected fail or quarantine, got ${String(policy)}`);
    options.validationPolicy = policy;
  }
  // The queue's workers read config.yaml themselves; refuse rather than silently drop these.
  if (v.redis !== undefined && (options.genres || options.validationPolicy)) {
    throw new UsageError('--genres and --on-invalid do not apply with --redis; put them in config.yaml (data_transformation.genres, data_validation.policy)');
  }
  const tracking = trackingConfigFromEnv(io.env);
  if (tracking) options.tracking = tracking;
  if (io.fetch) options.fetch = io.fetch;
  if (Array.isArray(v.retry)) options.stageRetries = retryPolicies(v.retry);
  if (!v.json && !v.quiet) options.onEvent = createProgressRenderer(io.stderr, { verbose: v.verbose === true });
  return options;
}

/** Parses `--retry` values into per-stage retry policies. */
function retryPolicies(values: readonly string[]): Record<string, RetryPolicy> {
  const policies: Record<string, RetryPolicy> = {};
  for (const value of values) {
    const m = /^([\w*-]+)=(\d+)(?:,(\d+(?:\.\d+)?)(ms|s|m))?(?:,x(\d+(?:\.\d+)?))?$/.exec(value);
    if (!m) throw new UsageError(`--retry ${value}: expected <stage|*>=<retries>[,<delay>ms|s|m][,x<factor>], e.g. model_trainer=3,10s,x2`);
    const [, stage, retries, delay, unit, factor] = m;
    policies[stage!] = {
      retries: Number(retries),
      ...(delay !== undefined ? { retryDelayMs: Number(delay) * { ms: 1, s: 1000, m: 60_000 }[unit as 'ms' | 's' | 'm'] } : {}),
      ...(factor !== undefined ? { backoff: Number(factor) } : {}),
    };
  }
  return policies;
}
