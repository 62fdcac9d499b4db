import { readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { MlflowError, MlflowValidationError } from '../errors/mlflow-error.js';
import { writeStreamAtomic } from '@msr/io/fs';
import { walkFiles } from '../fs/walk-files.js';
import { ENDPOINTS } from '../http/endpoints.js';
import type { Transport } from '../http/transport.js';
import { validateRunId } from '../validation/validate.js';
import { listArtifactsResponse, type FileInfo } from '../wire/artifact.js';
import { collectPages } from '../wire/paginate.js';
import { emptyResponse } from '../wire/run.js';
import type { CallOptions } from './experiments-api.js';

/**
 * Maps an artifact URI of a proxied server (`mlflow-artifacts:/1/<run>/artifacts`, or
 * `mlflow-artifacts://host:port/…`) to the path below `/api/2.0/mlflow-artifacts/artifacts/`.
 * @throws {@link MlflowError} `ERR_UNSUPPORTED_ARTIFACT_URI` for other schemes (`s3://`, `file://`):
 * those stores are not reachable through the server.
 */
export function proxyPath(artifactUri: string): string {
  const match = /^mlflow-artifacts:(?:\/\/[^/]*)?\/?(.*)$/.exec(artifactUri);
  if (!match) {
    throw new MlflowError(
      'ERR_UNSUPPORTED_ARTIFACT_URI',
      `artifact URI ${artifactUri} is not served by the tracking server's artifact proxy (start the server with --serve-artifacts / --artifacts-destination)`,
    );
  }
  return (match[1] ?? '').replace(/\/+$/, '');
}

function joinPath(...parts: (string | undefined)[]): string {
  return parts
    .filter((p): p is string => p !== undefined && p !== '')
    .map((p) => p.replace(/^\/+|\/+$/g, ''))
    .filter((p) => p !== '')
    .join('/');
}

function checkArtifactPath(argument: string, path: string | undefined): void {
  if (path === undefined || path === '') return;
  if (path.startsWith('/') || path.split('/').some((s) => s === '..' || s === '.')) {
    throw new MlflowValidationError(argument, 'artifact path is relative with no "." or ".." segment', JSON.stringify(path));
  }
}

/** Artifacts through the server's proxy (`/api/2.0/mlflow-artifacts/artifacts/…`). */
export class ArtifactsApi {
  readonly #t: Transport;
  readonly #runRoots = new Map<string, string>();
  readonly #runRoot: (runId: string, options: CallOptions) => Promise<string>;

  /** `runRoot` resolves a run id to its artifact URI (cached). */
  constructor(transport: Transport, runRoot: (runId: string, options: CallOptions) => Promise<string>) {
    this.#t = transport;
    this.#runRoot = runRoot;
  }

  async #root(runId: string, options: CallOptions): Promise<string> {
    validateRunId('runId', runId);
    let root = this.#runRoots.get(runId);
    if (root === undefined) {
      root = await this.#runRoot(runId, options);
      this.#runRoots.set(runId, root);
    }
    return root;
  }

  /**
   * Uploads a file or a whole directory below `artifactUri` (e.g. a logged model's root), at
   * `artifactPath` inside it. Returns the uploaded paths relative to `artifactUri`.
   */
  async uploadTo(artifactUri: string, localPath: string, artifactPath?: string, options: CallOptions = {}): Promise<string[]> {
    checkArtifactPath('artifactPath', artifactPath);
    proxyPath(artifactUri);
    const info = await stat(localPath);
    const files = info.isDirectory()
      ? (await walkFiles(localPath)).map((rel) => ({ local: join(localPath, rel), remote: joinPath(artifactPath, rel) }))
      : [{ local: localPath, remote: joinPath(artifactPath, basename(localPath)) }];
    // A few uploads in flight: faster than one by one, gentle on the server.
    const queue = [...files];
    const worker = async () => {
      for (let f = queue.shift(); f; f = queue.shift()) {
        await this.putBytes(artifactUri, f.remote, await readFile(f.local), options);
      }
    };
    await Promise.all(Array.from({ length: Math.min(4, files.length) }, worker));
    return files.map((f) => f.remote);
  }

  /** Writes `bytes` as the file `path` below `artifactUri`. */
  async putBytes(artifactUri: string, path: string, bytes: Uint8Array, options: CallOptions = {}): Promise<void> {
    checkArtifactPath('path', path);
    await this.#t.json(
      ENDPOINTS.uploadArtifact,
      {
        pathParams: { path: joinPath(proxyPath(artifactUri), path) },
        body: { bytes },
        headers: { 'content-type': 'application/octet-stream' },
        signal: options.signal,
      },
      emptyResponse,
    );
  }

  /** Uploads a file or directory into a run's artifacts. */
  async upload(runId: string, localPath: string, artifactPath?: string, options: CallOptions = {}): Promise<string[]> {
    return this.uploadTo(await this.#root(runId, options), localPath, artifactPath, options);
  }

  /** Lists the entries directly below `path` of `artifactUri` (paths relative to `artifactUri`). */
  async listAt(artifactUri: string, path?: string, options: CallOptions = {}): Promise<FileInfo[]> {
    checkArtifactPath('path', path);
    const dir = joinPath(proxyPath(artifactUri), path);
    const page = await this.#t.json(ENDPOINTS.listProxiedArtifacts, { query: { path: dir }, signal: options.signal }, listArtifactsResponse);
    return page.items.map((f) => ({ ...f, path: joinPath(path, f.path.split('/').pop()) }));
  }

  /** Lists a run's artifacts directly below `path` through `/mlflow/artifacts/list` (works on every server). */
  async list(runId: string, path?: string, options: CallOptions = {}): Promise<FileInfo[]> {
    validateRunId('runId', runId);
    checkArtifactPath('path', path);
    return collectPages((pageToken) =>
      this.#t.json(
        ENDPOINTS.listArtifacts,
        { query: { run_id: runId, path: path || undefined, page_token: pageToken }, signal: options.signal },
        listArtifactsResponse,
      ),
    );
  }

  /**
   * Downloads `path` (a file or a directory) below `artifactUri` into `destDir`, keeping the
   * relative layout. Returns the local path of the file or directory.
   */
  async downloadFrom(artifactUri: string, path: string, destDir: string, options: CallOptions = {}): Promise<string> {
    checkArtifactPath('path', path);
    const entries = await this.listAt(artifactUri, path, options);
    if (entries.length === 0 && path === '') return destDir;
    if (entries.length === 0) {
      await this.#downloadFile(artifactUri, path, destDir, options);
    } else {
      for (const entry of entries) {
        if (entry.isDir) await this.downloadFrom(artifactUri, entry.path, destDir, options);
        else await this.#downloadFile(artifactUri, entry.path, destDir, options);
      }
    }
    return join(destDir, ...path.split('/').filter(Boolean));
  }

  /** Downloads a run's artifact (file or directory) into `destDir`; returns its local path. */
  async download(runId: string, path: string, destDir: string, options: CallOptions = {}): Promise<string> {
    return this.downloadFrom(await this.#root(runId, options), path, destDir, options);
  }

  /** Reads one artifact file into memory. */
  async read(artifactUri: string, path: string, options: CallOptions = {}): Promise<Uint8Array> {
    checkArtifactPath('path', path);
    return this.#t.consume(
      ENDPOINTS.downloadArtifact,
      { pathParams: { path: joinPath(proxyPath(artifactUri), path) }, signal: options.signal },
      async (response) => new Uint8Array(await response.arrayBuffer()),
    );
  }

  /** Deletes an artifact file or directory below `artifactUri`. */
  async deleteAt(artifactUri: string, path: string, options: CallOptions = {}): Promise<void> {
    checkArtifactPath('path', path);
    await this.#t.json(ENDPOINTS.deleteArtifact, { pathParams: { path: joinPath(proxyPath(artifactUri), path) }, signal: options.signal }, emptyResponse);
  }

  async #downloadFile(artifactUri: string, path: string, destDir: string, options: CallOptions): Promise<void> {
    // Through a temp file: a download cut off mid-body leaves nothing behind and starts afresh.
    await this.#t.consume(
      ENDPOINTS.downloadArtifact,
      { pathParams: { path: joinPath(proxyPath(artifactUri), path) }, signal: options.signal },
      (response) => writeStreamAtomic(join(destDir, ...path.split('/')), response.body),
    );
  }
}
