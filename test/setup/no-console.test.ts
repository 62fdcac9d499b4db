import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = new URL('../../', import.meta.url).pathname;

describe('the no-console setup', () => {
  it('fails a test that writes to the console unless it called allowConsole()', async () => {
    // A child vitest on a fixture file, so the failure it must produce doesn't fail this run.
    const result = await run(
      process.execPath,
      [
        'node_modules/vitest/vitest.mjs', 'run', '--root', '.', '--config', 'test/setup/__fixtures__/console/vitest.config.ts',
        '--reporter', 'json',
      ],
      { cwd: root, env: { ...process.env, NO_COLOR: '1' } },
    ).then(
      (r) => r.stdout,
      (error: { stdout: string }) => error.stdout,
    );
    const report = JSON.parse(result.slice(result.indexOf('{'))) as {
      testResults: { assertionResults: { title: string; status: string; failureMessages: string[] }[] }[];
    };
    const byTitle = Object.fromEntries(report.testResults.flatMap((f) => f.assertionResults).map((a) => [a.title, a]));
    expect(byTitle['prints without asking']!.status).toBe('failed');
    expect(byTitle['prints without asking']!.failureMessages.join('\n')).toContain('console.log: unexpected output');
    expect(byTitle['prints after allowConsole()']!.status).toBe('passed');
    expect(byTitle['stays quiet']!.status).toBe('passed');
  }, 60_000);
});
