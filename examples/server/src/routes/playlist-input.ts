import { z } from 'zod';
import type { RequestIssue } from '../http/errors.js';
import type { PlaylistRef } from '../seams/recommender.js';

const TRACK_ID = /^[A-Za-z0-9]{22}$/;
const TRACK_FORMS = [/^spotify:track:([A-Za-z0-9]{22})$/, /^https:\/\/open\.spotify\.com\/(?:intl-[a-z-]+\/)?track\/([A-Za-z0-9]{22})(?:[/?#].*)?$/, /^([A-Za-z0-9]{22})$/];

/**
 * The bare 22-character Spotify id of a track given as `spotify:track:<id>`, an
 * `open.spotify.com/track/<id>` link or the id itself (the catalog's `uri` column holds bare
 * ids, as in the original); `undefined` for anything else.
 */
export function normaliseTrackId(text: string): string | undefined {
  const trimmed = text.trim();
  for (const form of TRACK_FORMS) {
    const match = form.exec(trimmed);
    if (match && TRACK_ID.test(match[1]!)) return match[1];
  }
  return undefined;
}

/** Most tracks one request may name. */
export const MAX_PLAYLIST_TRACKS = 500;

const trackSchema = z.string().max(200).transform((value, ctx) => {
  const id = normaliseTrackId(value);
  if (id === undefined) {
    ctx.addIssue({ code: 'custom', message: `"${value.slice(0, 60)}" is not a Spotify track id, spotify:track: uri or track link` });
    return z.NEVER;
  }
  return id;
});

/** The `playlist` field of `POST /api/recommend`: exactly one of `url`, `index`, `uris`. */
export const playlistRefSchema = z.union([
  z.strictObject({ url: z.url({ protocol: /^https?$/ }).max(500) }).transform((v): PlaylistRef => ({ kind: 'spotify', url: v.url })),
  z.strictObject({ index: z.number().int().min(0).max(1_000_000) }).transform((v): PlaylistRef => ({ kind: 'index', index: v.index })),
  z.strictObject({ uris: z.array(trackSchema).min(1).max(MAX_PLAYLIST_TRACKS) }).transform((v): PlaylistRef => ({ kind: 'uris', uris: v.uris })),
]);

/** The body of `POST /api/recommend`. */
export const recommendBodySchema = z.strictObject({
  playlist: playlistRefSchema,
  /** @default 10 */
  count: z.number().int().min(1).max(50).default(10),
});

/**
 * Reads the recommend form's one text box: a number is a playlist index, a link is a Spotify
 * playlist, anything else is a list of tracks separated by spaces, commas or new lines.
 */
export function parsePlaylistText(text: string): { ok: true; ref: PlaylistRef } | { ok: false; issues: RequestIssue[] } {
  const trimmed = text.trim();
  const fail = (message: string) => ({ ok: false as const, issues: [{ path: ['playlist'], message }] });
  if (trimmed === '') return fail('enter a playlist link, a playlist number or track ids');
  if (/^\d{1,7}$/.test(trimmed)) return { ok: true, ref: { kind: 'index', index: Number(trimmed) } };
  if (/^https?:\/\//i.test(trimmed) && !/\/track\//.test(trimmed)) {
    if (trimmed.length > 500) return fail('the link is too long');
    return { ok: true, ref: { kind: 'spotify', url: trimmed } };
  }
  const parts = trimmed.split(/[\s,]+/).filter(Boolean);
  if (parts.length > MAX_PLAYLIST_TRACKS) return fail(`at most ${MAX_PLAYLIST_TRACKS} tracks`);
  const uris: string[] = [];
  for (const part of parts) {
    const id = normaliseTrackId(part);
    if (id === undefined) return fail(`"${part.slice(0, 60)}" is not a playlist link, a playlist number or a Spotify track id`);
    uris.push(id);
  }
  return { ok: true, ref: { kind: 'uris', uris } };
}

/** A short description of a playlist reference for the log: `index:12`, `spotify:<id>`, `uris:14`. */
export function describePlaylistRef(ref: PlaylistRef): string {
  switch (ref.kind) {
    case 'index':
      return `index:${ref.index}`;
    case 'spotify':
      return `spotify:${ref.url.slice(0, 200)}`;
    case 'uris':
      return `uris:${ref.uris.length}`;
  }
}
