import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The directory of the default `config.yaml`, `params.yaml` and `schema.yaml` shipped with
 * `@msr/pipeline` (see docs/decisions/0003-config-location.md). Found relative to this module,
 * from `src/config/` when run from source and from `dist/` when built.
 */
export function defaultConfigDir(): string {
  for (const candidate of ['../../config/', '../config/']) {
    const dir = fileURLToPath(new URL(candidate, import.meta.url));
    if (existsSync(`${dir}config.yaml`)) return dir;
  }
  throw new Error('@msr/pipeline: its default config directory is missing from the installation');
}
