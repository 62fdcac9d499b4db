#!/usr/bin/env node
// The `msr` command as npm links it (node_modules/.bin/msr). Installed from the registry, or in
// a production install without dev dependencies, it runs the build, `dist/msr.js`. In a checkout
// of the repository — the package's real path outside any node_modules, its TypeScript source
// present and tsx installed — it runs the source, so `npx msr …` works without a build and never
// runs a stale one. Plain JavaScript, committed: npm links a bin only when its file exists at
// install time, and `dist/` does not exist before the first build.
import { spawn } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const pkg = realpathSync(fileURLToPath(new URL('..', import.meta.url)));
const source = `${pkg}/src/bin.ts`;
const built = `${pkg}/dist/msr.js`;

function tsxLoader() {
  try {
    return import.meta.resolve('tsx');
  } catch {
    return undefined;
  }
}

const tsx = !pkg.split(/[\\/]/).includes('node_modules') && existsSync(source) ? tsxLoader() : undefined;
if (tsx) {
  const child = spawn(process.execPath, ['--conditions=@msr/source', '--import', tsx, source, ...process.argv.slice(2)], { stdio: 'inherit' });
  // SIGINT from a terminal reaches the whole process group, the child included: forwarding it
  // would be a second Ctrl-C (which exits at once). Signals sent to this process alone are passed on.
  process.on('SIGINT', () => {});
  for (const signal of ['SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => {
    if (signal) process.kill(process.pid, signal);
    else process.exit(code ?? 1);
  });
} else if (existsSync(built)) {
  await import(new URL(`file://${built}`).href);
} else {
  process.stderr.write(`msr: ${built} is missing: build the package first (npm run build)\n`);
  process.exit(1);
}
