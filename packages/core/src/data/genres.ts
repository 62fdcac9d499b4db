/**
 * The ten genres of the original configuration (`config.yaml` → `data_transformation.genres`),
 * sorted, which is also the label-encoding order.
 */
export const SEED_GENRES = [
  'alternative',
  'classical',
  'country',
  'edm',
  'hip-hop',
  'jazz',
  'latin',
  'pop',
  'r-n-b',
  'rock',
] as const;

/**
 * A genre label. Any non-empty string is allowed (users configure their own genre lists);
 * {@link SEED_GENRES} are the defaults.
 */
export type Genre = string;
