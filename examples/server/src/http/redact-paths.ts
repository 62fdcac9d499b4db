/**
 * Server file paths out of messages meant for a client (issue 15): a job's error, a scheduler
 * run's error or health message — texts that come from the pipeline, the file system or a
 * worker's stderr, shown on the admin pages. (Messages the server writes itself name no paths.) The full text stays in the log; the client sees the file's name
 * alone — `ENOENT: no such file or directory, open 'dataset.csv'` — which says what was wrong
 * without telling a visitor how the server's disk is laid out.
 */

// An absolute POSIX path of two or more segments (optionally a file: URL), or a Windows drive path.
const PATH = /(?:file:\/\/|(?<![\w.~:/-]))(?:\/[\w.@+~-]+){2,}\/?|\b[A-Za-z]:\\(?:[\w.@+~ -]+\\)*[\w.@+~-]+/g;

/** `text` with every absolute file path replaced by its last segment. */
export function withoutServerPaths(text: string): string {
  return text.replace(PATH, (path) => {
    const segments = path.split(/[\\/]/).filter(Boolean);
    return segments.at(-1) ?? '';
  });
}

/**
 * `value` (a JSON body for the admin API) with {@link withoutServerPaths} applied to every
 * string in it, at any depth; keys and other values are kept (a value with `toJSON`, a Date,
 * becomes what `JSON.stringify` would write).
 */
export function withoutServerPathsIn<T>(value: T): T {
  if (typeof value === 'string') return withoutServerPaths(value) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => withoutServerPathsIn(item)) as T;
  if (value !== null && typeof value === 'object') {
    const toJSON = (value as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') return withoutServerPathsIn(toJSON.call(value) as unknown) as T;
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, withoutServerPathsIn(item)])) as T;
  }
  return value;
}
