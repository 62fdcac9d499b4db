/**
 * The operator's promotion commands, on the server's database (`MSR_DATABASE_URL`, as the
 * server reads it): every instance serves what `champion` points to within
 * `models.checkSeconds`.
 *
 *   node --conditions=@msr/source --import tsx examples/server/src/models-cli.ts list
 *   node --conditions=@msr/source --import tsx examples/server/src/models-cli.ts promote <version>
 *   node --conditions=@msr/source --import tsx examples/server/src/models-cli.ts rollback
 *
 * Exit codes: 0 done, 1 refused (unknown version, nothing to roll back), 2 usage or configuration.
 */
import { readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { systemClock } from './clock.js';
import { loadServerConfig } from './config/config.js';
import { migrate, openDatabase } from './db/database.js';
import { ServerError } from './http/errors.js';
import { pipelineJobSettingsOf } from './adapters/pipeline-job.js';
import { exitOnStartupFailure } from './process-signals.js';
import { ModelRegistry } from './services/model-registry.js';

const [command, version] = process.argv.slice(2);
const usage = 'usage: models-cli.ts list | promote <version> | rollback';
if (!command || !['list', 'promote', 'rollback'].includes(command) || (command === 'promote' && !version)) {
  process.stderr.write(`${usage}\n`);
  process.exit(2);
}
try {
  const config = loadServerConfig({ env: process.env, readFile: (path) => readFileSync(path, 'utf8') });
  const db = await openDatabase({ url: config.database.url, ...(config.database.authToken ? { authToken: config.database.authToken } : {}) });
  await migrate(db);
  const registry = new ModelRegistry({ db, clock: systemClock, dir: join(dirname(pipelineJobSettingsOf(config).rootDir), 'models') });
  const by = `cli:${userInfo().username}`;
  try {
    if (command === 'promote') {
      await registry.promote(version!, by);
      process.stdout.write(`champion → ${version}\n`);
    } else if (command === 'rollback') {
      process.stdout.write(`champion → ${await registry.rollback(by)} (rolled back)\n`);
    } else {
      const champion = await registry.resolve();
      for (const v of await registry.versions()) {
        process.stdout.write(`${v.version === champion ? '*' : ' '} ${v.version}  ${new Date(v.createdAt).toISOString()}  ${v.source}\n`);
      }
    }
  } catch (error) {
    if (!(error instanceof ServerError)) throw error;
    process.stderr.write(`msr: ${error.message} [${error.code}]\n`);
    process.exitCode = 1;
  } finally {
    db.close();
  }
} catch (error) {
  exitOnStartupFailure(error);
}
