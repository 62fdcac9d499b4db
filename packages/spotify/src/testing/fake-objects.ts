/** Spotify-shaped JSON objects built from the fake's catalogue (shapes per the OpenAPI spec). */
import type { FakeTrack } from './fake-catalog.js';

const WEB = 'https://open.spotify.com';

function artistObject(name: string, api: string) {
  const id = (name.replace(/[^0-9A-Za-z]/g, '') + '0'.repeat(22)).slice(0, 22);
  return { id, name, type: 'artist', uri: `spotify:artist:${id}`, href: `${api}/artists/${id}`, external_urls: { spotify: `${WEB}/artist/${id}` } };
}

/** A full TrackObject. */
export function trackObject(track: FakeTrack, api: string) {
  const artist = artistObject(track.artist, api);
  const albumId = `${track.id.slice(0, 11)}${track.id.slice(0, 11)}`.split('').reverse().join('');
  return {
    album: {
      album_type: 'album',
      total_tracks: 10,
      available_markets: ['US'],
      external_urls: { spotify: `${WEB}/album/${albumId}` },
      href: `${api}/albums/${albumId}`,
      id: albumId,
      images: [],
      name: `${track.name} (album)`,
      release_date: '2024-01-01',
      release_date_precision: 'day',
      type: 'album',
      uri: `spotify:album:${albumId}`,
      artists: [artist],
    },
    artists: [artist],
    disc_number: 1,
    duration_ms: 200_000,
    explicit: false,
    external_ids: {},
    external_urls: { spotify: `${WEB}/track/${track.id}` },
    href: `${api}/tracks/${track.id}`,
    id: track.id,
    is_playable: true,
    name: track.name,
    preview_url: null,
    track_number: 1,
    type: 'track',
    uri: `spotify:track:${track.id}`,
    is_local: false,
  };
}

/** A local file entry's track: Spotify sends no usable id for it. */
export function localTrackObject(name: string) {
  return { name, type: 'track', uri: `spotify:local:::${encodeURIComponent(name)}:180`, is_local: true, artists: [], duration_ms: 180_000 };
}

/** An AudioFeaturesObject. */
export function audioFeaturesObject(track: FakeTrack & { features: NonNullable<FakeTrack['features']> }, api: string) {
  return {
    ...track.features,
    id: track.id,
    uri: `spotify:track:${track.id}`,
    track_href: `${api}/tracks/${track.id}`,
    analysis_url: `${api}/audio-analysis/${track.id}`,
    type: 'audio_features',
    duration_ms: 200_000,
    liveness: 0.1,
    mode: 1,
    time_signature: 4,
  };
}

/** ReccoBeats' own id for a track: a stable UUID-shaped string. */
export function reccoBeatsId(spotifyId: string): string {
  const hex = [...spotifyId].map((c) => c.charCodeAt(0).toString(16).padStart(2, '0')).join('').slice(0, 32);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** One item of ReccoBeats' `/audio-features` content. */
export function reccoBeatsFeaturesObject(track: FakeTrack & { features: NonNullable<FakeTrack['features']> }) {
  return { id: reccoBeatsId(track.id), href: `${WEB}/track/${track.id}`, ...track.features, liveness: 0.1, mode: 1 };
}

/** Spotify's error envelope. */
export function errorBody(status: number, message: string) {
  return { error: { status, message } };
}
