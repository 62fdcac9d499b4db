/** `src/models-cli.ts` as a real process on a server database (issue 16, item 4: operators promote and roll back). */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate, openDatabase } from '../src/db/database.js';
import { ModelRegistry } from '../src/services/model-registry.js';
import { FakeClock } from './support/fake-clock.js';

const CLI = fileURLToPath(new URL('../src/models-cli.ts', import.meta.url));
const dirs: string[] = [];
afterEach(() => {
  while (dirs.length) rmSync(dirs.pop()!, { recursive: true, force: true });
});

describe('models-cli', () => {
  it('lists the registry, promotes a version and rolls back, for every instance on the database', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'msr-models-cli-'));
    dirs.push(dir);
    const url = `file:${join(dir, 'server.db')}`;
    const db = await openDatabase({ url });
    await migrate(db);
    const registry = new ModelRegistry({ db, clock: new FakeClock(), dir: join(dir, 'models') });
    const versions: string[] = [];
    for (const n of [1, 2]) {
      writeFileSync(join(dir, `b${n}.json`), `{"bundle":${n}}`);
      versions.push(await registry.register(join(dir, `b${n}.json`), `job ${n}`));
    }
    await registry.promote(versions[0]!, 'startup');
    const run = (...args: string[]) =>
      spawnSync(process.execPath, ['--conditions=@msr/source', '--import', import.meta.resolve('tsx'), CLI, ...args], {
        env: { ...process.env, MSR_DATABASE_URL: url, MSR_PIPELINE_ROOT: join(dir, 'pipeline') },
        encoding: 'utf8',
      });
    const list = run('list');
    expect(list.status, list.stderr).toBe(0);
    expect(list.stdout).toMatch(new RegExp(`^\\* ${versions[0]} .* job 1$`, 'm'));
    expect(run('promote', versions[1]!).stdout).toBe(`champion → ${versions[1]}\n`);
    expect(await registry.resolve()).toBe(versions[1]);
    expect(run('rollback').stdout).toBe(`champion → ${versions[0]} (rolled back)\n`);
    expect(await registry.resolve()).toBe(versions[0]);
    const unknown = run('promote', 'nope');
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toBe('msr: no model version "nope" in the registry (see GET /api/admin/models) [ERR_MODEL_VERSION_NOT_FOUND]\n');
    expect(run().status).toBe(2);
    expect((await registry.history())[0]?.setBy).toMatch(/^cli:/);
    db.close();
  }, 60_000);
});
