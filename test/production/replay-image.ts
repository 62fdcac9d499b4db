/**
 * Replays the Dockerfile's build on this machine, which has no container engine: each stage is a
 * folder standing for its `/app`, COPY copies from the repository (filtered by `.dockerignore`,
 * as Docker's build context is) or from an earlier stage's folder, RUN runs its `npm` commands
 * there and `mkdir`, ENV feeds later RUNs and the processes started from the result. Ownership
 * (`chown`) is the only step left to the image; any other instruction or command it cannot
 * reproduce throws, so the Dockerfile and this replay cannot drift apart.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative, sep } from 'node:path';
import { contextFiles, dockerignore, healthcheckCommand, parseDockerfile, type Instruction, type Stage } from '../deploy/dockerfile.js';

/** What a replayed stage holds and what the image would run. */
export interface ReplayedStage {
  readonly name: string;
  /** The folder standing for the stage's `/app`. */
  readonly dir: string;
  /** ENV of the stage, `/app` mapped to `dir`, `$PATH` to this machine's PATH. */
  readonly env: Record<string, string>;
  /** Every file a COPY put there (stage-relative), in order. */
  readonly copied: string[];
  /** Commands left to the image (ownership). */
  readonly skipped: string[];
  /** The stage's last CMD. */
  readonly cmd: readonly string[];
  /** Its HEALTHCHECK's command, if it has one. */
  readonly healthcheck: readonly string[] | undefined;
}

/** One executed instruction, for the test's comparison with the Dockerfile. */
export interface ReplayLog {
  readonly stage: string;
  readonly instruction: Instruction;
}

function run(command: string, args: string[], cwd: string, env: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let tail = '';
    const keep = (d: Buffer): void => void (tail = (tail + d.toString()).slice(-4000));
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} (in ${cwd}) exited ${code}:\n${tail}`))));
  });
}

/** Every file under `dir`, relative to it (`/`-separated). */
export function filesUnder(dir: string): string[] {
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[])
    .filter((e) => e.isFile() || e.isSymbolicLink())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join('/'))
    .sort();
}

/** Splits a shell-form RUN into its `&&`-joined commands' words (no quoting is used in ours). */
function commandsOf(text: string): string[][] {
  if (/["'`|;><$()]/.test(text.replace(/&&/g, ''))) throw new Error(`RUN ${text}: the replay reads only plain commands joined by &&`);
  return text.split('&&').map((c) => c.trim().split(/\s+/));
}

/**
 * Replays `dockerfile` with `root` as the build context into `into` (one folder per stage).
 * `baseEnv` is the machine environment the RUN steps see (PATH, HOME, npm's cache).
 */
export async function replayImage(root: string, into: string, baseEnv: Record<string, string>): Promise<{ stages: ReplayedStage[]; log: ReplayLog[]; parsed: Stage[] }> {
  const parsed = parseDockerfile(readFileSync(join(root, 'Dockerfile'), 'utf8'));
  const ignored = dockerignore(readFileSync(join(root, '.dockerignore'), 'utf8'));
  const stages: ReplayedStage[] = [];
  const log: ReplayLog[] = [];
  for (const [index, stage] of parsed.entries()) {
    const name = stage.name ?? String(index);
    const dir = join(into, name);
    mkdirSync(dir, { recursive: true });
    const env: Record<string, string> = {};
    const copied: string[] = [];
    const skipped: string[] = [];
    let cmd: readonly string[] = [];
    let healthcheck: readonly string[] | undefined;
    const local = (path: string): string => path.replace(/\$PATH\b|\$\{PATH\}/g, baseEnv['PATH'] ?? '').replace(/(^|:)\/app(?=\/|:|$)/g, `$1${dir}`);
    for (const instruction of stage.instructions) {
      log.push({ stage: name, instruction });
      switch (instruction.keyword) {
        case 'WORKDIR':
          if (instruction.args[0] !== '/app') throw new Error(`Dockerfile:${instruction.line}: the replay maps /app only`);
          break;
        case 'ENV':
          for (const pair of instruction.args) {
            const eq = pair.indexOf('=');
            if (eq < 1) throw new Error(`Dockerfile:${instruction.line}: ENV ${pair}: the replay reads KEY=value pairs`);
            env[pair.slice(0, eq)] = local(pair.slice(eq + 1));
          }
          break;
        case 'COPY': {
          const sources = instruction.args.slice(0, -1);
          const dest = join(dir, instruction.args.at(-1)!.replace(/^\/app\/?/, ''));
          const from = instruction.flags['from'];
          for (const source of sources) {
            if (from) {
              const stageDir = stages.find((s) => s.name === from)?.dir;
              if (!stageDir) throw new Error(`Dockerfile:${instruction.line}: no earlier stage ${from}`);
              const abs = join(stageDir, source.replace(/^\/app\/?/, ''));
              cpSync(abs, dest, { recursive: true });
              const rel = dest.slice(dir.length + 1);
              for (const file of filesUnder(abs)) copied.push(join(rel, file));
              continue;
            }
            const isDir = statSync(join(root, source)).isDirectory();
            for (const file of contextFiles(root, source.replace(/\/$/, ''), ignored)) {
              const target = isDir ? join(dest, file.slice(source.replace(/\/$/, '').length + 1)) : join(dest, basename(file));
              mkdirSync(join(target, '..'), { recursive: true });
              cpSync(join(root, file), target);
              copied.push(target.slice(dir.length + 1));
            }
          }
          break;
        }
        case 'RUN':
          for (const [command, ...args] of commandsOf(instruction.text)) {
            if (command === 'npm') await run('npm', args, dir, { ...baseEnv, ...env });
            else if (command === 'mkdir' && args[0] === '-p') for (const d of args.slice(1)) mkdirSync(join(dir, d), { recursive: true });
            else if (command === 'chown') skipped.push([command, ...args].join(' '));
            else throw new Error(`Dockerfile:${instruction.line}: the replay cannot run "${command}"`);
          }
          break;
        case 'CMD':
          cmd = instruction.args;
          break;
        case 'HEALTHCHECK':
          healthcheck = healthcheckCommand(instruction);
          break;
        case 'USER':
        case 'VOLUME':
        case 'EXPOSE':
        case 'STOPSIGNAL':
        case 'LABEL':
        case 'ARG':
          break; // properties of the image, checked by test/deploy/dockerfile.test.ts
        default:
          throw new Error(`Dockerfile:${instruction.line}: the replay does not know ${instruction.keyword}`);
      }
    }
    stages.push({ name, dir, env, copied, skipped, cmd, healthcheck });
  }
  if (stages.length === 0) throw new Error('Dockerfile: no stage');
  return { stages, log, parsed };
}
