import { assertKind, type PlaylistSource } from './playlist-source.js';

/**
 * Loads `tracks` references (a pasted list of track ids/URIs/URLs): no I/O, no account needed.
 * Names and artists are unknown.
 *
 * @example
 * ```ts
 * await trackListSource().load(parsePlaylistReference('spotify:track:…, spotify:track:…'));
 * ```
 */
export function trackListSource(options: { name?: string } = {}): PlaylistSource {
  const name = options.name ?? 'track-list';
  return {
    name,
    kinds: ['tracks'],
    async load(reference) {
      assertKind(name, reference, 'tracks');
      return { reference, source: name, name: undefined, tracks: reference.ids.map((id) => ({ id })), skipped: [] };
    },
  };
}
