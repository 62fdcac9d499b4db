/**
 * The bare track id of any form a track is given in — `spotify:track:<id>`,
 * `https://open.spotify.com/track/<id>?si=…` (with or without a locale segment such as
 * `/intl-de/`), or a bare id — so the three are one identity wherever tracks are compared.
 * Anything else (`spotify:local:…`, `spotify:album:…`, other text) comes back trimmed, unchanged.
 */
export function trackIdFromUri(uri: string): string {
  const text = uri.trim();
  // Both forms below need a ':' or a '.' (`spotify:track:`, `open.spotify.com`): a bare id, the
  // usual case per playlist track, skips the two regular expressions (decision 1202).
  if (text.indexOf(':') === -1 && text.indexOf('.') === -1) return text;
  const url = /^(?:https?:\/\/)?open\.spotify\.com\/(?:[\w-]+\/)*track\/([^/?#\s]+)/i.exec(text);
  if (url) return url[1]!;
  // Only `spotify:track:` is stripped: what follows the last colon of other uris is not a track id
  // (a local file's `spotify:local:artist:album:title:seconds` ends with its length).
  const uriForm = /^spotify:track:([^:\s]+)$/i.exec(text);
  return uriForm ? uriForm[1]! : text;
}
