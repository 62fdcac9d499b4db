/**
 * Start-up with a data folder the server cannot write (issue 16, item 12): `src/main.ts` as a
 * real process says so in one line on stderr and exits 2 — no `LibsqlError` stack. Run as an
 * unprivileged user when the tests run as root (root writes through file modes).
 */
import { spawn } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const NOBODY = 65_534;
const dirs: string[] = [];
afterEach(() => {
  while (dirs.length) rmSync(dirs.pop()!, { recursive: true, force: true });
});

async function runMain(env: Record<string, string>): Promise<{ code: number | null; stderr: string; stdout: string }> {
  const asRoot = process.getuid?.() === 0;
  const child = spawn(process.execPath, ['--conditions=@msr/source', '--import', import.meta.resolve('tsx'), MAIN], {
    env: { ...process.env, HOME: tmpdir(), MSR_PORT: '0', MSR_SCHEDULER: 'false', ...env },
    cwd: tmpdir(),
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(asRoot ? { uid: NOBODY, gid: NOBODY } : {}),
  });
  const out = { stdout: '', stderr: '' };
  child.stdout.on('data', (d: Buffer) => (out.stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out.stderr += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { code, ...out };
}

/** A folder the unprivileged user may enter and read but not write. */
function readOnlyFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'msr-readonly-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'data'));
  return dir;
}

describe('start-up on a read-only data folder', () => {
  it('a folder it cannot write: one clear line, exit 2', async () => {
    const dir = readOnlyFolder();
    chmodSync(join(dir, 'data'), 0o555);
    chmodSync(dir, 0o755);
    const { code, stderr, stdout } = await runMain({ MSR_DATABASE_URL: `file:${join(dir, 'data', 'msr.db')}` });
    expect(code, stderr + stdout).toBe(2);
    const lines = stderr.trim().split('\n');
    expect(lines, stderr).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^msr: cannot open the database ${join(dir, 'data', 'msr.db')} for writing: its folder ${join(dir, 'data')} is read-only for this process.*\\[ERR_DATA_DIR_READ_ONLY\\]$`));
    expect(stderr).not.toMatch(/LibsqlError|ConnectionFailed|\n\s+at /);
  });

  it('a database file it cannot write: one clear line, exit 2', async () => {
    const dir = readOnlyFolder();
    writeFileSync(join(dir, 'data', 'msr.db'), '');
    chmodSync(join(dir, 'data', 'msr.db'), 0o444);
    chmodSync(join(dir, 'data'), 0o777);
    chmodSync(dir, 0o755);
    const { code, stderr } = await runMain({ MSR_DATABASE_URL: `file:${join(dir, 'data', 'msr.db')}` });
    expect(code, stderr).toBe(2);
    expect(stderr.trim().split('\n'), stderr).toHaveLength(1);
    expect(stderr).toMatch(/^msr: cannot open the database .* for writing: the file is read-only for this process.*\[ERR_DATA_DIR_READ_ONLY\]\n$/);
  });
});

describe('start-up on a port another program holds', () => {
  it('one line naming MSR_PORT, exit 2, no stack (issue 15)', async () => {
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const port = (holder.address() as AddressInfo).port;
    const dir = mkdtempSync(join(tmpdir(), 'msr-busy-port-'));
    dirs.push(dir);
    chmodSync(dir, 0o777);
    try {
      const { code, stderr, stdout } = await runMain({
        MSR_PORT: String(port),
        MSR_DATABASE_URL: `file:${join(dir, 'msr.db')}`,
        MSR_PARAMS_PATH: join(dir, 'params.yaml'),
        MSR_PIPELINE_ROOT: join(dir, 'pipeline'),
      });
      expect(code, stderr + stdout).toBe(2);
      expect(stderr.trim().split('\n'), stderr).toHaveLength(1);
      expect(stderr).toMatch(new RegExp(`^msr: port ${port} on 127\\.0\\.0\\.1 is already in use .*MSR_PORT.* \\[ERR_PORT_IN_USE\\]\\n$`));
      expect(stderr).not.toMatch(/EADDRINUSE|\n\s+at /);
    } finally {
      holder.close();
    }
  });
});

describe('start-up with Spotify sign-in but no key for the tokens', () => {
  it('refuses in one line naming the setting, exit 2, before opening anything', async () => {
    const dir = readOnlyFolder();
    const { code, stderr } = await runMain({ MSR_DATABASE_URL: `file:${join(dir, 'data', 'msr.db')}`, MSR_SPOTIFY_SIGN_IN: 'true', MSR_SPOTIFY_CLIENT_ID: 'my-app' });
    expect(code, stderr).toBe(2);
    expect(stderr.trim().split('\n'), stderr).toHaveLength(1);
    expect(stderr).toMatch(/^msr: spotify\.signIn from environment variable MSR_SPOTIFY_SIGN_IN: Spotify sign-in needs tokenKey \(MSR_SPOTIFY_TOKEN_KEY\) to encrypt the stored tokens: .*\[ERR_CONFIG\]\n$/);
  });
});
