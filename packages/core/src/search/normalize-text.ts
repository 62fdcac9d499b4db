/**
 * Folds text for matching: compatibility decomposition, combining marks removed, lower case —
 * so `Beyoncé`, `BEYONCE` and `beyonce` are one key, and `ﬁ` matches `fi`. ASCII text skips the
 * decomposition (most names are ASCII; this keeps building a 100k-song index fast).
 */
export function normalizeText(text: string): string {
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(text)) return text.toLowerCase();
  return text.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase();
}
