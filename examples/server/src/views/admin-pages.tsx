/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
import { raw } from 'hono/html';
import type { FC } from 'hono/jsx';
import type { User } from '../auth/user-repository.js';
import type { MonitoringData } from '../monitoring/similarity-chart.js';
import { NAMED_RANGES } from '../monitoring/time-range.js';
import type { ModelInfo } from '../services/model-store.js';
import type { RetrainJob } from '../services/retrain-job.js';
import type { SchedulerRun, SchedulerStatus } from '../services/scheduler.js';
import { withoutServerPaths } from '../http/redact-paths.js';
import type { RequestIssue } from '../http/errors.js';
import { jobResultSummary, schedulerSummary } from './job-summary.js';
import { Notice, Problems } from './layout.js';
import { Table, type Column } from './table.js';

/** A time as the admin pages show it: `2026-12-06 05:20:00` (UTC), or a dash. */
export const time = (t: number | undefined): string => (t === undefined ? '—' : new Date(t).toISOString().replace('T', ' ').slice(0, 19));

/** The admin area's pages, as the admin index links them. */
const ADMIN_PAGES = [
  ['/admin/params', 'Model parameters'],
  ['/admin/retrain', 'Retrain'],
  ['/admin/monitoring', 'Monitoring'],
  ['/admin/users', 'Users'],
  ['/admin/scheduler', 'Scheduler'],
] as const;

export const AdminIndexPage: FC<{ model: ModelInfo | undefined }> = ({ model }) => (
  <section>
    <h1>Admin</h1>
    <p>{model ? `Serving model ${model.version} since ${time(model.loadedAt)} UTC.` : 'No model is loaded.'}</p>
    <ul class="cards">
      {ADMIN_PAGES.map(([href, label]) => (
        <li>
          <a href={href}>{label}</a>
        </li>
      ))}
    </ul>
  </section>
);

/** How a job's kind reads in the pages. */
const KIND_LABEL: Record<RetrainJob['kind'], string> = { retrain: 'retrain', feed: 'scheduled feed' };

/** The shared job slot, said where admins start jobs and where the scheduler starts them. */
export const JOB_SLOT_NOTE =
  'Retrains and the scheduled feed share one job slot: one job runs at a time. A scheduled feed waits for a running retrain; a retrain cannot start while a job runs.';

/** The retrain list's columns: each job's link, kind, status, progress, who and when. */
const JOB_COLUMNS: Column<RetrainJob>[] = [
  { label: 'Job', cell: (job) => <a href={`/admin/retrain/${job.id}`}>{job.id.slice(0, 8)}</a> },
  { label: 'Kind', cell: (job) => KIND_LABEL[job.kind] },
  { label: 'Status', cell: (job) => job.status, class: (job) => `status ${job.status}` },
  { label: 'Progress', cell: (job) => `${Math.round(job.progress * 100)}%` },
  { label: 'By', cell: (job) => job.requestedBy ?? '—' },
  { label: 'Started', cell: (job) => time(job.createdAt) },
  { label: 'Finished', cell: (job) => time(job.finishedAt) },
];

export const RetrainListPage: FC<{ jobs: RetrainJob[]; problems: string[] }> = ({ jobs, problems }) => (
  <section>
    <h1>Retrain</h1>
    <Problems messages={problems} />
    <p class="hint" id="job-slot">
      A retrain runs the pipeline with the saved parameters, off the request path; stages whose inputs and parameters did not change are skipped. When
      it succeeds the new model serves at once; when it fails the previous one keeps serving. {JOB_SLOT_NOTE}
    </p>
    <form method="post" action="/admin/retrain">
      <button type="submit">Start a retrain</button>
    </form>
    {jobs.length === 0 ? (
      <p id="no-jobs">No jobs yet: a retrain or a scheduled feed appears here once started.</p>
    ) : (
      <Table class="jobs" stack rows={jobs} columns={JOB_COLUMNS} />
    )}
  </section>
);

export const RetrainJobPage: FC<{ job: RetrainJob }> = ({ job }) => (
  <section>
    <h1>
      {job.kind === 'feed' ? 'Scheduled feed' : 'Retrain'} job {job.id.slice(0, 8)}
    </h1>
    <dl class="summary">
      <dt>By</dt>
      <dd>{job.requestedBy ?? '—'}</dd>
      <dt>Parameters</dt>
      <dd id="job-params-version">{job.paramsVersion === undefined ? '—' : `version ${job.paramsVersion}`}</dd>
      <dt>Status</dt>
      <dd id="job-status" class={`status ${job.status}`}>
        {job.status}
      </dd>
      <dt>Progress</dt>
      <dd>
        <progress max="1" value={String(job.progress)} /> {`${Math.round(job.progress * 100)}%`} {withoutServerPaths(job.message ?? '')}
      </dd>
      <dt>Started</dt>
      <dd>{time(job.createdAt)}</dd>
      <dt>Finished</dt>
      <dd>{time(job.finishedAt)}</dd>
      {job.error ? (
        <>
          <dt>Error</dt>
          <dd class="problems">{withoutServerPaths(job.error)}</dd>
        </>
      ) : null}
    </dl>
    {job.result !== undefined ? <JobResult result={job.result} /> : null}
    {job.status === 'running' ? <p class="hint">This page refreshes every 2 seconds while the job runs.</p> : null}
    <p>
      <a href="/admin/retrain">All jobs</a>
    </p>
  </section>
);

