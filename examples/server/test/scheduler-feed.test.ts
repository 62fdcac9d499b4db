import { execFileSync } from 'node:child_process';
import { closeSync, constants, mkdirSync, openSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { FEATURE_NAMES } from '@msr/core';
import { describe, expect, it, vi } from 'vitest';
import { jsonOf } from './support/json.js';
import { makeCatalog, trackId } from './support/catalog.js';
import { ADMIN, Client, testApps } from './support/test-app.js';

const app = testApps();

/** New rock songs (ten by default) in the songs-base layout, as a user would drop them in the feed folder. */
function dropNewRockSongs(folder: string, { count = 10 } = {}): string[] {
  const songs = makeCatalog(count, 99).filter((s) => s.genre === 'rock');
  const ids = songs.map((_, i) => trackId('newrock', i));
  const lines = [['uri', 'genre', ...FEATURE_NAMES].join(','), ...songs.map((s, i) => [ids[i], 'rock', ...FEATURE_NAMES.map((f) => s.features[f])].join(','))];
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'new-rock.csv'), `${lines.join('\n')}\n`);
  return ids;
}

/**
 * A named pipe in the feed's drop folder: the feed job blocks reading it until `release()`
 * writes it, so a test knows the job is still running without guessing how long it takes.
 */
function feedGate(folder: string): { release: () => Promise<void> } {
  mkdirSync(folder, { recursive: true });
  const path = join(folder, 'gate.csv');
  execFileSync('mkfifo', [path]);
  return {
    async release() {
      let fd = -1;
      // Opening the write end without blocking fails with ENXIO until the job opened the read end.
      await vi.waitUntil(
        () => {
          try {
            fd = openSync(path, constants.O_WRONLY | constants.O_NONBLOCK);
            return true;
          } catch (error) {
            if ((error as NodeJS.ErrnoException).code === 'ENXIO') return false;
            throw error;
          }
        },
        { timeout: 60_000, interval: 20 },
      );
      writeSync(fd, `${['uri', 'genre', ...FEATURE_NAMES].join(',')}\n`);
      closeSync(fd);
      // Gone before the next genre lists the folder (a write changes the pipe's mtime, which
      // would make the source read it again, and block).
      unlinkSync(path);
    },
  };
}

