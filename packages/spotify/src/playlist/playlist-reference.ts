import { InvalidPlaylistReference, InvalidTrackId } from '../errors/input-errors.js';
import { isSpotifyId, parseTrackId, whyNotSpotifyId } from '../ids/spotify-id.js';

/** What a user can point at: a Spotify playlist, an entry of a local MPD file, or a list of tracks. */
export type PlaylistReference =
  | { readonly kind: 'spotify'; readonly id: string }
  | { readonly kind: 'mpd-index'; readonly index: number }
  | { readonly kind: 'tracks'; readonly ids: readonly string[] };

/** Options of {@link parsePlaylistReference}. */
export interface ParsePlaylistReferenceOptions {
  /** Number of playlists in the MPD file, when known, to reject out-of-range indexes early. */
  maxIndex?: number;
}

const SPOTIFY_HOSTS = new Set(['open.spotify.com', 'play.spotify.com']);

/**
 * Parses what a user typed into a {@link PlaylistReference}:
 * - `https://open.spotify.com/playlist/<id>` (query string, trailing slash, `/intl-fr/` locale
 *   and `/embed/` paths allowed; the scheme may be left out),
 * - `spotify:playlist:<id>` (also the legacy `spotify:user:<user>:playlist:<id>`),
 * - a bare 22-character playlist id,
 * - an index `1..N` into a local MPD-format `playlists.json` (the original's form),
 * - a list of track ids / `spotify:track:` URIs / track URLs, separated by commas, spaces or
 *   new lines (duplicates kept, order kept).
 *
 * Anything else throws {@link InvalidPlaylistReference}, saying what was wrong and listing the
 * accepted forms.
 *
 * @example
 * ```ts
 * parsePlaylistReference('https://open.spotify.com/intl-fr/playlist/37i9dQZF1DXcBWIGoYBM5M?si=x');
 * // { kind: 'spotify', id: '37i9dQZF1DXcBWIGoYBM5M' }
 * parsePlaylistReference('42'); // { kind: 'mpd-index', index: 42 }
 * ```
 */
export function parsePlaylistReference(input: string | number, options: ParsePlaylistReferenceOptions = {}): PlaylistReference {
  if (typeof input === 'number') return index(String(input), input, options);
  const value = input.trim();
  if (value === '') throw new InvalidPlaylistReference(input, 'it is empty');

  const tokens = value.split(/[\s,]+/).filter(Boolean);
  if (tokens.length > 1) return trackList(input, tokens);

  if (/^[+-]?\d{1,15}$/.test(value)) return index(input, Number(value), options);
  if (/^spotify:/i.test(value)) return fromUri(input, value);
  if (/^(https?:\/\/|[a-z0-9.-]+\.[a-z]{2,}\/)/i.test(value)) return fromUrl(input, value);
  if (isSpotifyId(value)) return { kind: 'spotify', id: value };
  if (/^[0-9A-Za-z]+$/.test(value)) throw new InvalidPlaylistReference(input, `as a bare id: ${whyNotSpotifyId(value)}`);
  throw new InvalidPlaylistReference(input, 'it is none of the accepted forms');
}

function index(input: string, n: number, options: ParsePlaylistReferenceOptions): PlaylistReference {
  if (!Number.isSafeInteger(n) || n < 1) throw new InvalidPlaylistReference(input, 'playlist indexes start at 1');
  if (options.maxIndex !== undefined && n > options.maxIndex) {
    throw new InvalidPlaylistReference(input, `the playlists file has ${options.maxIndex} playlists, so the index must be 1..${options.maxIndex}`);
  }
  return { kind: 'mpd-index', index: n };
}

function checkedId(input: string, candidate: string | undefined, where: string): string {
  if (candidate === undefined || candidate === '') throw new InvalidPlaylistReference(input, `${where} has no playlist id`);
  if (!isSpotifyId(candidate)) throw new InvalidPlaylistReference(input, `the playlist id in ${where}: ${whyNotSpotifyId(candidate)}`);
  return candidate;
}

function fromUri(input: string, value: string): PlaylistReference {
  const parts = value.split(':');
  // spotify:playlist:<id> or spotify:user:<user>:playlist:<id>
  const at = parts.indexOf('playlist');
  if (at === 1 || (at === 3 && parts[1] === 'user')) {
    if (parts.length !== at + 2) throw new InvalidPlaylistReference(input, 'the URI has extra parts after the id');
    return { kind: 'spotify', id: checkedId(input, parts[at + 1], 'the URI') };
  }
  if (parts[1] === 'track') return trackList(input, [value]);
  throw new InvalidPlaylistReference(input, `the URI names a ${parts[1] ?? 'nothing'}, not a playlist`);
}

function fromUrl(input: string, value: string): PlaylistReference {
  let url: URL;
  try {
    url = new URL(/^https?:\/\//i.test(value) ? value : `https://${value}`);
  } catch {
    throw new InvalidPlaylistReference(input, 'it looks like a URL but cannot be parsed');
  }
  if (!SPOTIFY_HOSTS.has(url.hostname.toLowerCase())) throw new InvalidPlaylistReference(input, `the host is ${url.hostname}, not open.spotify.com`);
  const segments = url.pathname.split('/').filter(Boolean);
  if (segments[0] && /^intl-[a-z]{2}(-[a-z]{2,4})?$/i.test(segments[0])) segments.shift();
  if (segments[0] === 'embed') segments.shift();
  const [kind, id, ...rest] = segments;
  if (kind === 'track') return trackList(input, [value]);
  if (kind !== 'playlist') throw new InvalidPlaylistReference(input, kind ? `the URL points to a ${kind}, not a playlist` : 'the URL has no /playlist/<id> path');
  if (rest.length > 0) throw new InvalidPlaylistReference(input, 'the URL has extra path segments after the id');
  return { kind: 'spotify', id: checkedId(input, id, 'the URL') };
}

function trackList(input: string, tokens: string[]): PlaylistReference {
  const ids: string[] = [];
  for (const token of tokens) {
    try {
      ids.push(parseTrackId(token));
    } catch (error) {
      if (!(error instanceof InvalidTrackId)) throw error;
      throw new InvalidPlaylistReference(input, `as a list of tracks, item ${ids.length + 1} ${JSON.stringify(token)} is not a track (${error.message.replace(/^Invalid track id "[^"]*": /, '')})`);
    }
  }
  return { kind: 'tracks', ids };
}
