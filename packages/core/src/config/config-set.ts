import { configFileSchema, type ConfigFile } from './config-file.js';
import type { ConfigIssue, ConfigResult } from './config-issue.js';
import { paramsFileSchema, type ParamsFile } from './params-file.js';
import { locate, readYaml, validateYaml, type YamlSource } from './parse-yaml.js';
import { schemaFileSchema, type SchemaFile } from './schema-file.js';

/** The text of one configuration file and the name to report it under. */
export interface ConfigText {
  /** File name or path used in messages. */
  file: string;
  /** The YAML text. */
  text: string;
}

/** The three configuration files of a pipeline, parsed. */
export interface ConfigSet {
  config: ConfigFile;
  params: ParamsFile;
  schema: SchemaFile;
}

/**
 * Parses `config.yaml`, `params.yaml` and `schema.yaml` together and checks them against each
 * other: one `n_components` entry per configured genre. Returns every problem of all three.
 *
 * @example
 * ```ts
 * const result = parseConfigSet({ config: { file, text }, params: { file, text }, schema: { file, text } });
 * if (!result.ok) throw new ConfigError(result.issues);
 * ```
 */
export function parseConfigSet(texts: { config: ConfigText; params: ConfigText; schema: ConfigText }): ConfigResult<ConfigSet> {
  const issues: ConfigIssue[] = [];
  const parse = <T>(input: ConfigText, schema: Parameters<typeof validateYaml>[1]): { value?: T; source?: YamlSource } => {
    const read = readYaml(input.text, input.file);
    if (!read.ok) {
      issues.push(...read.issues);
      return {};
    }
    const result = validateYaml(read.value, schema);
    if (!result.ok) {
      issues.push(...result.issues);
      return { source: read.value };
    }
    return { value: result.value as T, source: read.value };
  };

  const config = parse<ConfigFile>(texts.config, configFileSchema);
  const params = parse<ParamsFile>(texts.params, paramsFileSchema);
  const schema = parse<SchemaFile>(texts.schema, schemaFileSchema);

  if (config.value && params.value && params.source) {
    const genres = config.value.data_transformation.genres;
    const counts = params.value.GaussianMixture.n_components;
    // Without a genre list the genres come from the data; the pipeline checks the count then.
    if (genres && counts && counts.length !== genres.length) {
      const path = ['GaussianMixture', 'n_components'];
      issues.push({
        file: params.source.file,
        path,
        ...locate(params.source, path),
        message: `lists ${counts.length} component counts but ${texts.config.file} lists ${genres.length} genres; give one per genre, in the same order`,
        code: 'length_mismatch',
      });
    }
  }
  if (issues.length > 0 || !config.value || !params.value || !schema.value) return { ok: false, issues };
  return { ok: true, value: { config: config.value, params: params.value, schema: schema.value } };
}
