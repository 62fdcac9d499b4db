/**
 * The bare track id of any form a track is given in — `spotify:track:<id>`,
 * `https://open.spotify.com/track/<id>?si=…` (with or without a locale segment such as
 * `/intl-de/`), or a bare id — so the three are one identity wherever tracks are compared.
 * Anything else comes back trimmed, unchanged.
 */
export function trackIdFromUri(uri: string): string {
  const text = uri.trim();
  const url = /^(?:https?:\/\/)?open\.spotify\.com\/(?:[\w-]+\/)*track\/([^/?#\s]+)/i.exec(text);
  if (url) return url[1]!;
  const colon = text.lastIndexOf(':');
  return colon === -1 ? text : text.slice(colon + 1);
}
