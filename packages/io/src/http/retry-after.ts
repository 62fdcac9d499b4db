/**
 * Parses a `Retry-After` header into milliseconds from `now`: delta-seconds (`"3"`, and
 * `"1.5"`: RFC 9110 asks for whole seconds, but a server that sends a fraction means it) or an
 * HTTP date. Returns `undefined` for a missing or malformed header, so the caller falls back to
 * its own backoff.
 *
 * @example
 * ```ts
 * parseRetryAfter('2', Date.now()); // 2000
 * parseRetryAfter('soon', Date.now()); // undefined
 * ```
 */
export function parseRetryAfter(header: string | null | undefined, now: number): number | undefined {
  if (header === null || header === undefined) return undefined;
  const value = header.trim();
  if (value === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  // An HTTP date must name a weekday or month; Date.parse alone accepts too much (e.g. "12").
  if (!/[A-Za-z]{3}/.test(value)) return undefined;
  const at = Date.parse(value);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}
