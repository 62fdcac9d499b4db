import { isDeepStrictEqual } from 'node:util';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, GAUSSIAN_MIXTURE_PARAMETERS, paramsFileSchema, type ParamsFile } from '@msr/core';
import { writeFileAtomic } from '@msr/io/fs';
import { checkSelectedCounts, ConfigurationManager, defaultConfigDir, parseConfigFile, parseConfigSet, type ConfigText, type GenreSelection } from '@msr/pipeline';
import { stringify as stringifyYaml, parse as parseYaml } from 'yaml';
import type { ParamsValidation } from '../services/params-store.js';
import { ParamsFileError, YamlParamsStore, zodParamsValidator } from '../services/yaml-params-store.js';
import { pipelineOptionsOf, type PipelineJobSettings } from './pipeline-job.js';

/** The pipeline files the params are checked against: its `config.yaml` (genres) and `schema.yaml`. */
export interface PipelineConfigTexts {
  config: ConfigText;
  schema: ConfigText;
  /** The `params.yaml` shipped with `@msr/pipeline`, as text. */
  shippedParams: ConfigText;
}

/** Reads `config.yaml` (the given one or the shipped one) and the shipped `schema.yaml` and `params.yaml`. */
export function readPipelineConfigTexts(configPath?: string): PipelineConfigTexts {
  const shipped = defaultConfigDir();
  const read = (file: string): ConfigText => {
    try {
      return { file, text: readFileSync(file, 'utf8') };
    } catch (cause) {
      throw new ParamsFileError(`cannot read the pipeline configuration ${file}: ${(cause as Error).message}`, { cause });
    }
  };
  return { config: read(configPath ?? join(shipped, 'config.yaml')), schema: read(join(shipped, 'schema.yaml')), shippedParams: read(join(shipped, 'params.yaml')) };
}

const shapeOf = zodParamsValidator(paramsFileSchema);

/** Options of {@link pipelineParamsValidator} and {@link createPipelineParamsStore}. */
export interface PipelineParamsOptions {
  /**
   * The genres the pipeline trains on when config.yaml names none (chosen from the data:
   * {@link pipelineGenreSelection}); `n_components` must then list one count per genre of it.
   * A function is asked at each check: the data's genres change when a retrain brings a new one.
   * @default config.yaml's list only
   */
  genres?: GenreSelection | (() => GenreSelection | undefined) | undefined;
}

/**
 * Validates model parameters exactly as the pipeline will: the shape with `@msr/core`'s
 * `paramsFileSchema`, then the whole set with `parseConfigSet`, which checks one
 * `GaussianMixture.n_components` entry per genre of `config.yaml`, then — when config.yaml
 * names no genres — one per genre of the data (`options.genres`), as the pipeline's load does.
 */
export function pipelineParamsValidator(texts: Pick<PipelineConfigTexts, 'config' | 'schema'>, options: PipelineParamsOptions = {}): (input: unknown) => ParamsValidation<ParamsFile> {
  const genresNow = typeof options.genres === 'function' ? options.genres : () => options.genres as GenreSelection | undefined;
  return (input) => {
    const genres = genresNow();
    const shape = shapeOf(input);
    if (!shape.ok) return shape;
    const set = parseConfigSet({ config: texts.config, params: { file: 'params.yaml', text: stringifyYaml(shape.value) }, schema: texts.schema });
    if (!set.ok) return { ok: false, issues: set.issues.map((i) => ({ path: i.path, message: i.message })) };
    // Data that could not be surveyed has no genres to count against; the pipeline says why when it runs.
    const wrongCount = genres && !genres.deferred ? checkSelectedCounts(set.value.params, 'params.yaml', genres) : [];
    if (wrongCount.length > 0) return { ok: false, issues: wrongCount.map((i) => ({ path: i.path, message: i.message })) };
    return { ok: true, value: set.value.params };
  };
}

/**
 * The genres the pipeline of these settings trains on, as its load chooses them (config.yaml's
 * list, else the data's genres with enough recordings), read with the shipped `params.yaml` so
 * the server's own parameters do not get in the way.
 */
export async function pipelineGenreSelection(settings: PipelineJobSettings, texts: Pick<PipelineConfigTexts, 'shippedParams'>): Promise<GenreSelection> {
  const options = pipelineOptionsOf(settings);
  const manager = await ConfigurationManager.load({ ...options, files: { ...options.files, params: texts.shippedParams.file }, createDirectories: false });
  return manager.genreSelection;
}

/**
 * The genres of `config.yaml`, in order (what `n_components` is indexed by); none when the genres
 * come from the data. Parsed with the pipeline's own `parseConfigFile`, so a `config.yaml` the
 * pipeline would refuse is refused here, at start-up, with the same issues (`ConfigError`).
 */
export function pipelineGenres(texts: Pick<PipelineConfigTexts, 'config'>): string[] {
  const parsed = parseConfigFile(texts.config.text, texts.config.file);
  if (!parsed.ok) throw new ConfigError(parsed.issues);
  return [...(parsed.value.data_transformation.genres ?? [])];
}

/**
 * The parameters a new server starts with: the shipped `params.yaml`, with one `n_components`
 * entry per configured genre (the shipped value of the first genre, when the configured genre
 * list differs in length from the shipped one).
 */
export function defaultPipelineParams(texts: PipelineConfigTexts): ParamsFile {
  const shipped = paramsFileSchema.parse(parseYaml(texts.shippedParams.text));
  const genres = pipelineGenres(texts);
  const counts = shipped.GaussianMixture.n_components;
  if (genres.length === 0 || genres.length === counts?.length) return shipped;
  // One entry per configured genre, so the admin form edits each; the shipped params.yaml has
  // no list (every genre gets default_n_components, genres may come from the data).
  const { default_n_components: fallback, covariance_type, ...rest } = shipped.GaussianMixture;
  return { ...shipped, GaussianMixture: { covariance_type, n_components: genres.map((_, i) => counts?.[i] ?? counts?.[0] ?? fallback ?? GAUSSIAN_MIXTURE_PARAMETERS.nComponents.perGenre.default), ...rest } };
}

/**
 * The server's params store: `path` (never the shipped file), created with
 * {@link defaultPipelineParams} when missing, validated by {@link pipelineParamsValidator}.
 * The shipped file's text is copied as is when it fits, so its comments survive.
 */
export async function createPipelineParamsStore(path: string, texts: PipelineConfigTexts, options: PipelineParamsOptions = {}): Promise<YamlParamsStore<ParamsFile>> {
  const validate = pipelineParamsValidator(texts, options);
  const defaults = defaultPipelineParams(texts);
  if (!existsSync(path)) {
    const shipped: unknown = parseYaml(texts.shippedParams.text);
    const shippedFits = validate(shipped).ok && isDeepStrictEqual(shipped, defaults);
    const header = '# Model parameters of the msr server, edited from its admin pages (created from the defaults shipped with @msr/pipeline).\n';
    await writeFileAtomic(path, header + (shippedFits ? texts.shippedParams.text : stringifyYaml(defaults)));
  }
  return new YamlParamsStore<ParamsFile>({ path, validate, defaults });
}
