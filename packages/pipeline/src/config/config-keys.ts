import { z } from 'zod';

/** A path key of `config.yaml` (relative paths resolve against the pipeline's root). */
export const configPath = z.string().min(1, 'must be a non-empty path');

/** A list of genres: non-empty names, at least one, none repeated. */
export const genreListSchema = z
  .array(z.string().min(1, 'a genre must not be empty'))
  .min(1, 'must list at least one genre')
  .refine((genres) => new Set(genres).size === genres.length, 'must not repeat a genre');
