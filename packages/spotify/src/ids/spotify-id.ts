import { InvalidTrackId } from '../errors/input-errors.js';

/** A Spotify id: exactly 22 base-62 characters. Songs-base `uri`s are bare track ids. */
export const SPOTIFY_ID = /^[0-9A-Za-z]{22}$/;

/** Whether `value` is a bare 22-character Spotify id. */
export function isSpotifyId(value: string): boolean {
  return SPOTIFY_ID.test(value);
}

/** Explains why `candidate` is not a Spotify id (length or alphabet), for error messages. */
export function whyNotSpotifyId(candidate: string): string {
  if (candidate.length !== 22) return `a Spotify id has 22 characters, this one has ${candidate.length}`;
  return 'a Spotify id uses only the characters 0-9, A-Z and a-z';
}

const TRACK_URI = /^spotify:track:([^:\s]+)$/;
const TRACK_URL = /^(?:https?:\/\/)?open\.spotify\.com\/(?:intl-[a-z]{2}(?:-[a-z]{2,4})?\/)?(?:embed\/)?track\/([^/?#\s]+)\/?(?:[?#].*)?$/i;

/**
 * Reads a track id from a bare id, a `spotify:track:` URI or an `open.spotify.com/track/` URL.
 * Throws {@link InvalidTrackId} saying what is wrong.
 *
 * @example
 * ```ts
 * parseTrackId('spotify:track:4iV5W9uYEdYUVa79Axb7Rh'); // '4iV5W9uYEdYUVa79Axb7Rh'
 * ```
 */
export function parseTrackId(input: string): string {
  const value = input.trim();
  const candidate = TRACK_URI.exec(value)?.[1] ?? TRACK_URL.exec(value)?.[1] ?? value;
  if (isSpotifyId(candidate)) return candidate;
  if (candidate === value && /[:/]/.test(value)) {
    throw new InvalidTrackId(input, 'expected a 22-character id, a spotify:track: URI or an open.spotify.com/track/ URL');
  }
  throw new InvalidTrackId(input, whyNotSpotifyId(candidate));
}

/** Ids split into the valid ones (deduplicated, first-seen order) and the rejected inputs. */
export interface NormalisedIds {
  /** Valid bare ids, each once, in first-seen order. */
  readonly ids: string[];
  /** Inputs that were not track ids, with the reason. */
  readonly invalid: InvalidTrackId[];
}

/**
 * Parses and deduplicates track ids (`spotify:track:` URIs and track URLs accepted), keeping
 * the first occurrence's order and reporting — not throwing — the invalid ones.
 */
export function normaliseTrackIds(inputs: Iterable<string>): NormalisedIds {
  const seen = new Set<string>();
  const ids: string[] = [];
  const invalid: InvalidTrackId[] = [];
  for (const input of inputs) {
    try {
      const id = parseTrackId(input);
      if (!seen.has(id)) {
        seen.add(id);
        ids.push(id);
      }
    } catch (error) {
      if (!(error instanceof InvalidTrackId)) throw error;
      invalid.push(error);
    }
  }
  return { ids, invalid };
}

/** Splits `items` into consecutive chunks of at most `size`. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
