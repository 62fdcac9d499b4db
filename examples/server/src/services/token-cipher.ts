import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { ServerError } from '../http/errors.js';

const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const VERSION = 'v1';

/** A sealed value could not be opened: another key, or the stored text was changed. */
export class TokenCipherError extends ServerError {
  override readonly name = 'TokenCipherError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('ERR_TOKENS_UNREADABLE', message, options);
  }
}

/**
 * Decodes the configured key (base64 or base64url of 32 random bytes, e.g. `openssl rand
 * -base64 32`), or says why it cannot be used.
 */
export function parseTokenKey(text: string): { key: Buffer } | { problem: string } {
  const trimmed = text.trim();
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed)) return { problem: 'must be base64 (e.g. the output of `openssl rand -base64 32`)' };
  const key = Buffer.from(trimmed.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  if (key.length !== KEY_BYTES) return { problem: `must decode to ${KEY_BYTES} bytes (AES-256), got ${key.length}` };
  return { key };
}

/**
 * AES-256-GCM for secrets kept in the database (Spotify tokens): a fresh 96-bit IV per value, the
 * row's owner as associated data so a sealed value copied to another row does not open.
 * Sealed form: `v1.<iv>.<ciphertext+tag>` in base64url.
 *
 * @example
 * ```ts
 * const cipher = new TokenCipher(key);
 * const sealed = cipher.seal(JSON.stringify(tokens), userId);
 * const tokens = JSON.parse(cipher.open(sealed, userId));
 * ```
 */
export class TokenCipher {
  readonly #key: Buffer;

  constructor(key: Buffer) {
    if (key.length !== KEY_BYTES) throw new ServerError('ERR_CONFIG', `the token key must be ${KEY_BYTES} bytes, got ${key.length}`);
    this.#key = Buffer.from(key);
  }

  seal(plain: string, associated: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    cipher.setAAD(Buffer.from(associated, 'utf8'));
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return `${VERSION}.${iv.toString('base64url')}.${body.toString('base64url')}`;
  }

  open(sealed: string, associated: string): string {
    const [version, iv, body] = sealed.split('.');
    if (version !== VERSION || !iv || !body) throw new TokenCipherError('a stored secret has an unknown format');
    const bytes = Buffer.from(body, 'base64url');
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.#key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(associated, 'utf8'));
      decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
      return Buffer.concat([decipher.update(bytes.subarray(0, bytes.length - TAG_BYTES)), decipher.final()]).toString('utf8');
    } catch (cause) {
      throw new TokenCipherError('a stored secret does not open with the configured key (the key changed, or the value was altered)', { cause });
    }
  }
}
