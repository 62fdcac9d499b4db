/** Shared fixtures for the package's tests: a synthetic catalogue and a few playlists. */
import { fakeCatalog, fakeIds, type FakeApp, type FakePlaylist, type FakeTrack } from '../../src/testing/index.js';

export const GENRES = ['pop', 'rock', 'jazz'] as const;
/** 60 tracks per genre, all with features. */
export const TRACKS: FakeTrack[] = fakeCatalog(GENRES, 60);
export const [OWN_PLAYLIST, FOREIGN_PLAYLIST, SHORT_PLAYLIST, MISSING_PLAYLIST] = fakeIds(4, 99) as [string, string, string, string];

export const DEV_APP: FakeApp = { clientId: 'dev-client', clientSecret: 'dev-secret', extendedAccess: false };
export const EXTENDED_APP: FakeApp = { clientId: 'old-client', clientSecret: 'old-secret', extendedAccess: true };

/** 120 entries: 117 tracks, a local file at 5, a track no longer available at 60, a duplicate at 100. */
export const OWN_ENTRIES: string[] = (() => {
  const entries = TRACKS.slice(0, 117).map((t) => t.id);
  entries.splice(5, 0, 'local:my demo.mp3');
  entries.splice(60, 0, 'x'.repeat(22));
  entries.splice(100, 0, TRACKS[0]!.id);
  return entries;
})();

export const PLAYLISTS: FakePlaylist[] = [
  { id: OWN_PLAYLIST, name: 'Mine', ownerId: 'alice', entries: OWN_ENTRIES },
  { id: FOREIGN_PLAYLIST, name: 'Editorial', ownerId: 'spotify', entries: TRACKS.slice(0, 10).map((t) => t.id) },
  { id: SHORT_PLAYLIST, name: 'Shared', ownerId: 'bob', collaborators: ['alice'], entries: TRACKS.slice(120, 125).map((t) => t.id) },
];
