/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
import type { FC } from 'hono/jsx';
import type { DataQuality } from '../monitoring/data-quality.js';

const percent = (share: number): string => `${(share * 100).toFixed(2)}%`;

/** The monitoring page's data-quality section: what the last ingestion quarantined, by problem. */
export const DataQualitySection: FC<{ quality: DataQuality | null }> = ({ quality }) => (
  <section id="data-quality">
    <h2>Data quality</h2>
    {quality === null ? (
      <p>No ingestion report yet: it appears after the first training.</p>
    ) : (
      <>
        <p>
          {`Last ingestion (${new Date(quality.at).toISOString().slice(0, 16).replace('T', ' ')} UTC): ${quality.quarantined} of ${quality.rowsConsidered} rows set aside (${percent(quality.share)}; a run fails above ${percent(quality.maxInvalidShare)}), policy ${quality.policy}.`}
        </p>
        {quality.counts.length > 0 ? (
          <table class="quarantine">
            <thead>
              <tr>
                <th>Problem</th>
                <th>Rows</th>
              </tr>
            </thead>
            <tbody>
              {quality.counts.map((c) => (
                <tr>
                  <td>{c.code}</td>
                  <td>{c.rows}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </>
    )}
  </section>
);
