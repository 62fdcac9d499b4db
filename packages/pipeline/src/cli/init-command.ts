import { isAbsolute, join, resolve } from 'node:path';
import { readFile } from 'node:fs/promises';
import { parseDocument, Scalar, YAMLSeq } from 'yaml';
import { ConfigurationManager, DEFAULT_N_COMPONENTS } from '../config/configuration-manager.js';
import { describeSelection, type GenreSelection } from '../dataset/select-genres.js';
import { PipelineError } from '../errors/pipeline-error.js';
import { writeFileAtomic } from '../fs/atomic-write.js';
import { pathBelow } from '../fs/path-below.js';
import { pathExists } from '../fs/path-exists.js';
import type { Command } from './commands.js';
import { pipelineOptions } from './pipeline-options.js';

/**
 * The starter `config.yaml`: the given one (or the shipped one) with `source_URL` set to the
 * dataset and the chosen genres listed, each with its recordings as a comment, and the genres
 * left out as a comment, so a user sees what the defaults chose and edits it.
 */
export function starterConfig(text: string, selection: GenreSelection, source: string): string {
  const doc = parseDocument(text);
  doc.setIn(['data_ingestion', 'source_URL'], source);
  const list = new YAMLSeq();
  for (const genre of selection.genres) {
    const item = new Scalar(genre);
    const n = selection.recordings?.[genre];
    if (n !== undefined) item.comment = ` ${n} recordings`;
    list.items.push(item);
  }
  const left = selection.leftOut ?? [];
  if (left.length > 0) list.comment = ` left out: ${left.map((l) => `${l.genre} (${l.reason})`).join(', ')}`;
  doc.setIn(['data_transformation', 'genres'], list);
  return doc.toString({ lineWidth: 0 });
}

/** The starter `params.yaml`: one `n_components` entry per genre, named in a comment. */
export function starterParams(text: string, genres: readonly string[]): string {
  const doc = parseDocument(text);
  if (doc.getIn(['GaussianMixture', 'n_components_range']) !== undefined) return doc.toString({ lineWidth: 0 });
  const fallback = Number(doc.getIn(['GaussianMixture', 'default_n_components']) ?? DEFAULT_N_COMPONENTS);
  const given = doc.getIn(['GaussianMixture', 'n_components']);
  const counts = given instanceof YAMLSeq && given.items.length === genres.length ? given.items.map((i) => Number(i instanceof Scalar ? i.value : i)) : genres.map(() => fallback);
  const list = new YAMLSeq();
  genres.forEach((genre, i) => {
    const item = new Scalar(counts[i]);
    item.comment = ` ${genre}`;
    list.items.push(item);
  });
  doc.setIn(['GaussianMixture', 'n_components'], list);
  doc.deleteIn(['GaussianMixture', 'default_n_components']);
  return doc.toString({ lineWidth: 0 });
}

/** `msr init`: writes a starter config.yaml and params.yaml for a dataset. */
export const initCommand: Command = {
  name: 'init',
  summary: 'write a starter config.yaml and params.yaml for a dataset (genres and counts from the data)',
  help: `msr init --source <dataset> [--out <dir>] [--genres a,b,c] [--force]

Reads the dataset, chooses the genres as \`msr run\` would (every genre with at least
data_transformation.min_recordings recordings, or --genres) and writes config.yaml and
params.yaml — the genres listed with their recordings, one n_components entry per genre — so
you can see and edit what the defaults chose. Then: msr run --config config.yaml --params params.yaml
  --out <dir>   where to write them (default: the root)
  --force       replace existing files`,
  options: { out: { type: 'string' }, force: { type: 'boolean' } },
  run: async (args, io) => {
    const options = pipelineOptions(args, io);
    const manager = await ConfigurationManager.load({ ...options, createDirectories: false });
    // The dataset could not be surveyed: say why rather than write an empty genre list.
    if (manager.genreSelection.deferred) throw manager.genreSelection.deferred;
    const out = typeof args.values.out === 'string' ? (isAbsolute(args.values.out) ? args.values.out : resolve(io.cwd, args.values.out)) : manager.rootDir;
    const targets = { config: join(out, 'config.yaml'), params: join(out, 'params.yaml') };
    if (args.values.force !== true) {
      for (const file of Object.values(targets)) {
        if (await pathExists(file)) throw new PipelineError('ERR_FILE_EXISTS', `${file} exists; pass --force to replace it`, { badInput: true });
      }
    }
    const source = options.sourceUrl ?? manager.raw.config.data_ingestion.source_URL;
    // Relative to the root when the dataset lies under it, so the pair moves together.
    const shown = /^[a-z][a-z0-9+.-]*:\/\//i.test(source) ? source : shortPath(manager.rootDir, manager.path(source));
    const selection = manager.genreSelection;
    const config = starterConfig(await readFile(manager.files.config, 'utf8'), selection, shown);
    const params = starterParams(await readFile(manager.files.params, 'utf8'), selection.genres);
    await writeFileAtomic(targets.config, config);
    await writeFileAtomic(targets.params, params);
    return {
      text: [describeSelection(selection), `wrote ${targets.config}`, `wrote ${targets.params}`, `next: msr run --config ${shortPath(io.cwd, targets.config)} --params ${shortPath(io.cwd, targets.params)}`].join('\n'),
      json: { ok: true, genres: selection, files: targets },
    };
  },
};

/** `path` relative to `cwd` when it lies under it, else absolute. */
function shortPath(cwd: string, path: string): string {
  return pathBelow(cwd, path) ?? path;
}
