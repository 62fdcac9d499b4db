import { parse, stringify } from 'yaml';
import { MlflowError } from '../errors/mlflow-error.js';

/** One column of a model signature, as MLflow's `ColSpec`. */
export interface ColumnSpec {
  /** Column name; omit for unnamed tensors. */
  readonly name?: string;
  /** MLflow data type: `double`, `float`, `long`, `integer`, `string`, `boolean`, `binary`, `datetime`. */
  readonly type: 'double' | 'float' | 'long' | 'integer' | 'string' | 'boolean' | 'binary' | 'datetime';
  /** @default true */
  readonly required?: boolean;
}

/** A model signature: what the model takes and returns. */
export interface ModelSignature {
  readonly inputs: readonly ColumnSpec[];
  readonly outputs?: readonly ColumnSpec[];
}

/** The content of an `MLmodel` file, camel-cased. */
export interface MLmodel {
  /** 2.x: the path inside the run's artifacts; 3.x: the logged model's artifact URI. */
  readonly artifactPath: string;
  /** Flavor name → its settings; ours is `msr`. */
  readonly flavors: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly runId: string | undefined;
  readonly modelUuid: string | undefined;
  /** MLflow 3.x logged model id. */
  readonly modelId: string | undefined;
  /** `YYYY-MM-DD HH:MM:SS.ffffff` in UTC, as MLflow writes it. */
  readonly utcTimeCreated: string | undefined;
  readonly signature: ModelSignature | undefined;
}

/** The name of our own flavor in `MLmodel`. */
export const MSR_FLAVOR = 'msr';

/** MLflow's `utc_time_created` format: `2026-01-31 12:00:00.000000`. */
export function mlflowUtcTime(ms: number): string {
  return `${new Date(ms).toISOString().replace('T', ' ').replace('Z', '')}000`;
}

/** The wire dictionary of an `MLmodel` (snake_case, signature columns as JSON strings). */
export function mlmodelToDict(model: MLmodel): Record<string, unknown> {
  const dict: Record<string, unknown> = {
    artifact_path: model.artifactPath,
    flavors: model.flavors,
  };
  if (model.modelId !== undefined) dict['model_id'] = model.modelId;
  if (model.modelUuid !== undefined) dict['model_uuid'] = model.modelUuid;
  if (model.runId !== undefined) dict['run_id'] = model.runId;
  if (model.signature !== undefined) {
    const cols = (specs: readonly ColumnSpec[]) => JSON.stringify(specs.map((c) => ({ type: c.type, ...(c.name !== undefined ? { name: c.name } : {}), required: c.required ?? true })));
    dict['signature'] = {
      inputs: cols(model.signature.inputs),
      outputs: model.signature.outputs ? cols(model.signature.outputs) : null,
      params: null,
    };
  }
  if (model.utcTimeCreated !== undefined) dict['utc_time_created'] = model.utcTimeCreated;
  return dict;
}

/** Serialises an `MLmodel` file as YAML. */
export function stringifyMLmodel(model: MLmodel): string {
  return stringify(mlmodelToDict(model), { lineWidth: 0 });
}

/** Parses an `MLmodel` file. `file` names it in errors. */
export function parseMLmodel(text: string, file = 'MLmodel'): MLmodel {
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (cause) {
    throw new MlflowError('ERR_BAD_MLMODEL', `${file}: not YAML`, { cause });
  }
  if (!raw || typeof raw !== 'object') throw new MlflowError('ERR_BAD_MLMODEL', `${file}: not a mapping`);
  const d = raw as Record<string, unknown>;
  const flavors = d['flavors'];
  if (!flavors || typeof flavors !== 'object') throw new MlflowError('ERR_BAD_MLMODEL', `${file}: flavors is missing`);
  const str = (k: string) => (typeof d[k] === 'string' ? (d[k] as string) : undefined);
  const sig = d['signature'] as Record<string, unknown> | undefined | null;
  const cols = (v: unknown): ColumnSpec[] | undefined => (typeof v === 'string' ? (JSON.parse(v) as ColumnSpec[]) : undefined);
  const inputs = sig ? cols(sig['inputs']) : undefined;
  const outputs = sig ? cols(sig['outputs']) : undefined;
  return {
    artifactPath: str('artifact_path') ?? '',
    flavors: flavors as Record<string, Record<string, unknown>>,
    runId: str('run_id'),
    modelUuid: str('model_uuid'),
    modelId: str('model_id'),
    utcTimeCreated: str('utc_time_created'),
    signature: inputs ? { inputs, ...(outputs ? { outputs } : {}) } : undefined,
  };
}
