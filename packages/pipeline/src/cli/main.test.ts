import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pipelineRoot, type PipelineRoot } from '../pipeline/__fixtures__/pipeline-root.js';
import type { CliIo } from './cli-io.js';
import { main } from './main.js';

let fixture: PipelineRoot;
beforeEach(async () => {
  fixture = await pipelineRoot();
});
afterEach(async () => {
  await rm(fixture.root, { recursive: true, force: true });
});

function io(overrides: Partial<CliIo> = {}): CliIo & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: { write: (t: string) => (out += t) },
    stderr: { write: (t: string) => (err += t) },
    env: {},
    cwd: fixture.root,
    out: () => out,
    err: () => err,
    ...overrides,
  };
}

describe('msr CLI', () => {
  it('prints help for msr --help and each command, and exits 2 without a command', async () => {
    const a = io();
    expect(await main(['--help'], a)).toBe(0);
    expect(a.out()).toContain('Commands:');
    expect(a.out()).toContain('Exit codes: 0 ok, 1 failure, 2 bad input');
    const b = io();
    expect(await main(['repro', '--help'], b)).toBe(0);
    expect(b.out()).toContain('msr repro [stage…] [--force] [--dry]');
    expect(await main([], io())).toBe(2);
  });

  it('exits 2 on an unknown command or option, naming it', async () => {
    const a = io();
    expect(await main(['trian'], a)).toBe(2);
    expect(a.err()).toContain('unknown command "trian"');
    const b = io();
    expect(await main(['run', '--forse'], b)).toBe(2);
    expect(b.err()).toContain("Unknown option '--forse'");
  });

  it('runs the stages with progress on stderr and a summary on stdout, then skips them', async () => {
    const first = io();
    expect(await main(['stage', 'data_ingestion', '--config', fixture.config], first)).toBe(0);
    expect(first.err()).toContain('> data_ingestion: never run');
    expect(first.err()).toContain('songs base written: 300 songs');
    expect(first.out()).toMatch(/^data_ingestion {2}ran/);

    const json = io();
    expect(await main(['repro', 'data_transformation', '--config', fixture.config, '--json'], json)).toBe(0);
    expect(json.err()).toBe('');
    const result = JSON.parse(json.out());
    expect(result).toMatchObject({ ok: true, ran: ['data_validation', 'data_transformation'], skipped: ['data_ingestion'] });

    const status = io();
    expect(await main(['status', '--config', fixture.config, '--json'], status)).toBe(0);
    const state = JSON.parse(status.out());
    expect(state.runLock).toBeNull();
    expect(state.stages.map((s: { name: string; state: string }) => `${s.name}:${s.state}`).slice(0, 3)).toEqual(['data_ingestion:up-to-date', 'data_validation:up-to-date', 'data_transformation:up-to-date']);
    expect(state.runs).toHaveLength(2);
  });

  it('feeds songs from a CSV, reports growth and the archive, and shows what would run with repro --dry', async () => {
    expect(await main(['run', '--config', fixture.config, '-q'], io())).toBe(0);
    await mkdir(join(fixture.root, 'data/new'), { recursive: true });
    const row = (id: string, genre: string) => `${id},${genre},1,0.1,0.2,0.3,0,-7,0.05,0.5,100`;
    await writeFile(join(fixture.root, 'data/new/batch.csv'), ['uri,genre,key,acousticness,danceability,energy,instrumentalness,loudness,speechiness,valence,tempo', row('000000000000000000NEW1', 'jazz'), row('000000000000000000NEW2', 'rock'), row('short', 'rock')].join('\n') + '\n');
    const fed = io();
    expect(await main(['feed', '--config', fixture.config], fed)).toBe(0);
    expect(fed.out()).toContain('fed: +2 songs (0 known, 0 of other genres, 1 invalid)');
    expect(fed.out()).toMatch(/warning: .*batch\.csv:4: /);
    expect(fed.out()).toContain('base 300 → 302 songs, 0.7% since the last training; no retraining (threshold 5.0%)');
    expect(fed.out()).toMatch(/previous base archived to .*song_df_.*\.csv/);
    const dry = io();
    expect(await main(['repro', '--dry', '--config', fixture.config], dry)).toBe(0);
    expect(dry.out()).toMatch(/data_validation +would run: dep changed: .*song_df\.csv; upstream will run: data_ingestion\n/);
    const usage = io();
    expect(await main(['feed', '--threshold', 'lots', '--config', fixture.config], usage)).toBe(2);
    expect(usage.err()).toContain('--threshold: expected a fraction ≥ 0, got lots');
  });

  it('msr evaluate trains what is needed and prints accuracy and the per-genre report', async () => {
    const params = fixture.quickParams;
    const a = io();
    expect(await main(['evaluate', '--config', fixture.config, '--params', params, '-q'], a)).toBe(0);
    expect(a.out()).toMatch(/^accuracy +\d+\.\d% on 60 held-out songs; prediction \d+\.\d ms; run [0-9a-f]{32}\ngenre +precision +recall +f1 +support\nalternative /);
    // 30 songs a genre leave 6 held out: too few for 20-track playlists, and the report says so.
    expect(a.out().trim().split('\n')).toHaveLength(14);
    expect(a.out()).toMatch(/\nrecommender not evaluated: songs: needs at least 20 held-out recordings in each of two genres to build playlists \(alternative: 6, /);
    const b = io();
    expect(await main(['evaluate', '--config', fixture.config, '--params', params, '--json'], b)).toBe(0);
    expect(JSON.parse(b.out())).toMatchObject({ ok: true, ran: [], metrics: { testSize: 60, classes: expect.any(Array) } });
  });

  it('msr recommend answers for an MPD index and for track ids, and exits 2 on a bad reference', async () => {
    const params = fixture.quickParams;
    expect(await main(['run', '--config', fixture.config, '--params', params, '-q'], io())).toBe(0);
    const base = await readFile(join(fixture.root, 'data/raw/song_df.csv'), 'utf8');
    const jazz = base.split('\n').filter((l) => l.split(',')[1] === 'jazz').map((l) => l.split(',')[0]!);
    const mpd = { playlists: [{ pid: 0, name: 'jazz', num_tracks: 3, tracks: jazz.slice(0, 3).map((id, pos) => ({ pos, track_uri: `spotify:track:${id}`, track_name: `t${pos}`, artist_name: 'a' })) }] };
    await writeFile(join(fixture.root, 'data/raw/playlists.json'), JSON.stringify(mpd));

    const a = io();
    expect(await main(['recommend', '1', '--count', '5', '--config', fixture.config, '--params', params], a)).toBe(0);
    const lines = a.out().trim().split('\n');
    expect(lines[0]).toBe('playlist: 3 tracks with features');
    expect(lines[1]).toMatch(/^genre: jazz \(\d+%/);
    expect(lines.slice(2)).toHaveLength(5);
    // Each song as a person recognises it (the fixture dataset has names): title — artists · album, then the link.
    for (const line of lines.slice(2)) expect(line).toMatch(/^ {2}\d\. \S.* — .+ · .+ {2}\(jazz, cluster \d+, score [01]\.\d{3}\) {2}https:\/\/open\.spotify\.com\/track\/[0-9A-Za-z]{22}$/);
    expect(lines.slice(2).some((l) => jazz.slice(0, 3).some((id) => l.includes(id)))).toBe(false);

    const b = io();
    expect(await main(['recommend', jazz.slice(3, 5).join(','), '--json', '--config', fixture.config, '--params', params], b)).toBe(0);
    expect(JSON.parse(b.out())).toMatchObject({ ok: true, genre: 'jazz', usedTracks: 2, recommendations: expect.any(Array) });

    const c = io();
    expect(await main(['recommend', '7', '--config', fixture.config, '--params', params], c)).toBe(2);
    expect(c.err()).toMatch(/7/);
  });

  it('exits 2 with the file, key and line for a malformed config, and as JSON with --json', async () => {
    const params = join(fixture.root, 'params.yaml');
    await writeFile(params, 'GaussianMixture: [\n');
    const a = io();
    expect(await main(['run', '--params', params], a)).toBe(2);
    expect(a.err()).toContain(`${params}:`);
    const b = io();
    expect(await main(['run', '--params', params, '--json'], b)).toBe(2);
    expect(JSON.parse(b.out()).error).toMatchObject({ name: 'ConfigError', code: 'ERR_INVALID_CONFIG', issues: [expect.objectContaining({ file: params, line: expect.any(Number) })] });
  });

  it('exits 2 for invalid data (with the row), 3 while another run holds the lock', async () => {
    await writeFile(fixture.dataset, (await readFile(fixture.dataset, 'utf8')).replace(/\n5,(.*?),0\.\d+,/, (m) => m.replace(/,0\.\d+,$/, ',1.7,')));
    const bad = io();
    expect(await main(['repro', 'data_transformation', '--config', fixture.config, '--on-invalid', 'fail'], bad)).toBe(2);
    expect(bad.err()).toMatch(/has 1 invalid row \(policy fail[\s\S]*row \d+ \(line \d+\): \w+ 1\.7 is out of range/);

    await writeFile(join(fixture.root, '.msr/run.lock'), JSON.stringify({ runId: 'other', pid: process.pid, host: hostname(), startedAt: Date.now(), heartbeatAt: Date.now() }));
    const busy = io();
    expect(await main(['run', '--config', fixture.config], busy)).toBe(3);
    expect(busy.err()).toContain('run other (pid');
  });
});
