/**
 * Merges options over defaults, ignoring options that are `undefined` (a plain spread would let
 * `{ retries: undefined }` erase the default).
 */
export function withDefaults<D extends object, O extends object>(defaults: D, options: O): D & O {
  const out: Record<string, unknown> = { ...(defaults as Record<string, unknown>) };
  for (const [key, value] of Object.entries(options)) if (value !== undefined) out[key] = value;
  return out as D & O;
}