/** A finished job's result in sentences, and the parameters it ran with as a table. */
const JobResult: FC<{ result: unknown }> = ({ result }) => {
  const summary = jobResultSummary(result);
  return (
    <>
      <h2>Result</h2>
      <div id="job-result">
        {summary.sentences.map((s) => (
          <p>{s}</p>
        ))}
      </div>
      {summary.params.length > 0 ? (
        <>
          <h3>Parameters it ran with</h3>
          <Table
            id="job-params"
            class="params-table"
            head={false}
            rows={summary.params}
            columns={[
              { label: 'Parameter', rowHeader: true, cell: ([key]) => <code>{key}</code> },
              { label: 'Value', cell: ([, value]) => value },
            ]}
          />
        </>
      ) : null}
    </>
  );
};

/**
 * The chart's legend as text under it: the page draws the chart without its legend column, so
 * the plot takes the page's width and the names read at the page's type size on a phone too.
 */
const ChartLegend: FC<{ colours: Record<string, string> }> = ({ colours }) => (
  <figcaption class="chart-legend">
    <span>
      <svg viewBox="0 0 18 10" width="18" height="10" aria-hidden="true">
        <line x1="0" x2="18" y1="5" y2="5" stroke="#222222" stroke-width="2" />
      </svg>{' '}
      rolling mean
    </span>
    {Object.entries(colours).map(([genre, colour]) => (
      <span>
        <svg viewBox="0 0 10 10" width="10" height="10" aria-hidden="true">
          <circle cx="5" cy="5" r="5" fill={colour} />
        </svg>{' '}
        {genre}
      </span>
    ))}
  </figcaption>
);

/** One bound of the custom range: its label, what was typed, and its error beside it. */
const BoundField: FC<{ name: 'from' | 'to'; label: string; value: string; error: string | undefined; example: string }> = ({ name, label, value, error, example }) => (
  <label class={error ? 'has-error' : undefined}>
    {label}{' '}
    <input
      name={name}
      type="text"
      value={value}
      placeholder={example}
      {...(error ? { 'aria-invalid': 'true', 'aria-describedby': `range-${name}-error` } : {})}
    />
    {error ? (
      <span class="field-error" id={`range-${name}-error`}>
        {label} {error}.
      </span>
    ) : null}
  </label>
);

/**
 * The monitoring page. `typed` and `issues` come from a custom range the page could not read: the
 * typed values stay in their fields with the error beside each, and the chart shows the default
 * range (said so above it).
 */
export const MonitoringPage: FC<{ data: MonitoringData; svg: string; typed?: { from: string; to: string }; issues?: RequestIssue[] }> = ({
  data,
  svg,
  typed = { from: '', to: '' },
  issues = [],
}) => {
  const fieldError = (name: string): string | undefined => issues.find((i) => i.path[0] === name)?.message;
  const others = issues.filter((i) => i.path[0] !== 'from' && i.path[0] !== 'to').map((i) => (i.path.length > 0 ? `${i.path.join('.')}: ${i.message}` : i.message));
  const sims = data.points.map((p) => p.similarity);
  const mean = sims.length ? sims.reduce((a, b) => a + b, 0) / sims.length : undefined;
  const latencies = data.points.flatMap((p) => (p.latencyMs === undefined ? [] : [p.latencyMs])).sort((a, b) => a - b);
  const models = [...new Set(data.points.flatMap((p) => (p.modelVersion ? [p.modelVersion] : [])))];
  const query = data.range.label === 'custom' ? `from=${new Date(data.range.from).toISOString()}&to=${new Date(data.range.to).toISOString()}` : `range=${data.range.label}`;
  return (
    <section>
      <h1>Monitoring</h1>
      <nav class="ranges">
        {Object.keys(NAMED_RANGES).map((r) => (
          <a href={`/admin/monitoring?range=${r}`} class={r === data.range.label ? 'current' : ''}>
            {r}
          </a>
        ))}
      </nav>
      <Problems messages={others} />
      <form method="get" action="/admin/monitoring" class="inline-form">
        <BoundField name="from" label="From" value={typed.from} error={fieldError('from')} example="2026-01-01T00:00:00Z" />
        <BoundField name="to" label="To" value={typed.to} error={fieldError('to')} example="2026-01-02T00:00:00Z" />
        <button type="submit">Show</button>
      </form>
      {issues.length > 0 ? (
        <p class="hint" id="range-fallback">
          That range could not be read, so the page shows the last 24 hours.
        </p>
      ) : null}
      <figure id="chart">
        {raw(svg)}
        <ChartLegend colours={data.colours} />
      </figure>
      <p>
        {`${data.points.length} request${data.points.length === 1 ? '' : 's'}`}
        {mean === undefined ? '' : `, mean similarity ${mean.toFixed(3)}`}
        {`, ${data.belowThreshold} below the threshold ${data.threshold}.`}
        {latencies.length > 0 ? ` Median latency ${latencies[Math.floor((latencies.length - 1) / 2)]!.toFixed(1)} ms.` : ''}
        {models.length > 0 ? ` Model${models.length === 1 ? '' : 's'}: ${models.join(', ')}.` : ''} <a href={`/api/admin/monitoring?${query}`}>JSON</a> ·{' '}
        <a href={`/admin/monitoring/chart.svg?${query}`}>SVG</a>
      </p>
    </section>
  );
};

