import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sourceTags } from './source-tags.js';

const git = (cwd: string, ...args: string[]): string => execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } }).trim();

let dir: string;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('sourceTags', () => {
  it('names the user, the source and, in a git checkout, its commit and branch — loose, packed and from a worktree', async () => {
    dir = await mkdtemp(join(tmpdir(), 'msr-git-'));
    const repo = join(dir, 'repo');
    await mkdir(join(repo, 'pipeline'), { recursive: true });
    git(repo, 'init', '-q', '-b', 'main');
    await writeFile(join(repo, 'a.txt'), 'a');
    git(repo, 'add', '.');
    git(repo, 'commit', '-qm', 'a');
    const commit = git(repo, 'rev-parse', 'HEAD');
    expect(await sourceTags({ rootDir: join(repo, 'pipeline'), user: 'ana', sourceName: 'msr repro' })).toEqual({
      'mlflow.user': 'ana',
      'mlflow.source.name': 'msr repro',
      'mlflow.source.type': 'LOCAL',
      'mlflow.source.git.commit': commit,
      'mlflow.source.git.branch': 'main',
    });
    git(repo, 'pack-refs', '--all');
    expect((await sourceTags({ rootDir: repo }))['mlflow.source.git.commit']).toBe(commit);
    git(repo, 'worktree', 'add', '-q', '-b', 'side', join(dir, 'wt'));
    expect(await sourceTags({ rootDir: join(dir, 'wt') })).toMatchObject({ 'mlflow.source.git.commit': commit, 'mlflow.source.git.branch': 'side' });
  });

  it('outside a checkout: no git tags, and no user tag when none is known', async () => {
    dir = await mkdtemp(join(tmpdir(), 'msr-nogit-'));
    const tags = await sourceTags({ rootDir: dir, user: '' });
    // tmpdir is not inside a checkout on the test machines; if it were, the commit would show.
    expect(tags).toMatchObject({ 'mlflow.source.name': 'msr', 'mlflow.source.type': 'LOCAL' });
    expect(tags['mlflow.user']).toBeUndefined();
  });
});
