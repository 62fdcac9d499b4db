/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
import type { FC } from 'hono/jsx';
import type { DataQuality, FeedQuality } from '../monitoring/data-quality.js';
import { problemMeaning } from '../monitoring/problem-meanings.js';
import { Table, type Column } from './table.js';

const percent = (share: number): string => `${(share * 100).toFixed(2)}%`;
const minute = (at: number): string => `${new Date(at).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/** Rows set aside per problem: what it means in a sentence, with the code (the JSON's and the pipeline's) beside it. */
const CountsTable: FC<{ counts: { code: string; rows: number }[] }> = ({ counts }) => (
  <Table
    class="quarantine"
    rows={counts}
    columns={[
      {
        label: 'Problem',
        cell: (c) => (
          <>
            <span class="meaning">{problemMeaning(c.code)}</span> <code class="problem-code">{c.code}</code>
          </>
        ),
      },
      { label: 'Rows', cell: (c) => String(c.rows) },
    ]}
  />
);

/** The newest set-aside rows of a feed: where each was and why. */
const FEED_ROW_COLUMNS: Column<FeedQuality['newest'][number]>[] = [
  { label: 'File', cell: (r) => r.file || '—' },
  { label: 'Row', cell: (r) => (r.row === null ? '—' : String(r.row)) },
  { label: 'Field', cell: (r) => r.field || '—' },
  { label: 'Reason', cell: (r) => r.reason, class: 'reason' },
];

/** What the last feed set aside: the count by problem and the newest rows, each with its file, row, field and reason. */
const FeedQuarantine: FC<{ feed: FeedQuality | null }> = ({ feed }) => (
  <section id="feed-quarantine">
    <h3>Fed songs set aside</h3>
    {feed === null ? (
      <p>No feed yet: the scheduled feed's invalid rows appear here after its first run.</p>
    ) : (
      <>
        <p>{`Last feed (${minute(feed.at)}): ${feed.quarantined} row${feed.quarantined === 1 ? '' : 's'} set aside as invalid; the valid rows were merged.`}</p>
        {feed.counts.length > 0 ? <CountsTable counts={feed.counts} /> : null}
        {feed.newest.length > 0 ? (
          <>
            <p class="muted">{feed.newest.length < feed.quarantined ? `The newest ${feed.newest.length} of ${feed.quarantined}:` : 'Newest first:'}</p>
            <Table class="feed-rows" stack rows={feed.newest} columns={FEED_ROW_COLUMNS} />
          </>
        ) : null}
      </>
    )}
  </section>
);

/** The monitoring page's data-quality section: what the last ingestion and the last feed set aside, by problem. */
export const DataQualitySection: FC<{ quality: DataQuality | null; feed?: FeedQuality | null }> = ({ quality, feed = null }) => (
  <section id="data-quality">
    <h2>Data quality</h2>
    {quality === null ? (
      <p>No ingestion report yet: it appears after the first training.</p>
    ) : (
      <>
        <p>
          {`Last ingestion (${minute(quality.at)}): ${quality.quarantined} of ${quality.rowsConsidered} rows set aside (${percent(quality.share)}; a run fails above ${percent(quality.maxInvalidShare)}), policy ${quality.policy}.`}
        </p>
        {quality.counts.length > 0 ? <CountsTable counts={quality.counts} /> : null}
      </>
    )}
    <FeedQuarantine feed={feed} />
  </section>
);
