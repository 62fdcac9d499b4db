/**
 * Every code example in the READMEs and guides runs as written (issue 12 bug 10: the pipeline
 * README's `runPipeline({ rootDir })` example failed).
 *
 * Each Markdown file gets one fresh project in the temp directory, and its examples run there in
 * document order, as a reader following the page would run them:
 * - ```ts blocks: written to a file and run with node + tsx (the `@msr/*` packages linked from
 *   this workspace, resolved to their source);
 * - ```sh blocks: run with bash (-e, -o pipefail), with `msr` on the PATH (the CLI from source).
 *
 * The project holds what the guides tell a reader to have: the dataset where the shipped
 * config.yaml looks for it (`fixtures/dataset.zip`, this repository's fixture) and the MPD
 * playlists at `data/raw/playlists.json`. It also holds a `params.yaml` with 20 boosting rounds
 * of 0.1 instead of 250 of 0.008, so the examples that train finish in seconds — the same code
 * path, and the pipeline reads a root `params.yaml` by itself.
 *
 * An example that cannot run here (a server, an account, the network, a long-running process, a
 * fragment continuing the reader's own code) is marked in the Markdown, on the line before its
 * fence: `<!-- example: skip — <why> -->`. The test lists it as skipped with that reason. Blocks
 * in other languages (diagrams, plain text) are not examples.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { chmod, copyFile, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../', import.meta.url));
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const PACKAGES = { core: 'packages/core', io: 'packages/io', pipeline: 'packages/pipeline', spotify: 'packages/spotify', 'mlflow-client': 'packages/mlflow-client' };

/** A fenced code block of a Markdown file. */
interface CodeBlock {
  /** 1-based line of the opening fence. */
  line: number;
  lang: string;
  code: string;
  /** Why it is not run, from `<!-- example: skip — why -->` on the line before the fence. */
  skip?: string;
}

const SKIP = /^<!--\s*example:\s*skip\s*[—:-]+\s*(.+?)\s*-->$/;

/** The fenced code blocks of a Markdown text. */
function codeBlocks(markdown: string): CodeBlock[] {
  const lines = markdown.split('\n');
  const blocks: CodeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\S*)\s*$/.exec(lines[i]!);
    if (!open) continue;
    let end = i + 1;
    while (end < lines.length && !/^```\s*$/.test(lines[end]!)) end++;
    let before = i - 1;
    while (before >= 0 && lines[before]!.trim() === '') before--;
    const skip = before >= 0 ? SKIP.exec(lines[before]!.trim())?.[1] : undefined;
    blocks.push({ line: i + 1, lang: open[1]!.toLowerCase(), code: lines.slice(i + 1, end).join('\n'), ...(skip ? { skip } : {}) });
    i = end;
  }
  return blocks;
}

const KIND: Record<string, 'ts' | 'sh'> = { ts: 'ts', typescript: 'ts', sh: 'sh', bash: 'sh', shell: 'sh' };

async function markdownFiles(): Promise<string[]> {
  const list = async (dir: string, keep: (name: string) => boolean): Promise<string[]> =>
    (await readdir(join(repo, dir)).catch(() => [] as string[])).filter(keep).map((name) => (dir === '.' ? name : `${dir}/${name}`));
  const readmesIn = async (dir: string): Promise<string[]> => {
    const out: string[] = [];
    for (const sub of await list(dir, () => true)) out.push(...(await list(sub, (n) => n === 'README.md')));
    return out;
  };
  return [...(await list('.', (n) => n === 'README.md')), ...(await readmesIn('packages')), ...(await readmesIn('examples')), ...(await list('docs/guides', (n) => n.endsWith('.md')))].sort();
}

/** A fresh project for one Markdown file's examples. */
async function project(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'msr-doc-example-'));
  await writeFile(join(dir, 'package.json'), JSON.stringify({ name: 'doc-example', private: true, type: 'module' }));
  await mkdir(join(dir, 'node_modules/@msr'), { recursive: true });
  for (const [name, path] of Object.entries(PACKAGES)) await symlink(join(repo, path), join(dir, 'node_modules/@msr', name), 'dir');
  await mkdir(join(dir, 'fixtures'), { recursive: true });
  await copyFile(join(repo, 'fixtures/dataset.zip'), join(dir, 'fixtures/dataset.zip'));
  await mkdir(join(dir, 'data/raw'), { recursive: true });
  await copyFile(join(repo, 'fixtures/playlists.json'), join(dir, 'data/raw/playlists.json'));
  const params = await readFile(join(repo, 'packages/pipeline/config/params.yaml'), 'utf8');
  await writeFile(join(dir, 'params.yaml'), params.replace(/n_estimators: \d+/, 'n_estimators: 20').replace(/learning_rate: [\d.]+/, 'learning_rate: 0.1'));
  await mkdir(join(dir, '.bin'));
  const shim = join(dir, '.bin/msr');
  await writeFile(shim, `#!/bin/sh\nexec "${process.execPath}" --conditions=@msr/source --import "${tsxLoader}" "${join(repo, 'packages/pipeline/src/bin.ts')}" "$@"\n`);
  await chmod(shim, 0o755);
  return dir;
}

function run(command: string, args: string[], cwd: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${join(cwd, '.bin')}:${process.env.PATH ?? ''}` };
    for (const key of Object.keys(env)) if (key.startsWith('MLFLOW_') || key.startsWith('MSR_')) delete env[key];
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('close', (code) => resolve({ code, output }));
  });
}

const files = await markdownFiles();

describe('code examples in the READMEs and guides run as written', () => {
  it('finds the documentation and reads skip marks', () => {
    expect(files).toContain('packages/pipeline/README.md');
    expect(files).toContain('docs/guides/pipeline.md');
    const blocks = codeBlocks('text\n<!-- example: skip — needs a server -->\n\n```ts\nawait f();\n```\n```sh\nmsr status\n```\n');
    expect(blocks).toEqual([
      { line: 4, lang: 'ts', code: 'await f();', skip: 'needs a server' },
      { line: 7, lang: 'sh', code: 'msr status' },
    ]);
  });

  for (const file of files) {
    // Read at collection time: the examples are the list of tests.
    const blocks = codeBlocks(readFileSync(join(repo, file), 'utf8')).filter((b) => KIND[b.lang] !== undefined);
    if (blocks.length === 0) continue;
    describe(file, () => {
      let dir: string;
      beforeAll(async () => {
        dir = await project();
      });
      afterAll(async () => {
        if (dir) await rm(dir, { recursive: true, force: true });
      });
      for (const block of blocks) {
        const name = `${file}:${block.line} (${block.lang})`;
        if (block.skip) {
          it.skip(`${name} — not run here: ${block.skip}`, () => {});
          continue;
        }
        it(name, { timeout: 180_000 }, async () => {
          let result;
          if (KIND[block.lang] === 'ts') {
            const script = join(dir, `example-${block.line}.ts`);
            await writeFile(script, `${block.code}\nexport {};\n`);
            result = await run(process.execPath, ['--conditions=@msr/source', '--import', tsxLoader, script], dir);
          } else {
            result = await run('bash', ['-e', '-o', 'pipefail', '-c', block.code], dir);
          }
          expect(result.code, `${name} failed in ${relative(repo, dir) || dir}:\n${result.output}`).toBe(0);
        });
      }
    });
  }
});
