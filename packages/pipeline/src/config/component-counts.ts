import type { ConfigIssue, ParamsFile } from '@msr/core';
import type { GenreSelection } from '../dataset/select-genres.js';

/**
 * The problem with `GaussianMixture.n_components` when its list does not hold one count per
 * genre the pipeline trains on (genres given by `--genres` or chosen from the data; config.yaml's
 * own list is checked with the file). The pipeline's load and the server's params check both ask
 * this, so a list of the wrong length is refused before any stage runs.
 */
export function componentCountIssue(params: ParamsFile, selection: GenreSelection, file: string): ConfigIssue | undefined {
  const counts = params.GaussianMixture.n_components;
  if (!counts || selection.from === 'config' || counts.length === selection.genres.length) return undefined;
  const where = selection.from === 'option' ? '--genres names' : `the data gives (genres with ≥ ${selection.minRecordings} recordings)`;
  return {
    file,
    path: ['GaussianMixture', 'n_components'],
    message: `lists ${counts.length} component counts but ${where} ${selection.genres.length} genres (${selection.genres.join(', ')}); give one per genre in that order, or remove n_components so each genre gets default_n_components`,
    code: 'length_mismatch',
  };
}
