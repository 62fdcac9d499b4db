/**
 * `npm start -w @msr/example-server`: the deployment entry run through npm. npm runs a workspace's
 * scripts in the workspace's folder (`examples/server`), but the configuration's relative paths
 * (`data/…`, `fixtures/…`, `file:` database URLs, `MSR_CONFIG`) mean the folder the command was
 * typed in — the repository root, as the guides show it. npm names that folder in `INIT_CWD` (it
 * sets it afresh on every invocation), so this entry moves there before loading `main.ts`.
 * `node examples/server/dist/main.js` and `node … src/main.ts` need no such step: their working
 * directory is already the one they were started in.
 */
process.chdir(process.env['INIT_CWD'] ?? process.cwd());
await import('./main.js');

// A module (for the top-level await), with nothing to export.
export {};
