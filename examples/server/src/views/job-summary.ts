/**
 * Job results and scheduler summaries in words (issue 15: the admin pages showed raw JSON). The
 * records are stored JSON written by whichever version ran the job, so every field is read
 * defensively: a field missing or of another shape is left out, never shown as `{…}`. No server
 * file path is ever shown (the bundle's path stays in the JSON API and the log).
 */

type Fields = Record<string, unknown>;

const isFields = (value: unknown): value is Fields => typeof value === 'object' && value !== null && !Array.isArray(value);
const num = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);
const str = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);
const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
const names = (list: string[]): string => list.map((s) => s.replaceAll('_', ' ')).join(', ');

/** A feed's outcome as one sentence: "Added 5 songs (base 300 → 305, +1.7%); no retrain needed." */
export function feedSentence(feed: Fields): string {
  const added = num(feed['added']);
  const before = num(feed['baseBefore']);
  const after = num(feed['baseAfter']);
  const growth = num(feed['growth']);
  const retrained = feed['retrained'];
  if (feed['branch'] === 'init') return `There was no songs base yet: the pipeline built one${after === undefined ? '' : ` of ${plural(after, 'song')}`}${retrained === false ? ', but training did not finish' : ' and trained the models'}.`;
  const parts: string[] = [];
  if (added !== undefined) parts.push(`Added ${plural(added, 'new song')}`);
  if (before !== undefined && after !== undefined) parts.push(`(songs base ${before} → ${after}${growth === undefined ? '' : `, ${(growth * 100).toFixed(1)}% since the last training`})`);
  const head = parts.length > 0 ? parts.join(' ') : 'The feed ran';
  const tail = retrained === true ? 'the models were retrained' : retrained === false ? 'no retrain was needed' : undefined;
  return `${head}${tail ? `; ${tail}` : ''}.`;
}

/** Any other value, briefly and without JSON punctuation. */
function plain(value: unknown): string {
  // Six significant digits: a learning rate of 0.008 stays 0.008, float noise (0.30000000000000004) goes.
  if (typeof value === 'number') return String(Number(value.toPrecision(6)));
  if (typeof value === 'string' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map(plain).join(', ');
  if (isFields(value)) return Object.entries(value).map(([k, v]) => `${k} ${plain(v)}`).join(', ');
  return '';
}

/** Keys of a summary that are file paths or are said elsewhere. */
const UNSAID = new Set(['archivedTo', 'path', 'bundle', 'pipeline', 'runId']);

/**
 * A scheduler run's summary in a sentence or two: the feed job it started, what it waited for,
 * what the feed did; other fields (a custom task's) as "name value".
 */
export function schedulerSummary(summary: Fields): string {
  const sentences: string[] = [];
  const jobId = str(summary['jobId']);
  if (jobId) sentences.push(`Feed job ${jobId.slice(0, 8)}.`);
  const waited = strings(summary['waitedFor']);
  if (waited.length > 0) sentences.push(`Waited for ${waited.length === 1 ? 'job' : 'jobs'} ${waited.map((id) => id.slice(0, 8)).join(', ')} to finish first.`);
  const feedKeys = ['branch', 'added', 'baseBefore', 'baseAfter', 'growth', 'retrained', 'fetched', 'dropped', 'deferred'];
  if (feedKeys.some((k) => k in summary)) sentences.push(feedSentence(summary));
  const rest = Object.entries(summary).filter(([k]) => k !== 'jobId' && k !== 'waitedFor' && !feedKeys.includes(k) && !UNSAID.has(k));
  if (rest.length > 0) sentences.push(`${rest.map(([k, v]) => `${k} ${plain(v)}`).join(', ')}.`);
  return sentences.join(' ');
}

/** A finished job's result: sentences, and its parameters as rows of a table. */
export interface JobResultSummary {
  sentences: string[];
  /** Stages that ran, and those that were up to date (skipped). */
  ran: string[];
  skipped: string[];
  /** The model version the job produced, when it produced one. */
  modelVersion?: string;
  /** The parameters the job ran with, flattened: `GradientBoostingClassifier.learning_rate` → `0.05`. */
  params: [key: string, value: string][];
}

/** Reads a retrain or feed job's stored result (`PipelineJobResult`, or an older shape). */
export function jobResultSummary(result: unknown): JobResultSummary {
  const out: JobResultSummary = { sentences: [], ran: [], skipped: [], params: [] };
  if (!isFields(result)) return out;
  out.ran = strings(result['ran']);
  out.skipped = strings(result['skipped']);
  if (out.ran.length > 0 || out.skipped.length > 0) {
    out.sentences.push(
      out.ran.length === 0
        ? 'Every stage was up to date: nothing ran.'
        : `Ran ${plural(out.ran.length, 'stage')} (${names(out.ran)})${out.skipped.length > 0 ? `; ${names(out.skipped)} ${out.skipped.length === 1 ? 'was' : 'were'} up to date` : ''}.`,
    );
  }
  const accuracy = num(result['accuracy']);
  if (accuracy !== undefined) out.sentences.push(`The genre classifier's accuracy on held-out songs: ${(accuracy * 100).toFixed(1)}%.`);
  if (isFields(result['feed'])) out.sentences.push(feedSentence(result['feed']));
  const bundle = result['bundle'];
  const version = isFields(bundle) ? str(bundle['version']) : undefined;
  if (version) {
    out.modelVersion = version;
    out.sentences.push(`It produced model ${version}.`);
  } else if (bundle === null) {
    out.sentences.push('It produced no model.');
  }
  const ms = num(result['durationMs']);
  if (ms !== undefined) out.sentences.push(`It took ${ms < 60_000 ? `${(ms / 1000).toFixed(1)} s` : `${(ms / 60_000).toFixed(1)} min`}.`);
  out.params = flatten(result['params']);
  return out;
}

function flatten(value: unknown, prefix = ''): [string, string][] {
  if (!isFields(value)) return prefix ? [[prefix, plain(value)]] : [];
  return Object.entries(value).flatMap(([k, v]) => (isFields(v) ? flatten(v, `${prefix}${k}.`) : [[`${prefix}${k}`, plain(v)] as [string, string]]));
}
