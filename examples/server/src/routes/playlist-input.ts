import { InvalidPlaylistReference, InvalidTrackId, isSpotifyId, parsePlaylistReference, parseTrackId, type PlaylistReference } from '@msr/spotify';
import type { PlaylistInput } from '../adapters/spotify-playlist-resolver.js';
import { z } from 'zod';
import type { RequestIssue } from '../http/errors.js';

/** Most tracks one request may name. */
export const MAX_PLAYLIST_TRACKS = 500;

/** The message of a playlist-reference error, or `undefined` for anything else (rethrown). */
function referenceProblem(error: unknown): string | undefined {
  if (error instanceof InvalidPlaylistReference || error instanceof InvalidTrackId) return error.message;
  return undefined;
}

/** Runs a `@msr/spotify` parser inside a zod transform, turning its errors into issues. */
function parsed<T>(parse: () => T, ctx: z.RefinementCtx): T {
  try {
    return parse();
  } catch (error) {
    const message = referenceProblem(error);
    if (message === undefined) throw error;
    ctx.addIssue({ code: 'custom', message });
    return z.NEVER;
  }
}

/**
 * The `playlist` field of `POST /api/recommend`, exactly one of: `url` (a Spotify playlist link or
 * `spotify:playlist:` URI), `index` (1-based, into `playlists.json`), `uris` (track ids,
 * `spotify:track:` URIs or track links). Parsed by `@msr/spotify`.
 */
export const playlistRefSchema = z.union([
  z.strictObject({ url: z.string().min(1).max(500) }).transform((v, ctx): PlaylistReference => {
    const ref = parsed(() => parsePlaylistReference(v.url), ctx);
    if (ref !== z.NEVER && ref.kind !== 'spotify') {
      ctx.addIssue({ code: 'custom', message: `"${v.url.slice(0, 60)}" is not a Spotify playlist link` });
      return z.NEVER;
    }
    return ref;
  }),
  z.strictObject({ index: z.number().int().min(1).max(1_000_000) }).transform((v): PlaylistReference => ({ kind: 'mpd-index', index: v.index })),
  z
    .strictObject({ uris: z.array(z.string().max(200)).min(1).max(MAX_PLAYLIST_TRACKS) })
    .transform((v, ctx): PlaylistReference => parsed(() => ({ kind: 'tracks', ids: v.uris.map(parseTrackId) }), ctx)),
]);

/** The body of `POST /api/recommend`. */
export const recommendBodySchema = z.strictObject({
  playlist: playlistRefSchema,
  /** @default 10 */
  count: z.number().int().min(1).max(50).default(10),
});

/**
 * Reads the recommend form's one text box with `@msr/spotify`'s `parsePlaylistReference`: a
 * playlist link or URI, a playlist number (1-based), or a list of tracks. A bare 22-character id
 * stays a `bare-id`: Spotify's tracks and playlists share that form, and a person pasting one
 * song's id means the song as often as a playlist, so the resolver decides by what it knows.
 */
export function parsePlaylistText(text: string): { ok: true; ref: PlaylistInput } | { ok: false; issues: RequestIssue[] } {
  if (isSpotifyId(text.trim())) return { ok: true, ref: { kind: 'bare-id', id: text.trim() } };
  try {
    const ref = parsePlaylistReference(text);
    if (ref.kind === 'tracks' && ref.ids.length > MAX_PLAYLIST_TRACKS) {
      return { ok: false, issues: [{ path: ['playlist'], message: `at most ${MAX_PLAYLIST_TRACKS} tracks` }] };
    }
    return { ok: true, ref };
  } catch (error) {
    const message = formProblem(error, text);
    if (message === undefined) throw error;
    return { ok: false, issues: [{ path: ['playlist'], message }] };
  }
}

/**
 * The form's words for text it could not read: what was typed and why, without the API's list
 * of accepted forms (with a file name a person never sees), which the page states beside the box.
 */
function formProblem(error: unknown, text: string): string | undefined {
  if (!(error instanceof InvalidPlaylistReference)) return referenceProblem(error);
  if (text.trim() === '') return `Paste a playlist link, a playlist number or track ids: ${error.reason}.`;
  return `“${error.input.trim()}” is not a playlist link, a playlist number or a list of track ids: ${error.reason}.`;
}

/** A short description of a playlist reference for the log: `index:12`, `spotify:<id>`, `tracks:14`. */
export function describePlaylistRef(ref: PlaylistReference): string {
  switch (ref.kind) {
    case 'mpd-index':
      return `index:${ref.index}`;
    case 'spotify':
      return `spotify:${ref.id}`;
    case 'tracks':
      return `tracks:${ref.ids.length}`;
  }
}
