/**
 * `npm run fixtures`: regenerates the committed fixtures under `fixtures/` (deterministic: the
 * same seed gives the same bytes). `--check` regenerates in memory and fails if any committed
 * file differs; `--out DIR` and `--seed N` write elsewhere or from another seed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FIXTURE_FILES, FIXTURE_SEED, buildFixtures, generateFixtures, type FixtureManifest } from './fixtures/generate.js';

const FIXTURES_DIR = fileURLToPath(new URL('../fixtures/', import.meta.url));

function option(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  if (i < 0) return undefined;
  const value = argv[i + 1];
  if (value === undefined || value.startsWith('--')) throw new Error(`${name} needs a value`);
  return value;
}

function summary(m: FixtureManifest): string {
  const d = m.dataset;
  return [
    `dataset.csv: ${d.rows} rows (${Object.entries(d.rowsByKind).map(([k, n]) => `${k} ${n}`).join(', ')})`,
    `  ingestion keeps ${d.ingested.total}: ${Object.entries(d.ingested.byGenre).map(([g, n]) => `${g} ${n}`).join(', ')}`,
    `playlists.json: ${m.playlists.count} playlists, ${m.playlists.trackEntries} entries (${m.playlists.unknownTrackEntries} not in the dataset)`,
  ].join('\n');
}

function main(argv: string[]): number {
  const seed = Number(option(argv, '--seed') ?? FIXTURE_SEED);
  if (!Number.isInteger(seed)) throw new Error('--seed must be an integer');
  if (argv.includes('--check')) {
    const { files } = buildFixtures(seed);
    const stale = FIXTURE_FILES.filter((name) => {
      const path = resolve(FIXTURES_DIR, name);
      return !existsSync(path) || !Buffer.from(files[name]).equals(readFileSync(path));
    });
    if (stale.length > 0) {
      process.stderr.write(`fixtures differ from a fresh generation: ${stale.join(', ')} (run npm run fixtures)\n`);
      return 1;
    }
    process.stdout.write(`fixtures are up to date (${FIXTURE_FILES.join(', ')})\n`);
    return 0;
  }
  const out = resolve(option(argv, '--out') ?? FIXTURES_DIR);
  const manifest = generateFixtures(out, seed);
  process.stdout.write(`wrote ${out}\n${summary(manifest)}\n`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
