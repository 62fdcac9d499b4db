/**
 * TEST DOUBLE (phase 1): a {@link PlaylistResolver} over an in-memory catalog. Phase 2 replaces
 * it with `@msr/spotify` playlist sources (Spotify, MPD `playlists.json`, id lists) and
 * audio-feature providers.
 */
import { PlaylistResolutionError, type PlaylistReference, type PlaylistResolver, type PlaylistTrack, type ResolvedPlaylist } from '../seams/recommender.js';
import type { CatalogTrack } from './nearest-centroid-model.js';

/** A named list of track ids. */
export interface StoredPlaylist {
  name: string;
  uris: string[];
}

/** Options of {@link CatalogPlaylistResolver}. */
export interface CatalogPlaylistResolverOptions {
  catalog: readonly CatalogTrack[];
  /** Playlists by 1-based index, standing in for `playlists.json`. @default [] */
  playlists?: readonly StoredPlaylist[];
  /** Spotify playlists by id, standing in for the Spotify API. @default {} */
  spotify?: Readonly<Record<string, StoredPlaylist>>;
}

export class CatalogPlaylistResolver implements PlaylistResolver {
  private readonly byUri: Map<string, CatalogTrack>;

  constructor(private readonly options: CatalogPlaylistResolverOptions) {
    this.byUri = new Map(options.catalog.map((t) => [t.uri, t]));
  }

  async resolve(ref: PlaylistReference): Promise<ResolvedPlaylist> {
    let name: string | undefined;
    let uris: readonly string[];
    switch (ref.kind) {
      case 'tracks':
        uris = ref.ids;
        break;
      case 'mpd-index': {
        const stored = this.options.playlists?.[ref.index - 1];
        if (!stored) throw new PlaylistResolutionError('not-found', `no playlist number ${ref.index} (there are ${this.options.playlists?.length ?? 0})`);
        ({ name, uris } = stored);
        break;
      }
      case 'spotify': {
        const stored = this.options.spotify?.[ref.id];
        if (!stored) throw new PlaylistResolutionError('not-found', `Spotify playlist ${ref.id} was not found`);
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