export const UsersPage: FC<{ users: User[]; me: User; problems: string[]; notice?: string | undefined }> = ({ users, me, problems, notice }) => (
  <section>
    <h1>Users</h1>
    <Notice text={notice} />
    <Problems messages={problems} />
    <table class="users stack">
      <thead>
        <tr>
          <th>Username</th>
          <th>Role</th>
          <th>Created</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {users.map((u) => (
          <tr>
            <td data-label="Username">{u.username}</td>
            <td data-label="Role">{u.role}</td>
            <td data-label="Created">{time(u.createdAt)}</td>
            <td>
              <form method="post" action={`/admin/users/${u.id}/unlock`} class="inline">
                <button type="submit" title="Clear this account's login throttle (wrong-password delays)">
                  Clear login throttle
                </button>
              </form>
              {u.id === me.id ? (
                <span class="muted">you</span>
              ) : (
                <form method="post" action={`/admin/users/${u.id}/delete`} class="inline">
                  <button type="submit" class="danger">
                    Delete
                  </button>
                </form>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  </section>
);

/** The scheduler's runs: number, trigger, status, when, and what it did (or its error) in words. */
const RUN_COLUMNS: Column<SchedulerRun>[] = [
  { label: 'Run', cell: (r) => String(r.id) },
  { label: 'Trigger', cell: (r) => r.trigger },
  { label: 'Status', cell: (r) => r.status, class: (r) => `status ${r.status}` },
  { label: 'Started', cell: (r) => time(r.startedAt) },
  { label: 'Finished', cell: (r) => time(r.finishedAt) },
  { label: 'Summary', cell: (r) => (r.error !== undefined ? withoutServerPaths(r.error) : r.summary ? schedulerSummary(r.summary) : ''), class: 'summary-cell' },
];

export const SchedulerPage: FC<{
  status: SchedulerStatus;
  runs: SchedulerRun[];
  now: number;
  problems: string[];
  notice?: string | undefined;
  /** What a run does, in a sentence. */
  task: string;
}> = ({ status, runs, now, problems, notice, task }) => (
  <section>
    <h1>Scheduler</h1>
    <Notice text={notice} />
    <Problems messages={problems} />
    <p class="hint" id="scheduler-task">
      {task} {JOB_SLOT_NOTE}
    </p>
    <dl class="summary">
      <dt>Task</dt>
      <dd>{status.name}</dd>
      <dt>Schedule</dt>
      <dd>
        <code>{status.cron}</code> ({status.timezone}){status.enabled ? '' : ' — disabled'}
      </dd>
      <dt>Next run</dt>
      <dd>{time(status.nextRunAt)}</dd>
      {status.health ? (
        <>
          <dt>Health</dt>
          <dd id="scheduler-health" class={status.health.ok ? 'status succeeded' : 'status failed'}>
            {status.health.ok ? 'ok' : 'NOT OK'}: {withoutServerPaths(status.health.message)} (checked {time(status.health.checkedAt)})
          </dd>
        </>
      ) : null}
      <dt>Lease</dt>
      <dd>
        {status.lease && status.lease.expiresAt > now
          ? `held by ${status.lease.holder === status.holderId ? 'this process' : status.lease.holder} until ${time(status.lease.expiresAt)}`
          : 'free'}
      </dd>
    </dl>
    <form method="post" action="/admin/scheduler/run">
      <button type="submit">Run now</button>
    </form>
    {runs.length === 0 ? (
      <p id="no-runs">No runs yet: each scheduled or manual run appears here.</p>
    ) : (
      <Table class="runs" stack rows={runs} columns={RUN_COLUMNS} />
    )}
  </section>
);
