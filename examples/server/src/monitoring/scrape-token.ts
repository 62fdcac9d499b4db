import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Whether an `Authorization` header carries the metrics scrape token (`Bearer <token>`).
 * Compared in constant time over digests: the token is a secret. Used by the server's
 * `/metrics` and by each queue worker's.
 */
export function scrapeTokenMatches(authorization: string | undefined, token: string): boolean {
  const digest = (text: string): Buffer => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(authorization ?? ''), digest(`Bearer ${token}`));
}
