/**
 * Just enough of the Dockerfile and `.dockerignore` formats for the deployment tests: the
 * instructions of each stage (line continuations joined, comments dropped) and Docker's context
 * filter (patterns in order, the last match wins, `!` lets a path back in, a pattern matching a
 * parent folder matches what it holds). The rule tests read the image's properties from it, and
 * the production smoke test replays the same COPY and RUN steps.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** One instruction: its keyword (upper case), flags (`--from=build`) and arguments. */
export interface Instruction {
  readonly line: number;
  readonly keyword: string;
  readonly flags: Readonly<Record<string, string>>;
  /** The arguments: a JSON array's items, or the words of the shell form. */
  readonly args: readonly string[];
  /** The text after the keyword and flags, as written (shell form). */
  readonly text: string;
}

/** A build stage: `FROM image AS name` and what follows it. */
export interface Stage {
  readonly image: string;
  readonly name: string | undefined;
  readonly instructions: readonly Instruction[];
}

/** Parses a Dockerfile into stages. Throws on an instruction before the first FROM (ARG aside). */
export function parseDockerfile(text: string): Stage[] {
  const stages: { image: string; name: string | undefined; instructions: Instruction[] }[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const start = i + 1;
    let logical = lines[i]!;
    if (/^\s*(#|$)/.test(logical)) continue;
    while (logical.trimEnd().endsWith('\\') && i + 1 < lines.length) {
      logical = logical.trimEnd().slice(0, -1);
      i++;
      if (/^\s*#/.test(lines[i]!)) continue; // a comment inside a continuation is dropped
      logical += ` ${lines[i]!.trim()}`;
    }
    const match = /^\s*([A-Za-z]+)\s*(.*)$/.exec(logical);
    if (!match) throw new Error(`Dockerfile:${start}: cannot read "${logical}"`);
    const keyword = match[1]!.toUpperCase();
    let rest = match[2]!.trim();
    const flags: Record<string, string> = {};
    // HEALTHCHECK's flags come before CMD; COPY's and FROM's before their arguments.
    for (let flag = /^--([a-z-]+)(?:=(\S+))?\s*/.exec(rest); flag; flag = /^--([a-z-]+)(?:=(\S+))?\s*/.exec(rest)) {
      flags[flag[1]!] = flag[2] ?? 'true';
      rest = rest.slice(flag[0].length);
    }
    const args = rest.startsWith('[') ? (JSON.parse(rest) as string[]) : rest.split(/\s+/).filter(Boolean);
    const instruction: Instruction = { line: start, keyword, flags, args, text: rest };
    if (keyword === 'FROM') {
      const as = args.findIndex((a) => a.toUpperCase() === 'AS');
      stages.push({ image: args[0]!, name: as >= 0 ? args[as + 1] : undefined, instructions: [] });
    } else if (stages.length === 0) {
      if (keyword !== 'ARG') throw new Error(`Dockerfile:${start}: ${keyword} before the first FROM`);
    } else {
      stages.at(-1)!.instructions.push(instruction);
    }
  }
  return stages;
}

/** HEALTHCHECK's own command: the arguments after its `CMD`. */
export function healthcheckCommand(instruction: Instruction): string[] {
  const rest = instruction.text.replace(/^CMD\s+/i, '');
  return rest.startsWith('[') ? (JSON.parse(rest) as string[]) : ['/bin/sh', '-c', rest];
}

function patternToRegExp(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*' && pattern[i + 1] === '*') {
      // `**/` matches any number of folders (none included); a trailing `**` anything.
      if (pattern[i + 2] === '/') {
        source += '(?:.*/)?';
        i += 2;
      } else {
        source += '.*';
        i++;
      }
    } else if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else source += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

/** A `.dockerignore` as a predicate over context-relative paths (`/`-separated). */
export function dockerignore(text: string): (path: string) => boolean {
  const rules = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const negated = l.startsWith('!');
      const pattern = (negated ? l.slice(1) : l).replace(/^\/+|\/+$/g, '');
      return { negated, regexp: patternToRegExp(pattern) };
    });
  return (path) => {
    const parts = path.split('/');
    const candidates = parts.map((_, i) => parts.slice(0, i + 1).join('/'));
    let excluded = false;
    for (const rule of rules) if (candidates.some((c) => rule.regexp.test(c))) excluded = !rule.negated;
    return excluded;
  };
}

/** The files under `path` (a file or a folder) of the context `root` that `ignored` lets through. */
export function contextFiles(root: string, path: string, ignored: (path: string) => boolean): string[] {
  const rel = (p: string): string => relative(root, p).split(sep).join('/');
  const out: string[] = [];
  const walk = (abs: string): void => {
    const r = rel(abs);
    if (statSync(abs).isDirectory()) {
      // node_modules is never part of the image's context (the .dockerignore test checks it).
      if (r.split('/').includes('node_modules') && ignored(`${r}/x`)) return;
      for (const entry of readdirSync(abs).sort()) walk(join(abs, entry));
    } else if (!ignored(r)) out.push(r);
  };
  walk(join(root, path));
  return out;
}
