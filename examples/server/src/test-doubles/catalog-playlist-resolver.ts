/**
 * TEST DOUBLE (phase 1): a {@link PlaylistResolver} over an in-memory catalog. Phase 2 replaces
 * it with `@msr/spotify` playlist sources (Spotify, MPD `playlists.json`, id lists) and
 * audio-feature providers.
 */
import { PlaylistResolutionError, type PlaylistRef, type PlaylistResolver, type PlaylistTrack, type ResolvedPlaylist } from '../seams/recommender.js';
import type { CatalogTrack } from './nearest-centroid-model.js';

/** A named list of track ids. */
export interface StoredPlaylist {
  name: string;
  uris: string[];
}

/** Options of {@link CatalogPlaylistResolver}. */
export interface CatalogPlaylistResolverOptions {
  catalog: readonly CatalogTrack[];
  /** Playlists by index, standing in for `playlists.json`. @default [] */
  playlists?: readonly StoredPlaylist[];
  /** Spotify playlists by id, standing in for the Spotify API. @default {} */
  spotify?: Readonly<Record<string, StoredPlaylist>>;
}

const SPOTIFY_PLAYLIST = /^https:\/\/open\.spotify\.com\/(?:intl-[a-z-]+\/)?playlist\/([A-Za-z0-9]{22})(?:[/?#].*)?$/;

export class CatalogPlaylistResolver implements PlaylistResolver {
  private readonly byUri: Map<string, CatalogTrack>;

  constructor(private readonly options: CatalogPlaylistResolverOptions) {
    this.byUri = new Map(options.catalog.map((t) => [t.uri, t]));
  }

  async resolve(ref: PlaylistRef): Promise<ResolvedPlaylist> {
    let name: string | undefined;
    let uris: string[];
    switch (ref.kind) {
      case 'uris':
        uris = ref.uris;
        break;
      case 'index': {
        const stored = this.options.playlists?.[ref.index];
        if (!stored) throw new PlaylistResolutionError('not-found', `no playlist number ${ref.index} (there are ${this.options.playlists?.length ?? 0})`);
        ({ name, uris } = stored);
        break;
      }
      case 'spotify': {
        const match = SPOTIFY_PLAYLIST.exec(ref.url);
        if (!match) throw new PlaylistResolutionError('invalid-reference', `"${ref.url.slice(0, 100)}" is not a Spotify playlist link`);
        const stored = this.options.spotify?.[match[1]!];
        if (!stored) throw new PlaylistResolutionError('not-found', `Spotify playlist ${match[1]} was not found`);
        ({ name, uris } = stored);
        break;
      }
    }
    const tracks: PlaylistTrack[] = [];
    const unknownUris: string[] = [];
    for (const uri of uris) {
      const track = this.byUri.get(uri);
      if (!track) unknownUris.push(uri);
      else tracks.push({ uri, features: track.features, ...(track.name === undefined ? {} : { name: track.name }), ...(track.artist === undefined ? {} : { artist: track.artist }) });
    }
    if (tracks.length === 0) {
      throw new PlaylistResolutionError('no-known-tracks', `none of the playlist's ${uris.length} track(s) are in the catalog, so there are no audio features to work from`);
    }
    return { ref, ...(name === undefined ? {} : { name }), tracks, unknownUris };
  }
}
