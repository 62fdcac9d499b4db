import { randomUUID } from 'node:crypto';
import { readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { MlflowLocalStoreError } from '../../errors/mlflow-error.js';
import { writeFileAtomic } from '@msr/io/fs';
import { validateName } from '../../validation/validate.js';
import type { ModelVersion, RegisteredModel } from '../../wire/registry.js';
import { readYaml, writeYaml } from './yaml-file.js';

async function listNames(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir, { withFileTypes: true })).filter((e) => e.isFile()).map((e) => e.name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/**
 * The model registry in MLflow's file layout: `mlruns/models/<name>/meta.yaml`,
 * `version-<n>/meta.yaml`, `aliases/<alias>` (holding the version) and `tags/<key>`.
 */
export class LocalRegistry {
  readonly #root: string;
  readonly #now: () => number;

  constructor(mlrunsDir: string, now: () => number) {
    this.#root = join(mlrunsDir, 'models');
    this.#now = now;
  }

  #modelDir(name: string): string {
    validateName('name', name);
    return join(this.#root, name);
  }

  async getModel(name: string): Promise<RegisteredModel | undefined> {
    const dir = this.#modelDir(name);
    const meta = await readYaml(join(dir, 'meta.yaml'));
    if (!meta) return undefined;
    const aliases: Record<string, string> = {};
    for (const alias of await listNames(join(dir, 'aliases'))) {
      aliases[alias] = (await readFile(join(dir, 'aliases', alias), 'utf8')).trim();
    }
    return {
      name,
      description: typeof meta['description'] === 'string' ? meta['description'] : '',
      creationTimestamp: Number(meta['creation_timestamp']),
      lastUpdatedTimestamp: Number(meta['last_updated_timestamp']),
      aliases,
      tags: await this.#tags(join(dir, 'tags')),
      latestVersions: [],
    };
  }

  /** The names of every registered model. */
  async listModels(): Promise<string[]> {
    try {
      const entries = await readdir(this.#root, { withFileTypes: true });
      const names: string[] = [];
      for (const e of entries) if (e.isDirectory() && (await readYaml(join(this.#root, e.name, 'meta.yaml')))) names.push(e.name);
      return names.sort();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
  }

  /** Every version of registered model `name`, oldest first. */
  async listVersions(name: string): Promise<ModelVersion[]> {
    const numbers = (await readdir(this.#modelDir(name)).catch(() => [] as string[]))
      .map((d) => /^version-(\d+)$/.exec(d)?.[1])
      .filter((v): v is string => v !== undefined)
      .sort((a, b) => Number(a) - Number(b));
    return Promise.all(numbers.map((v) => this.getVersion(name, v)));
  }

  async getOrCreateModel(name: string): Promise<RegisteredModel> {
    const existing = await this.getModel(name);
    if (existing) return existing;
    const now = this.#now();
    await writeYaml(join(this.#modelDir(name), 'meta.yaml'), {
      creation_timestamp: now,
      description: null,
      last_updated_timestamp: now,
      name,
    });
    return (await this.getModel(name)) as RegisteredModel;
  }

  async createVersion(name: string, init: { source: string; runId?: string; modelId?: string }): Promise<ModelVersion> {
    await this.getOrCreateModel(name);
    const dir = this.#modelDir(name);
    const now = this.#now();
    // The number is taken by renaming a whole version folder into place: the rename fails on a
    // folder another writer (another call, another process on this folder) landed first, and
    // this one moves to the next number — no version is overwritten, and a listing never meets
    // a version folder without its meta.yaml. The temp name does not match `version-<n>`.
    const temp = join(dir, `.new-version-${randomUUID()}`);
    try {
      let version = (await this.#highestVersion(dir)) + 1;
      for (;;) {
        await writeYaml(join(temp, 'meta.yaml'), {
          creation_timestamp: now,
          current_stage: 'None',
          description: null,
          last_updated_timestamp: now,
          model_id: init.modelId ?? null,
          name,
          run_id: init.runId ?? null,
          run_link: null,
          source: init.source,
          status: 'READY',
          status_message: null,
          storage_location: init.source,
          user_id: null,
          version,
        });
        try {
          await rename(temp, join(dir, `version-${version}`));
          return await this.getVersion(name, String(version));
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw error;
          version = Math.max(version, await this.#highestVersion(dir)) + 1;
        }
      }
    } finally {
      await rm(temp, { recursive: true, force: true });
    }
  }

  async #highestVersion(dir: string): Promise<number> {
    const numbers = (await readdir(dir)).map((d) => /^version-(\d+)$/.exec(d)?.[1]).filter((v): v is string => v !== undefined);
    return numbers.reduce((max, v) => Math.max(max, Number(v)), 0);
  }

  async getVersion(name: string, version: string): Promise<ModelVersion> {
    const dir = join(this.#modelDir(name), `version-${version}`);
    const meta = await readYaml(join(dir, 'meta.yaml'));
    if (!meta) throw new MlflowLocalStoreError('RESOURCE_DOES_NOT_EXIST', `model version ${name}/${version} does not exist`, dir);
    const model = await this.getModel(name);
    const str = (k: string) => (typeof meta[k] === 'string' && meta[k] !== '' ? (meta[k] as string) : undefined);
    return {
      name,
      version,
      source: str('source') ?? '',
      runId: str('run_id'),
      modelId: str('model_id'),
      status: str('status') ?? 'READY',
      description: str('description') ?? '',
      creationTimestamp: Number(meta['creation_timestamp']),
      lastUpdatedTimestamp: Number(meta['last_updated_timestamp']),
      aliases: Object.entries(model?.aliases ?? {})
        .filter(([, v]) => v === version)
        .map(([a]) => a),
      tags: await this.#tags(join(dir, 'tags')),
    };
  }

  async setAlias(name: string, alias: string, version: string): Promise<void> {
    validateName('alias', alias, 'alias');
    await this.getVersion(name, version);
    await writeFileAtomic(join(this.#modelDir(name), 'aliases', alias), version);
  }

  async deleteAlias(name: string, alias: string): Promise<void> {
    validateName('alias', alias, 'alias');
    await rm(join(this.#modelDir(name), 'aliases', alias), { force: true });
  }

  async getVersionByAlias(name: string, alias: string): Promise<ModelVersion | undefined> {
    const model = await this.getModel(name);
    const version = model?.aliases[alias];
    return version === undefined ? undefined : this.getVersion(name, version);
  }

  async #tags(dir: string): Promise<Record<string, string>> {
    const tags: Record<string, string> = {};
    for (const key of await listNames(dir)) tags[key] = await readFile(join(dir, key), 'utf8');
    return tags;
  }
}
