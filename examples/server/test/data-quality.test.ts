/**
 * The admin monitoring page shows what the last ingestion quarantined (issue 18): a retrain on
 * a dataset with one invalid row (tempo 0) sets it aside, and the page and its JSON say so by
 * problem code, with no server file paths.
 */
import { appendFileSync, readFileSync, rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { pipelinePathsOf } from '../src/adapters/pipeline-job.js';
import { jsonOf } from './support/json.js';
import { ADMIN, Client, makeTestApp, type TestApp } from './support/test-app.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe('data quality on the monitoring page', () => {
  it('shows the rows the last ingestion set aside, by problem, after a retrain', async () => {
    t = await makeTestApp();
    const admin = new Client(t.app);
    await admin.login(ADMIN.username, ADMIN.password);
    const before = await jsonOf(await admin.request('/api/admin/monitoring?range=1h'));
    expect(before.quarantine).toMatchObject({ quarantined: 0, counts: [], policy: 'quarantine' });
    expect(await (await admin.request('/admin/monitoring?range=1h')).text()).toMatch(/Data quality.*Last ingestion \([^)]*\): 0 of \d+ rows set aside/s);

    // One more song whose tempo is 0: invalid, so quarantined, not fatal (1 of 121 rows < 1%).
    const dataset = t.config.paths.dataset;
    const lines = readFileSync(dataset, 'utf8').trimEnd().split('\n');
    const header = lines[0]!.split(',');
    const row = lines[1]!.split(',');
    row[header.indexOf('')] = String(lines.length - 1);
    row[header.indexOf('track_id')] = 'badtempo00000000000000';
    row[header.indexOf('tempo')] = '0';
    appendFileSync(dataset, `${row.join(',')}\n`);
    // A retrain keeps the songs base it has; without one it ingests the dataset afresh.
    rmSync((await pipelinePathsOf(t.services.settings)).songsBase);
    const started = await admin.json('/api/admin/retrain', {});
    expect(started.status).toBe(202);
    await t.retrain.idle();
    const { job } = await jsonOf(await admin.request(`/api/admin/retrain/${(await jsonOf(started)).job.id}`));
    expect(job.status, JSON.stringify(job)).toBe("succeeded");

    const after = await jsonOf(await admin.request('/api/admin/monitoring?range=1h'));
    expect(after.quarantine).toMatchObject({ quarantined: 1, rowsConsidered: lines.length, policy: 'quarantine', maxInvalidShare: 0.01 });
    expect(after.quarantine.counts).toHaveLength(1);
    expect(after.quarantine.counts[0].rows).toBe(1);
    expect(JSON.stringify(after.quarantine)).not.toContain(t.dir);
    const page = await (await admin.request('/admin/monitoring?range=1h')).text();
    expect(page).toContain(`1 of ${lines.length} rows set aside (${((1 / lines.length) * 100).toFixed(2)}%; a run fails above 1.00%), policy quarantine.`);
    // The problem in a sentence, with its code beside it (the code alone was shown before).
    expect(after.quarantine.counts[0].code).toBe('out_of_range');
    expect(page).toContain(
      '<td><span class="meaning">A value is outside its allowed range, such as a tempo of 0 or a danceability above 1.</span> <code class="problem-code">out_of_range</code></td><td>1</td>',
    );
    expect(page).not.toContain(t.dir);
  }, 120_000);
});
