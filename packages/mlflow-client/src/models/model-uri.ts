import { MlflowValidationError } from '../errors/mlflow-error.js';

/** A parsed model URI. */
export type ModelUri =
  | { readonly kind: 'run'; readonly runId: string; readonly path: string }
  | { readonly kind: 'logged-model'; readonly modelId: string }
  | { readonly kind: 'alias'; readonly name: string; readonly alias: string }
  | { readonly kind: 'version'; readonly name: string; readonly version: string };

/**
 * Parses `runs:/<run id>/<path>`, `models:/<model id>` (MLflow 3.x logged model, `m-…`),
 * `models:/<name>@<alias>` and `models:/<name>/<version>`.
 * @throws {@link MlflowValidationError} for anything else.
 */
export function parseModelUri(uri: string): ModelUri {
  const run = /^runs:\/+([^/]+)\/(.+)$/.exec(uri);
  if (run) return { kind: 'run', runId: run[1] as string, path: (run[2] as string).replace(/\/+$/, '') };
  const models = /^models:\/+(.+)$/.exec(uri);
  if (models) {
    const rest = (models[1] as string).replace(/\/+$/, '');
    const at = rest.lastIndexOf('@');
    if (at > 0) return { kind: 'alias', name: rest.slice(0, at), alias: rest.slice(at + 1) };
    const slash = rest.lastIndexOf('/');
    if (slash > 0 && /^\d+$/.test(rest.slice(slash + 1))) return { kind: 'version', name: rest.slice(0, slash), version: rest.slice(slash + 1) };
    if (/^m-[0-9a-f]+$/.test(rest)) return { kind: 'logged-model', modelId: rest };
  }
  throw new MlflowValidationError(
    'uri',
    'runs:/<run id>/<path>, models:/<model id>, models:/<name>@<alias> or models:/<name>/<version>',
    `got ${JSON.stringify(uri)}`,
  );
}
