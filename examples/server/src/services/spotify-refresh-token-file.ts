import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '@msr/io/fs';
import { z } from 'zod';
import { ServerError } from '../http/errors.js';

/** The token file cannot be read as one this server wrote. */
export class RefreshTokenFileError extends ServerError {
  override readonly name = 'RefreshTokenFileError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('ERR_SPOTIFY_TOKEN_FILE', message, options);
  }
}

const fileSchema = z.strictObject({
  /** SHA-256 of the configured `spotify.refreshToken` the saved one descends from. */
  configuredSha256: z.string().regex(/^[0-9a-f]{64}$/),
  refreshToken: z.string().min(1),
  savedAt: z.iso.datetime(),
});

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/**
 * Where the server keeps the configured `spotify.refreshToken` once Spotify has rotated it: the
 * configuration (a file, an environment variable) still holds the first one, which Spotify
 * refuses after a rotation, so a restart would otherwise start from a dead token.
 *
 * The file records which configured token it descends from: when the operator configures a new
 * one, the file no longer applies and the new one is used. Written with a temp file and a rename
 * (a reader sees the old token or the new, never half), owner-only (`0600`).
 */
export class RefreshTokenFile {
  readonly #configuredSha256: string;
  #lastSaved: string | undefined;

  constructor(
    readonly path: string,
    private readonly configured: string,
    private readonly now: () => number = Date.now,
  ) {
    this.#configuredSha256 = sha256(configured);
  }

  /**
   * The refresh token to send: the saved one when it descends from the configured one, else the
   * configured one. A file that is not one this server wrote is a {@link RefreshTokenFileError}
   * naming it (delete it to start from the configured token).
   */
  async load(): Promise<string> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (cause) {
      if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return this.configured;
      throw new RefreshTokenFileError(`cannot read the saved Spotify refresh token ${this.path}: ${(cause as Error).message}`, { cause });
    }
    let parsed: z.output<typeof fileSchema>;
    try {
      parsed = fileSchema.parse(JSON.parse(text));
    } catch (cause) {
      const why = cause instanceof z.ZodError ? cause.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ') : (cause as Error).message;
      throw new RefreshTokenFileError(
        `${this.path} is not a saved Spotify refresh token (${why}); delete it to start from spotify.refreshToken in the configuration`,
        { cause },
      );
    }
    return parsed.configuredSha256 === this.#configuredSha256 ? parsed.refreshToken : this.configured;
  }

  /** Saves `token` unless it is the last one saved, or the configured one with nothing saved yet (not rotated). */
  async save(token: string): Promise<void> {
    if (token === (this.#lastSaved ?? this.configured)) return;
    const body: z.input<typeof fileSchema> = { configuredSha256: this.#configuredSha256, refreshToken: token, savedAt: new Date(this.now()).toISOString() };
    await writeFileAtomic(this.path, `${JSON.stringify(body, null, 2)}\n`, { mode: 0o600 });
    this.#lastSaved = token;
  }
}
