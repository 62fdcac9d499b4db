/** `msr schedule` (issue 12, Airflow): the feed DAG on a cron, in process or on the queue, shown by `msr status`. */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RunHistory } from '../history/run-history.js';
import { pipelineRoot, type PipelineRoot } from '../pipeline/__fixtures__/pipeline-root.js';
import type { CliIo } from './cli-io.js';
import { captureIo } from './__fixtures__/capture-io.js';
import { main } from './main.js';

let fixture: PipelineRoot;
beforeEach(async () => {
  fixture = await pipelineRoot();
});
afterEach(async () => {
  await rm(fixture.root, { recursive: true, force: true });
});

function io(extra: Partial<CliIo> = {}) {
  return captureIo({ env: {}, cwd: fixture.root, ...extra });
}

describe('msr schedule', () => {
  it('fires the feed at each cron minute (UTC), shows in msr status, stops on Ctrl-C', async () => {
    const q = ['--config', fixture.config, '--params', fixture.quickParams];
    await mkdir(join(fixture.root, 'data/new'), { recursive: true });
    await writeFile(join(fixture.root, 'data/new/a.csv'), 'uri,genre,key,acousticness,danceability,energy,instrumentalness,loudness,speechiness,valence,tempo\n000000000000000000NEW1,jazz,1,0.1,0.2,0.3,0,-7,0.05,0.5,100\n');
    let now = Date.parse('2026-01-01T10:19:00Z');
    const controller = new AbortController();
    const waits: number[] = [];
    let status = '';
    const scheduler = io({
      signal: controller.signal,
      clock: () => now,
      sleep: async (ms) => {
        waits.push(ms);
        if (waits.length === 2) {
          const s = io();
          expect(await main(['status', ...q], s)).toBe(0);
          status = s.out();
        }
        if (waits.length === 3) {
          controller.abort(new Error('stop'));
          throw new Error('aborted');
        }
        now += ms;
      },
    });
    expect(await main(['schedule', '--cron', '20 * * * *', ...q], scheduler)).toBe(0);
    // 10:19 → 10:20 (init: the full pipeline builds the base), 10:20 → 11:20 (the feed adds the song).
    expect(waits).toEqual([60_000, 3_600_000, 3_600_000]);
    expect(scheduler.out()).toContain('scheduler stopped after 2 runs');
    expect(scheduler.err()).toMatch(/^2026-01-01T10:20:00.000Z feed succeeded \(run [0-9a-f]{8}\); next 2026-01-01T11:20:00.000Z$/m);
    expect(status).toMatch(/^schedule: {2}20 \* \* \* \* \(UTC\) by pid \d+ on .+, next 2026-01-01T11:20:00.000Z; 1 run, last succeeded$/m);
    const runs = await new RunHistory(join(fixture.root, '.msr/history.jsonl')).list({ kind: 'feed' });
    expect(runs.map((r) => r.feed!.branch)).toEqual(['feed', 'init']);
    expect(runs[0]!.feed!.added).toBe(1);
    const after = io();
    expect(await main(['status', ...q], after)).toBe(0);
    expect(after.out()).toContain('schedule:  none in process');
  });

  it('names a bad cron field and the missing --cron, exit 2', async () => {
    const a = io();
    expect(await main(['schedule', '--cron', '61 * * * *', '--config', fixture.config], a)).toBe(2);
    expect(a.err()).toContain('minute field "61": values must be 0–59');
    const b = io();
    expect(await main(['schedule', '--config', fixture.config], b)).toBe(2);
    expect(b.err()).toContain('msr schedule needs --cron');
    const c = io();
    expect(await main(['schedule', '--remove', '--config', fixture.config], c)).toBe(2);
    expect(c.err()).toContain('needs --redis');
  });
});

describe('a second run waits for the first with --wait (issue 12, Airflow)', () => {
  it('msr repro --wait waits for the run lock instead of exit 3, then runs', async () => {
    const { hostname } = await import('node:os');
    const lock = join(fixture.root, '.msr/run.lock');
    await mkdir(join(fixture.root, '.msr'), { recursive: true });
    await writeFile(lock, JSON.stringify({ runId: 'other', pid: process.pid, host: hostname(), startedAt: Date.now(), heartbeatAt: Date.now() }));
    const busy = io();
    expect(await main(['repro', 'data_ingestion', '--config', fixture.config], busy)).toBe(3);
    const waiting = io();
    const done = main(['repro', 'data_ingestion', '--wait', '--config', fixture.config], waiting);
    const deadline = Date.now() + 10_000;
    while (!waiting.err().includes('waiting for run other') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(waiting.err()).toContain(`waiting for run other (pid ${process.pid} on ${hostname()}) to finish`);
    await rm(lock);
    expect(await done).toBe(0);
    expect(waiting.out()).toMatch(/^data_ingestion {2}ran/);
  });

  it('msr run --retry names a malformed policy, exit 2', async () => {
    const a = io();
    expect(await main(['run', '--retry', 'model_trainer=three', '--config', fixture.config], a)).toBe(2);
    expect(a.err()).toContain('--retry model_trainer=three: expected <stage|*>=<retries>');
    const b = io();
    expect(await main(['run', '--retry', 'trian=1', '--config', fixture.config], b)).toBe(2);
    expect(b.err()).toContain('options.stageRetries.trian.(stage): must be a stage name');
  });
});
