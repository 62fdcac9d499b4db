/**
 * The Dockerfile: hadolint finds nothing (an inline ignore needs a comment above it saying why),
 * and our own rules hold — pinned Debian-based Node 20 images, a build stage and a runtime stage
 * with production dependencies only, a non-root user, a HEALTHCHECK on /readyz, data in a volume,
 * SIGTERM as the stop signal — and `.dockerignore` keeps installs, builds, data and tests out.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, inject, it } from 'vitest';
import { runTool } from '../tools/python-tools.js';
import { dockerignore, healthcheckCommand, parseDockerfile, type Stage } from './dockerfile.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const TEXT = readFileSync(`${REPO}Dockerfile`, 'utf8');
const stages = parseDockerfile(TEXT);
const runtime = stages.at(-1)!;
const of = (stage: Stage, keyword: string) => stage.instructions.filter((i) => i.keyword === keyword);

describe('hadolint', () => {
  const { tools, skipReason } = inject('pythonTools');
  it.skipIf(!tools)(`reports nothing on the Dockerfile${skipReason ? ` (skipped: ${skipReason})` : ''}`, async () => {
    const result = await runTool(tools!.hadolint, ['--no-color', '--format', 'json', '--failure-threshold', 'style', 'Dockerfile']);
    expect(JSON.parse(result.stdout || '[]'), result.stderr).toEqual([]);
    expect(result.code).toBe(0);
  });

  it('every inline ignore is justified by a comment on the line above', () => {
    const lines = TEXT.split('\n');
    lines.forEach((line, i) => {
      if (!/#\s*hadolint\s+(global\s+)?ignore=/.test(line)) return;
      expect(lines[i - 1] ?? '', `Dockerfile:${i + 1}: say why above the ignore`).toMatch(/^\s*#\s*\S.{10,}/);
    });
  });

  it('would fail on a finding (an unpinned base image)', async () => {
    if (!tools) return;
    const result = await runTool(tools.hadolint, ['--no-color', '--format', 'json', '-'], { input: 'FROM node\nRUN apt-get install curl\n' });
    expect((JSON.parse(result.stdout) as { code: string }[]).map((f) => f.code)).toEqual(expect.arrayContaining(['DL3006', 'DL3008']));
  });
});

describe('our rules', () => {
  it('bases every stage on a pinned, Debian-based Node 20 image', () => {
    const external = stages.filter((s) => !stages.some((t) => t.name === s.image));
    expect(external.length).toBeGreaterThan(0);
    for (const stage of external) expect(stage.image).toMatch(/^node:20\.\d+\.\d+-(bookworm|bullseye|trixie)(-slim)?(@sha256:[0-9a-f]{64})?$/);
  });

  it('installs every dependency to build, and only production dependencies in the image it ships', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const build = stages.find((s) => of(s, 'RUN').some((r) => /^npm run build\b/.test(r.text)))!;
    expect(build).toBeDefined();
    expect(of(build, 'RUN').map((r) => r.text)).toEqual(expect.arrayContaining([expect.stringMatching(/^npm ci\b/), expect.stringMatching(/^npm run build\b/)]));
    const runs = of(runtime, 'RUN').map((r) => r.text);
    const installs = runs.flatMap((r) => r.split('&&').map((c) => c.trim())).filter((c) => /^npm (ci|install|i)\b/.test(c));
    expect(installs).toHaveLength(1);
    expect(installs[0]).toMatch(/^npm ci\b.*--omit=dev/);
    expect(runs.join(' ')).not.toMatch(/\b(tsx|tsup|typescript|npm run build)\b/);
    // From a stage that installed anything, compiled output only: never its node_modules (dev
    // dependencies). Other stages it copies from install nothing.
    for (const copy of of(runtime, 'COPY').filter((c) => c.flags['from'])) {
      const from = stages.find((s) => s.name === copy.flags['from'])!;
      if (of(from, 'RUN').length === 0) continue;
      expect(copy.args.slice(0, -1).every((src) => /\/dist\/?$/.test(src)), `line ${copy.line}`).toBe(true);
    }
  });

  it('runs as a non-root user, set after the last RUN', () => {
    const users = of(runtime, 'USER');
    expect(users.length).toBeGreaterThan(0);
    const user = users.at(-1)!;
    expect(user.args[0]).not.toMatch(/^(root|0)(:|$)/);
    const lastRun = of(runtime, 'RUN').at(-1)!;
    expect(user.line).toBeGreaterThan(lastRun.line);
  });

  it('checks health on /readyz with the compiled health check, keeps data in a volume, stops on SIGTERM', () => {
    const health = of(runtime, 'HEALTHCHECK');
    expect(health).toHaveLength(1);
    const command = healthcheckCommand(health[0]!);
    expect(command.slice(0, 2)).toEqual(['node', 'examples/server/dist/healthcheck.js']);
    expect(readFileSync(`${REPO}examples/server/src/healthcheck.ts`, 'utf8')).toContain('/readyz');
    expect(of(runtime, 'VOLUME').flatMap((v) => v.args)).toContain('/app/data');
    expect(of(runtime, 'WORKDIR').at(-1)?.args[0]).toBe('/app');
    const stop = of(runtime, 'STOPSIGNAL').at(-1)?.args[0] ?? 'SIGTERM';
    expect(stop).toBe('SIGTERM');
    expect(of(runtime, 'CMD').at(-1)?.args).toEqual(['node', 'examples/server/dist/main.js']);
  });
});

describe('.dockerignore', () => {
  const ignored = dockerignore(readFileSync(`${REPO}.dockerignore`, 'utf8'));
  it('keeps installs, builds, data, caches and tests out of the context', () => {
    for (const path of [
      'node_modules/hono/package.json',
      'packages/core/node_modules/x/index.js',
      'packages/core/dist/index.js',
      'examples/server/dist/main.js',
      'data/msr-server.db',
      '.cache/mlflow-venv/bin/python',
      '.git/HEAD',
      '.env',
      'packages/core/src/recommend/recommend.test.ts',
      'packages/pipeline/src/pipeline/__fixtures__/pipeline-root.ts',
      'examples/server/test/routes.test.ts',
      'examples/server/src/test-doubles/scripted-retrain-worker.ts',
      'fixtures/dataset.csv',
    ]) {
      expect(ignored(path), path).toBe(true);
    }
  });
  it('lets in what the image is built from', () => {
    for (const path of ['package.json', 'package-lock.json', 'packages/core/src/index.ts', 'packages/pipeline/config/params.yaml', 'packages/pipeline/bin/msr.js', 'examples/server/src/main.ts', 'examples/server/assets/app.css', 'fixtures/dataset.zip']) {
      expect(ignored(path), path).toBe(false);
    }
  });
});
