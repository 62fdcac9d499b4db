import { SpotifyError } from './spotify-error.js';

/** The forms {@link parsePlaylistReference} accepts, quoted in its error message. */
export const ACCEPTED_PLAYLIST_FORMS: readonly string[] = [
  'https://open.spotify.com/playlist/<22-character id> (query string and locale paths such as /intl-fr/ allowed)',
  'spotify:playlist:<22-character id>',
  'a bare 22-character playlist id',
  'an index 1..N into the local MPD-format playlists.json',
  'a list of track ids, spotify:track: URIs or open.spotify.com/track/ URLs separated by commas, spaces or new lines',
];

/**
 * A playlist reference could not be parsed. `reason` says what was wrong with it; the message
 * lists every accepted form.
 */
export class InvalidPlaylistReference extends SpotifyError {
  override readonly name = 'InvalidPlaylistReference';
  /** The input as given (cut to 200 characters). */
  readonly input: string;
  /** What was wrong with it. */
  readonly reason: string;

  constructor(input: string, reason: string) {
    const shown = input.length > 200 ? `${input.slice(0, 200)}…` : input;
    super(
      'ERR_SPOTIFY_PLAYLIST_REFERENCE',
      `Invalid playlist reference ${JSON.stringify(shown)}: ${reason}. Accepted forms: ` +
        ACCEPTED_PLAYLIST_FORMS.map((form, i) => `(${i + 1}) ${form}`).join('; '),
    );
    this.input = shown;
    this.reason = reason;
  }
}

/** A track id, URI or URL could not be parsed into a 22-character Spotify track id. */
export class InvalidTrackId extends SpotifyError {
  override readonly name = 'InvalidTrackId';
  /** The input as given. */
  readonly input: string;

  constructor(input: string, reason: string) {
    super('ERR_SPOTIFY_TRACK_ID', `Invalid track id ${JSON.stringify(input)}: ${reason}`);
    this.input = input;
  }
}

/**
 * A file this package reads (CSV, MPD JSON) is malformed. `file` and `location` (line, row,
 * JSON path) say where.
 */
export class SourceFileError extends SpotifyError {
  override readonly name = 'SourceFileError';
  /** The file that was read. */
  readonly file: string;
  /** Where in the file: `line 12`, `playlists[3].tracks[0].track_uri`, `header`. */
  readonly location: string;

  constructor(file: string, location: string, message: string, options?: { cause?: unknown }) {
    super('ERR_SPOTIFY_SOURCE_FILE', `${file} (${location}): ${message}`, options);
    this.file = file;
    this.location = location;
  }
}

/** An option passed to a factory was invalid; `option` names it. Thrown when the factory is built. */
export class InvalidOptionError extends SpotifyError {
  override readonly name = 'InvalidOptionError';
  /** The option that was wrong (`'options.batchSize'`). */
  readonly option: string;

  constructor(option: string, message: string) {
    super('ERR_SPOTIFY_OPTION', `${option}: ${message}`);
    this.option = option;
  }
}

/** No configured {@link PlaylistSource} handles this kind of reference. */
export class NoPlaylistSource extends SpotifyError {
  override readonly name = 'NoPlaylistSource';
  /** The reference kind nobody handles. */
  readonly kind: string;

  constructor(kind: string, configured: readonly string[]) {
    const how: Record<string, string> = {
      spotify: 'configure a Spotify playlist source with a user token (see docs/guides/spotify.md)',
      'mpd-index': 'configure an MPD playlist source with the path of playlists.json',
      tracks: 'configure a track list source',
    };
    super(
      'ERR_SPOTIFY_NO_SOURCE',
      `No playlist source handles ${kind} references (configured: ${configured.join(', ') || 'none'}); ${how[kind] ?? 'configure a source for it'}`,
    );
    this.kind = kind;
  }
}

/**
 * A provider answered with features the songs base cannot use (Spotify's `key: -1` for "no key
 * detected", a tempo of 0, values out of range). The track is treated as unanswered by that
 * provider, so a fallback chain asks the next one.
 */
export class InvalidFeatures extends SpotifyError {
  override readonly name = 'InvalidFeatures';
  /** The track whose features were refused. */
  readonly trackId: string;
  /** One line per problem (`key: Too small: expected number to be >=0`). */
  readonly issues: readonly string[];

  constructor(provider: string, trackId: string, issues: readonly string[]) {
    super('ERR_SPOTIFY_INVALID_FEATURES', `${provider} returned unusable features for ${trackId}: ${issues.join('; ')}`);
    this.trackId = trackId;
    this.issues = issues;
  }
}
