/**
 * `.github/workflows/ci.yml` does what `.ci/run` does: the same project commands (every `npm …`
 * line, in the same order), `MSR_CI=1` for both, and the same system tools installed (Chromium,
 * redis-server, Python with venv). The workflow adds only caching around them.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const script = readFileSync(`${REPO}.ci/run`, 'utf8');
const workflow = parse(readFileSync(`${REPO}.github/workflows/ci.yml`, 'utf8')) as {
  env?: Record<string, string>;
  jobs: Record<string, { container?: string; steps: { uses?: string; run?: string; with?: Record<string, string> }[] }>;
};
const steps = Object.values(workflow.jobs).flatMap((j) => j.steps);
const runLines = steps.flatMap((s) => (s.run ?? '').split('\n').map((l) => l.trim()));

/** The project's commands: lines that run npm (not inside an echo or a comment). */
const npmCommands = (lines: string[]): string[] => lines.map((l) => l.trim()).filter((l) => /^npm\s/.test(l));

describe('ci.yml and .ci/run', () => {
  it('run the same npm commands in the same order, the README test command among them', () => {
    const fromScript = npmCommands(script.split('\n'));
    expect(fromScript).toContain('npm test');
    expect(npmCommands(runLines)).toEqual(fromScript);
  });

  it('turn skips of required services into failures (MSR_CI=1)', () => {
    expect(script).toMatch(/^export MSR_CI=1$/m);
    expect(workflow.env?.['MSR_CI']).toBe('1');
  });

  it('install the same system tools, from Debian, on the Node 20 image the Dockerfile builds on', () => {
    for (const tool of ['chromium', 'redis-server', 'python3-venv']) {
      expect(script, tool).toMatch(new RegExp(`apt-get install[^\\n]*\\b${tool}\\b`));
      expect(runLines.join('\n'), tool).toMatch(new RegExp(`apt-get install[^\\n]*\\b${tool}\\b`));
    }
    const image = readFileSync(`${REPO}Dockerfile`, 'utf8').match(/^FROM node:(20\.\d+\.\d+)-(\w+)/m)!;
    expect(Object.values(workflow.jobs).map((j) => j.container)).toEqual([`node:${image[1]}-${image[2]}`]);
  });

  it('cache npm, pip and the test venvs, keyed by the files they are installed from', () => {
    const cache = (path: string) => steps.find((s) => s.uses?.startsWith('actions/cache@') && s.with?.['path'] === path)?.with?.['key'] ?? '';
    expect(cache('~/.npm')).toContain("hashFiles('package-lock.json')");
    for (const file of ['packages/mlflow-client/test/mlflow-server/requirements-*.txt', 'test/tools/requirements-tools.txt']) {
      expect(cache('~/.cache/pip'), file).toContain(file);
      expect(cache('.cache'), file).toContain(file);
    }
  });
});
