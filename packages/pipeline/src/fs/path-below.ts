import { isAbsolute, relative, sep } from 'node:path';

/**
 * `path` relative to `root` (with the platform's separator) when it lies strictly below `root`;
 * `undefined` for `root` itself and anything outside it. Only a `..` path segment leads out:
 * a file named `..songs.csv` or a folder `..data` inside the root is below it. On Windows a path
 * on another drive has an absolute relative path and is outside.
 */
export function pathBelow(root: string, path: string): string | undefined {
  const rel = relative(root, path);
  if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return undefined;
  return rel;
}