// Each test runs one or two real pipeline jobs in a worker process: on a loaded machine that takes
// well over the server project's 30 s default.
describe('the scheduled feed (runFeed in the worker, one job slot with retrains)', { timeout: 120_000 }, () => {
  it('with nothing new it records the run and keeps the model', async () => {
    const t = await app({ task: 'feed' });
    const admin = new Client(t.app);
    await admin.login(ADMIN.username, ADMIN.password);
    expect((await admin.json('/api/admin/scheduler/run', {})).status).toBe(202);
    await t.scheduler.idle();
    const { runs } = await jsonOf(await admin.request('/api/admin/scheduler'));
    expect(runs[0], JSON.stringify(runs[0])).toMatchObject({ trigger: 'manual', status: 'succeeded', summary: { branch: 'feed', added: 0, baseBefore: 120, baseAfter: 120, retrained: false } });
    const job = await t.retrain.get(runs[0].summary.jobId);
    expect(job).toMatchObject({ kind: 'feed', status: 'succeeded', requestedBy: 'scheduler (run now)' });
    expect(t.modelStore.current()?.info.version).toBe(t.initialVersion);
    const page = await (await admin.request('/admin/scheduler')).text();
    expect(page).toContain('Retrains and the scheduled feed share one job slot');
    expect(await (await admin.request('/admin/retrain')).text()).toContain('<td data-label="Kind">scheduled feed</td>');
  });

  it('merges dropped songs, retrains when the base grew by more than 5%, and the new songs resolve', async () => {
    const t = await app({ task: 'feed' });
    const ids = dropNewRockSongs(t.config.feed.dropFolder);
    const user = new Client(t.app);
    await user.signUp('ada');
    expect((await user.json('/api/recommend', { playlist: { uris: ids.slice(0, 3) } })).status).toBe(422); // not in the base yet
    await t.scheduler.runNow();
    await t.scheduler.idle();
    const [run] = await t.scheduler.runs(1);
    expect(run, JSON.stringify(run)).toMatchObject({ status: 'succeeded', summary: { added: 10, baseBefore: 120, baseAfter: 130, retrained: true } });
    expect(t.modelStore.current()?.info.version).not.toBe(t.initialVersion);
    const res = await user.json('/api/recommend', { playlist: { uris: ids.slice(0, 3) }, count: 5 });
    const body = await jsonOf(res);
    expect(res.status, JSON.stringify(body)).toBe(200);
    expect(body.genre).toBe('rock');
    expect(body.modelVersion).toBe(t.modelStore.current()?.info.version);
    expect(body.songs.map((s: { uri: string }) => s.uri)).not.toContain(ids[0]);
  });

  it.each([
    { count: 12, retrained: false, why: 'exactly at' }, // 12 of 120 is exactly 0.1, the same double as the setting
    { count: 13, retrained: true, why: 'just above' },
  ])('with feed.threshold 0.1, $count new songs of 120 ($why) retrained: $retrained', async ({ count, retrained }) => {
    const t = await app({ task: 'feed', config: { feed: { threshold: 0.1 } } });
    dropNewRockSongs(t.config.feed.dropFolder, { count });
    await t.scheduler.runNow();
    await t.scheduler.idle();
    const [run] = await t.scheduler.runs(1);
    expect(run, JSON.stringify(run)).toMatchObject({ status: 'succeeded', summary: { added: count, baseBefore: 120, baseAfter: 120 + count, growth: count / 120, retrained } });
    expect(t.modelStore.current()?.info.version === t.initialVersion).toBe(!retrained);
  });

  it('waits for a running retrain instead of colliding with it, then feeds', async () => {
    const t = await app({ task: 'feed' });
    const admin = new Client(t.app);
    await admin.login(ADMIN.username, ADMIN.password);
    const { job: retrain } = await jsonOf(await admin.json('/api/admin/retrain', {}));
    const run = await t.scheduler.runNow();
    expect(run.status).toBe('running');
    await t.scheduler.idle();
    const [done] = await t.scheduler.runs(1);
    expect(done, JSON.stringify(done)).toMatchObject({ status: 'succeeded', summary: { waitedFor: [retrain.id], retrained: false } });
    const jobs = await t.retrain.list();
    expect(jobs.map((j) => [j.kind, j.status])).toEqual([
      ['feed', 'succeeded'],
      ['retrain', 'succeeded'],
    ]);
    expect(jobs[0]!.createdAt).toBeGreaterThanOrEqual(jobs[1]!.finishedAt!);
  });

  it('a manual retrain while the feed runs is refused with what is running, on the page and in the API', async () => {
    const t = await app({ task: 'feed' });
    const gate = feedGate(t.config.feed.dropFolder); // the feed cannot finish before release()
    const admin = new Client(t.app);
    await admin.login(ADMIN.username, ADMIN.password);
    await t.scheduler.runNow();
    const feed = await vi.waitUntil(() => t.retrain.activeJob(), { timeout: 30_000, interval: 20 });
    expect(feed?.kind).toBe('feed');
    const api = await admin.json('/api/admin/retrain', {});
    expect(api.status).toBe(409);
    expect((await jsonOf(api)).error.message).toBe(`the scheduled feed is already running (job ${feed!.id}); retrains and the feed share one job slot: wait for it to finish`);
    const page = await admin.form('/admin/retrain', {});
    expect(page.status).toBe(409);
    expect(await page.text()).toContain('the scheduled feed is already running');
    await gate.release();
    await t.scheduler.idle();
    const [run] = await t.scheduler.runs(1);
    expect(run, JSON.stringify(run)).toMatchObject({ status: 'succeeded', summary: { added: 0, retrained: false } });
  });
});
