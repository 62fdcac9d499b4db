import type { ConfigIssue, ParamsFile } from '@msr/core';
import { dirname, resolve } from 'node:path';
import type { GenreSelection } from '../dataset/select-genres.js';
import type { ConfigFile } from './config-file.js';
import { locate, readYaml, type YamlSource } from './parse-yaml.js';

// Every check across keys and files — config.yaml against itself, params.yaml against the genres
// of config.yaml, of --genres or of the data — lives here; the files' own shapes are checked by
// their schemas.

/**
 * `params.yaml`'s `GaussianMixture.n_components` against `config.yaml`'s genre list: one count
 * per genre. Without a genre list the genres come from the data, checked by
 * {@link checkSelectedCounts} once chosen.
 */
export function checkComponentCounts(params: ParamsFile, paramsSource: YamlSource, genres: readonly string[] | undefined, configFile: string): ConfigIssue[] {
  const counts = params.GaussianMixture.n_components;
  if (!genres || !counts || counts.length === genres.length) return [];
  const path = ['GaussianMixture', 'n_components'];
  return [
    {
      file: paramsSource.file,
      path,
      ...locate(paramsSource, path),
      message: `lists ${counts.length} component counts but ${configFile} lists ${genres.length} genres; give one per genre, in the same order`,
      code: 'length_mismatch',
    },
  ];
}

/** `n_components` against the genres chosen by `--genres` or from the data. */
export function checkSelectedCounts(params: ParamsFile, paramsFile: string, selection: GenreSelection): ConfigIssue[] {
  const counts = params.GaussianMixture.n_components;
  if (!counts || selection.from === 'config' || counts.length === selection.genres.length) return [];
  const where = selection.from === 'option' ? '--genres names' : `the data gives (genres with ≥ ${selection.minRecordings} recordings)`;
  return [
    {
      file: paramsFile,
      path: ['GaussianMixture', 'n_components'],
      message: `lists ${counts.length} component counts but ${where} ${selection.genres.length} genres (${selection.genres.join(', ')}); give one per genre in that order, or remove n_components so each genre gets default_n_components`,
      code: 'length_mismatch',
    },
  ];
}

/**
 * Checks that the keys of `config.yaml` naming the same file agree, since the original named
 * the songs base, the catalogs and the model twice: `data_validation.unzip_dir` and
 * `data_transformation.data_path`; `data_transformation.reco_dir` and the directory of
 * `unsmodel_fit.features_path_prefix`; `model_evaluation.model_path` and
 * `model_trainer.root_dir`/`model_name`.
 */
export function checkConsistency(config: Partial<ConfigFile>, file: string, text: string, rootDir: string): ConfigIssue[] {
  const at = (...p: string[]) => resolve(rootDir, ...p);
  const issues: ConfigIssue[] = [];
  const read = readYaml(text, file);
  const add = (path: string[], message: string): void => {
    issues.push({ file, path, ...(read.ok ? locate(read.value, path) : {}), message, code: 'inconsistent_paths' });
  };
  const { data_validation: validation, data_transformation: transformation, unsmodel_fit: clustering, model_evaluation: evaluation, model_trainer: trainer } = config;
  if (validation && transformation && at(validation.unzip_dir) !== at(transformation.data_path)) {
    add(['data_transformation', 'data_path'], `names ${transformation.data_path} but data_validation.unzip_dir names ${validation.unzip_dir}; both are the songs base`);
  }
  if (transformation && clustering && at(transformation.reco_dir) !== dirname(at(clustering.features_path_prefix + 'x'))) {
    add(['unsmodel_fit', 'features_path_prefix'], `is outside data_transformation.reco_dir (${transformation.reco_dir}), where the catalogs are written`);
  }
  if (evaluation && trainer && at(evaluation.model_path) !== at(trainer.root_dir, trainer.model_name)) {
    add(['model_evaluation', 'model_path'], `names ${evaluation.model_path} but the trainer writes ${trainer.root_dir}/${trainer.model_name}`);
  }
  return issues;
}
