import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createMlflowClient, MlflowHttpError, type MlflowAuth } from '@msr/mlflow-client';
import { writeFileAtomic } from '../fs/atomic-write.js';
import { PipelineError } from '../errors/pipeline-error.js';

/**
 * A content-addressed store of stage outputs shared by every worker: blobs named by the SHA-256
 * of their bytes. Stages on different machines exchange files only through it — a worker
 * uploads what a stage wrote and downloads what the next one reads, never relying on its own
 * disk — and a blob, once written, never changes, so concurrent writers of one blob agree.
 */
export interface ArtifactStore {
  /** Where the blobs live (a folder or a URL), for messages. */
  readonly location: string;
  /** Stores the file at `path` under `hash` (the SHA-256 of its bytes); a blob already there is kept. */
  put(hash: string, path: string): Promise<void>;
  /**
   * Writes the blob `hash` to `path` atomically, after checking its bytes hash to `hash`.
   * @throws {@link PipelineError} `ERR_ARTIFACT_MISSING` when there is no such blob, `ERR_ARTIFACT_CORRUPT` when its bytes do not match.
   */
  get(hash: string, path: string): Promise<void>;
  /** Where the blob `hash` is, for messages and records. */
  describe(hash: string): string;
}

const HASH = /^[0-9a-f]{64}$/;

function checkHash(hash: string): void {
  if (!HASH.test(hash)) throw new PipelineError('ERR_INVALID_ARGUMENT', `artifact hash: expected 64 lower-case hex digits, got ${JSON.stringify(hash)}`, { badInput: true });
}

/** The blob's relative name: `sha256/ab/abcdef…` (a fan-out level keeps folders small). */
function blobName(hash: string): string {
  return `sha256/${hash.slice(0, 2)}/${hash}`;
}

async function writeVerified(hash: string, bytes: Uint8Array, path: string, where: string): Promise<void> {
  const actual = createHash('sha256').update(bytes).digest('hex');
  if (actual !== hash) throw new PipelineError('ERR_ARTIFACT_CORRUPT', `${where}: the blob's bytes hash to ${actual}, not ${hash}`);
  await writeFileAtomic(path, bytes);
}

/**
 * An {@link ArtifactStore} in a folder every worker mounts (NFS, a shared volume):
 * `<dir>/sha256/ab/<hash>`, each blob written to a temporary file and renamed into place.
 *
 * @example
 * ```ts
 * const artifacts = directoryArtifactStore('/mnt/msr-artifacts');
 * ```
 */
export function directoryArtifactStore(dir: string): ArtifactStore {
  const where = (hash: string): string => join(dir, ...blobName(hash).split('/'));
  return {
    location: dir,
    describe: where,
    async put(hash, path) {
      checkHash(hash);
      try {
        await stat(where(hash));
        return;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
      await writeFileAtomic(where(hash), await readFile(path));
    },
    async get(hash, path) {
      checkHash(hash);
      let bytes: Uint8Array;
      try {
        bytes = await readFile(where(hash));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new PipelineError('ERR_ARTIFACT_MISSING', `${where(hash)}: no such blob in the artifact store`);
        throw error;
      }
      await writeVerified(hash, bytes, path, where(hash));
    },
  };
}

/** Options of {@link mlflowArtifactStore}. */
export interface MlflowArtifactStoreOptions {
  /** The tracking server, `http(s)://…`; it must proxy artifacts (MLflow's default `--serve-artifacts`). */
  trackingUri: string;
  /** Basic or bearer auth. */
  auth?: MlflowAuth;
  /** The fetch implementation. @default globalThis.fetch */
  fetch?: typeof globalThis.fetch;
  /** The folder of the server's artifact root that holds the blobs. @default 'msr-cas' */
  root?: string;
}

/**
 * An {@link ArtifactStore} in an MLflow tracking server's artifact store, through its proxy
 * (`/api/2.0/mlflow-artifacts/artifacts/<root>/sha256/ab/<hash>`): the workers need nothing but
 * the tracking server they already use. Blobs are read and written whole, in memory.
 *
 * @example
 * ```ts
 * const artifacts = mlflowArtifactStore({ trackingUri: 'http://mlflow.internal:5000' });
 * ```
 */
export function mlflowArtifactStore(options: MlflowArtifactStoreOptions): ArtifactStore {
  if (!/^https?:\/\//i.test(options.trackingUri)) throw new PipelineError('ERR_INVALID_ARGUMENT', `options.trackingUri: expected an http(s):// MLflow server, got ${JSON.stringify(options.trackingUri)}`, { badInput: true });
  const client = createMlflowClient({ trackingUri: options.trackingUri, ...(options.auth ? { auth: options.auth } : {}), ...(options.fetch ? { fetch: options.fetch } : {}) });
  const root = `mlflow-artifacts:/${(options.root ?? 'msr-cas').replace(/^\/+|\/+$/g, '')}`;
  const describe = (hash: string): string => `${root}/${blobName(hash)}`;
  return {
    location: `${options.trackingUri.replace(/\/+$/, '')} (${root})`,
    describe,
    async put(hash, path) {
      checkHash(hash);
      await client.artifacts.putBytes(root, blobName(hash), await readFile(path));
    },
    async get(hash, path) {
      checkHash(hash);
      let bytes: Uint8Array;
      try {
        bytes = await client.artifacts.read(root, blobName(hash));
      } catch (error) {
        if (error instanceof MlflowHttpError && error.status === 404) throw new PipelineError('ERR_ARTIFACT_MISSING', `${describe(hash)}: no such blob in the artifact store`, { cause: error });
        throw error;
      }
      await writeVerified(hash, bytes, path, describe(hash));
    },
  };
}
