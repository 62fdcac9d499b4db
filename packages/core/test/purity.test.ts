/**
 * `@msr/core` must run in browsers and edge workers: its source may not import Node built-ins
 * (with or without the `node:` prefix) nor reach for Node-only globals.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const srcDir = new URL('../src/', import.meta.url).pathname;
const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** Every module specifier in static imports/exports, dynamic imports and require calls. */
export function specifiers(code: string): string[] {
  const found: string[] = [];
  const patterns = [
    /\b(?:import|export)\s[^'"]*?\sfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const pattern of patterns) for (const match of code.matchAll(pattern)) found.push(match[1]!);
  return found;
}

describe('@msr/core purity', () => {
  const files = sourceFiles(srcDir);

  it('has source files to check', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it('the specifier scanner catches every import form', () => {
    const code = [
      "import { readFile } from 'node:fs/promises';",
      "import type { X } from './x.js';",
      "export * from 'path';",
      "import 'node:process';",
      "const m = await import('node:crypto');",
      "const f = require('fs');",
    ].join('\n');
    expect(specifiers(code)).toEqual(
      expect.arrayContaining(['node:fs/promises', './x.js', 'path', 'node:process', 'node:crypto', 'fs']),
    );
    expect(specifiers(code).filter((s) => builtins.has(s) || s.startsWith('node:'))).toHaveLength(5);
  });

  it('imports no Node built-in module', () => {
    const offenders = files.flatMap((file) =>
      specifiers(readFileSync(file, 'utf8'))
        .filter((s) => s.startsWith('node:') || builtins.has(s) || builtins.has(s.split('/')[0]!))
        .map((s) => `${relative(srcDir, file)} imports ${s}`),
    );
    expect(offenders).toEqual([]);
  });

  it('uses no Node-only globals (process, Buffer, __dirname, require)', () => {
    const offenders = files.flatMap((file) => {
      const code = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      return [...code.matchAll(/\b(process\.|Buffer\.|__dirname|__filename|require\()/g)].map(
        (m) => `${relative(srcDir, file)} uses ${m[1]}`,
      );
    });
    expect(offenders).toEqual([]);
  });
});
