import { readFile, stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';

/** Options of {@link sourceTags}. */
export interface SourceTagsOptions {
  /** Where the git checkout is looked for (this folder and its parents). */
  rootDir: string;
  /** Who runs the pipeline (`mlflow.user`); omitted when empty. */
  user?: string;
  /** What ran it (`mlflow.source.name`), e.g. `msr repro`. @default 'msr' */
  sourceName?: string;
}

/**
 * The tags MLflow's own clients put on every run, so the MLflow UI shows who ran what from
 * which commit: `mlflow.user`, `mlflow.source.name`, `mlflow.source.type` (`LOCAL`), and —
 * when `rootDir` is inside a git checkout — `mlflow.source.git.commit` (and `.branch`). Git is
 * read from the `.git` files (worktrees and packed refs included), not by running `git`.
 *
 * @example
 * ```ts
 * const tags = await sourceTags({ rootDir: '/srv/msr', user: 'ana', sourceName: 'msr repro' });
 * ```
 */
export async function sourceTags(options: SourceTagsOptions): Promise<Record<string, string>> {
  const tags: Record<string, string> = { 'mlflow.source.name': options.sourceName ?? 'msr', 'mlflow.source.type': 'LOCAL' };
  if (options.user) tags['mlflow.user'] = options.user;
  const head = await gitHead(resolve(options.rootDir));
  if (head) {
    tags['mlflow.source.git.commit'] = head.commit;
    if (head.branch) tags['mlflow.source.git.branch'] = head.branch;
  }
  return tags;
}

/** The commit (and branch) checked out in the git work tree around `dir`, or `undefined`. */
export async function gitHead(dir: string): Promise<{ commit: string; branch?: string } | undefined> {
  for (let d = dir; ; d = dirname(d)) {
    const gitDir = await findGitDir(join(d, '.git'));
    if (gitDir) return readHead(gitDir);
    if (dirname(d) === d) return undefined;
  }
}

async function findGitDir(dotGit: string): Promise<string | undefined> {
  const info = await stat(dotGit).catch(() => undefined);
  if (!info) return undefined;
  if (info.isDirectory()) return dotGit;
  // A worktree or submodule: `.git` is a file saying `gitdir: <path>`.
  const match = /^gitdir:\s*(.+)$/m.exec(await readFile(dotGit, 'utf8'));
  if (!match) return undefined;
  const target = match[1]!.trim();
  return isAbsolute(target) ? target : resolve(dirname(dotGit), target);
}

async function readHead(gitDir: string): Promise<{ commit: string; branch?: string } | undefined> {
  const head = (await readFile(join(gitDir, 'HEAD'), 'utf8').catch(() => '')).trim();
  if (/^[0-9a-f]{40,64}$/.test(head)) return { commit: head };
  const ref = /^ref:\s*(\S+)$/.exec(head)?.[1];
  if (!ref) return undefined;
  // A worktree keeps its HEAD but shares refs with the main repository (`commondir`).
  const common = (await readFile(join(gitDir, 'commondir'), 'utf8').catch(() => '')).trim();
  const dirs = common ? [gitDir, isAbsolute(common) ? common : resolve(gitDir, common)] : [gitDir];
  const branch = ref.replace(/^refs\/heads\//, '');
  for (const d of dirs) {
    const loose = (await readFile(join(d, ...ref.split('/')), 'utf8').catch(() => '')).trim();
    if (/^[0-9a-f]{40,64}$/.test(loose)) return { commit: loose, branch };
    const packed = await readFile(join(d, 'packed-refs'), 'utf8').catch(() => '');
    const line = packed.split('\n').find((l) => l.endsWith(` ${ref}`));
    const commit = line?.split(' ')[0];
    if (commit && /^[0-9a-f]{40,64}$/.test(commit)) return { commit, branch };
  }
  return undefined;
}
