import { join, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { pathBelow } from '../fs/path-below.js';

const ROOT_MARK = 'msr-root:';
const ROOT_URL_MARK = 'msr-root-url:';

/**
 * `value` with every string naming a path below `root` written as `msr-root:<relative path>`
 * (and a `file:` URL below it as `msr-root-url:<relative path>`, e.g. the local tracking store),
 * so it means the same on another machine or after the root moved.
 */
export function toPortable(value: unknown, root: string): unknown {
  if (typeof value === 'string') {
    if (value === root || value.startsWith(root + sep)) return ROOT_MARK + relative(root, value).split(sep).join('/');
    const url = pathToFileURL(root).href;
    return value === url || value.startsWith(`${url}/`) ? ROOT_URL_MARK + decodeURIComponent(value.slice(url.length + 1)) : value;
  }
  if (Array.isArray(value)) return value.map((v) => toPortable(v, root));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toPortable(v, root)]));
  return value;
}

/** The inverse of {@link toPortable} for another `root`. */
export function fromPortable(value: unknown, root: string): unknown {
  if (typeof value === 'string') {
    if (value.startsWith(ROOT_URL_MARK)) return pathToFileURL(join(root, ...value.slice(ROOT_URL_MARK.length).split('/').filter(Boolean))).href;
    return value.startsWith(ROOT_MARK) ? join(root, ...value.slice(ROOT_MARK.length).split('/').filter(Boolean)) : value;
  }
  if (Array.isArray(value)) return value.map((v) => fromPortable(v, root));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fromPortable(v, root)]));
  return value;
}

/**
 * How `msr.lock` names a path: root-relative with `/` when it lies below `root` (so a moved or
 * copied root stays up to date), absolute otherwise (a dataset outside the root).
 */
export function lockPath(root: string, path: string): string {
  return pathBelow(root, path)?.split(sep).join('/') ?? path;
}
