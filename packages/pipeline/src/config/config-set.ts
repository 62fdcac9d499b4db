import { paramsFileSchema, type ConfigIssue, type ConfigResult, type ParamsFile } from '@msr/core';
import { MSR_STAGES } from '../pipeline/pipeline-stages.js';
import type { AnyPipelineStage } from '../stages/stage.js';
import { configFileSchema, type ConfigFile } from './config-file.js';
import { checkComponentCounts } from './consistency.js';
import { parseYamlFile, readYaml, validateYaml, type YamlSource } from './parse-yaml.js';
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

/** Options of {@link parseConfigSet}. */
export interface ParseConfigSetOptions {
  /** The stages whose keys `config.yaml` may hold. @default MSR_STAGES */
  stages?: readonly AnyPipelineStage[];
}

/**
 * Parses `config.yaml` alone against the keys the stages declare: the typed file, or every
 * problem with its key path and line. (The path checks across keys need the root:
 * `ConfigurationManager.load` makes them.)
 *
 * @example
 * ```ts
 * const result = parseConfigFile(text, 'config.yaml');
 * const genres = result.ok ? result.value.data_transformation.genres : undefined;
 * ```
 */
export function parseConfigFile(text: string, file: string, options: ParseConfigSetOptions = {}): ConfigResult<ConfigFile> {
  return parseYamlFile(text, file, configFileSchema(options.stages ?? MSR_STAGES)) as ConfigResult<ConfigFile>;
}

/**
 * Parses `config.yaml`, `params.yaml` and `schema.yaml` together — `config.yaml` against the
 * keys the stages declare — and checks them against each other (`consistency.ts`: one
 * `n_components` entry per configured genre). Returns every problem of all three, each with its
 * file, key path and line.
 *
 * @example
 * ```ts
 * const result = parseConfigSet({ config: { file, text }, params: { file, text }, schema: { file, text } });
 * if (!result.ok) throw new ConfigError(result.issues);
 * const genres = result.value.config.data_transformation.genres;
 * ```
 */
export function parseConfigSet(texts: { config: ConfigText; params: ConfigText; schema: ConfigText }, options: ParseConfigSetOptions = {}): ConfigResult<ConfigSet> {
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

  const config = parse<ConfigFile>(texts.config, configFileSchema(options.stages ?? MSR_STAGES));
  const params = parse<ParamsFile>(texts.params, paramsFileSchema);
  const schema = parse<SchemaFile>(texts.schema, schemaFileSchema);

  if (config.value && params.value && params.source) issues.push(...checkComponentCounts(params.value, params.source, config.value.data_transformation?.genres, texts.config.file));
  if (issues.length > 0 || !config.value || !params.value || !schema.value) return { ok: false, issues };
  return { ok: true, value: { config: config.value, params: params.value, schema: schema.value } };
}
