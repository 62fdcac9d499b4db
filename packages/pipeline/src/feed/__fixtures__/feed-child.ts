/**
 * Child process for the "no song lost" property test: one feed that retrains (threshold 0),
 * killed by the parent with SIGKILL at a random moment — while collecting, archiving, writing
 * the base, training, or after it finished.
 * argv: <root> <drop folder>
 */
import { join } from 'node:path';
import { dropFolderFeed } from '../drop-folder-feed.js';
import { runFeed } from '../run-feed.js';

const [root, drop] = process.argv.slice(2) as [string, string];
await runFeed({ rootDir: root, files: { config: join(root, 'config.yaml') }, source: dropFolderFeed({ folder: drop, perGenre: 5 }), threshold: 0, tracker: null });
