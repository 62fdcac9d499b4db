import { z } from 'zod';
import { PipelineError } from '../errors/pipeline-error.js';
import type { MSR_STAGES } from '../pipeline/pipeline-stages.js';
import type { AnyPipelineStage, SectionValues } from '../stages/stage.js';

/**
 * The parsed `config.yaml` of a stage list: every key its stages declare, section by section
 * (the intersection of the stages' {@link SectionValues}).
 */
export type ConfigFileOf<L extends readonly AnyPipelineStage[]> = { [I in keyof L]: (sections: SectionValues<L[I]['sections']>) => void }[number] extends (sections: infer S) => void ? S : never;

/**
 * The parsed `config.yaml` of the msr pipeline: where each stage reads and writes, and the genre
 * list. The keys are the original project's, so its users can bring their file unchanged;
 * relative paths resolve against the pipeline's root. Each key is declared by one stage
 * definition (`stages/*-stage.ts`).
 */
export type ConfigFile = ConfigFileOf<typeof MSR_STAGES>;

/**
 * The schema of `config.yaml` for a stage list: each section a strict object of the keys the
 * stages declare in it (an unknown key is refused with its name).
 *
 * @throws `PipelineError` `ERR_STAGE_DEFINITION` when two stages declare the same key.
 */
export function configFileSchema(stages: readonly AnyPipelineStage[]): z.ZodType<Record<string, Record<string, unknown>>> {
  const sections = new Map<string, Record<string, z.ZodType>>();
  const owners = new Map<string, string>();
  for (const stage of stages) {
    for (const [section, shape] of Object.entries(stage.sections)) {
      const keys = sections.get(section) ?? {};
      for (const [key, schema] of Object.entries(shape)) {
        const owner = owners.get(`${section}.${key}`);
        if (owner !== undefined) throw new PipelineError('ERR_STAGE_DEFINITION', `stages "${owner}" and "${stage.name}" both declare config.yaml's ${section}.${key}; a key belongs to one stage`);
        owners.set(`${section}.${key}`, stage.name);
        keys[key] = schema as z.ZodType;
      }
      sections.set(section, keys);
    }
  }
  return z.strictObject(Object.fromEntries([...sections].map(([section, keys]) => [section, z.strictObject(keys)])));
}

/** The keys `stage` declares, picked from a parsed `config.yaml`. */
export function sectionsOf<S extends AnyPipelineStage>(config: Readonly<Record<string, unknown>>, stage: S): SectionValues<S['sections']> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const [section, shape] of Object.entries(stage.sections)) {
    const values = (config[section] ?? {}) as Record<string, unknown>;
    out[section] = Object.fromEntries(Object.keys(shape).filter((key) => values[key] !== undefined).map((key) => [key, values[key]]));
  }
  return out as SectionValues<S['sections']>;
}
