import { isCollection, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import type { ConfigIssue, ConfigResult } from '@msr/core';

/** A parsed YAML file kept with its source positions, for locating problems found later. */
export interface YamlSource {
  file: string;
  document: Document;
  lines: LineCounter;
}

/** Parses YAML text, reporting syntax errors with their line and column. */
export function readYaml(text: string, file: string): ConfigResult<YamlSource> {
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (document.errors.length > 0) {
    return {
      ok: false,
      issues: document.errors.map((error) => {
        const pos = lines.linePos(error.pos[0]);
        return { file, path: [], line: pos.line, column: pos.col, message: error.message.split('\n')[0]!, code: 'yaml_syntax' };
      }),
    };
  }
  return { ok: true, value: { file, document, lines } };
}

/**
 * Locates a key path in a parsed file: the value's position when it exists, otherwise the
 * nearest existing parent's (so a missing key points at the mapping that lacks it).
 */
export function locate(source: YamlSource, path: readonly (string | number)[]): { line: number; column: number } | undefined {
  let node: unknown = source.document.contents;
  let found = node;
  for (const key of path) {
    if (!isCollection(node)) break;
    const next = node.get(key, true);
    if (next === undefined) break;
    node = next;
    found = next;
  }
  const range = (found as { range?: [number, number, number] } | null)?.range;
  if (!range) return undefined;
  const pos = source.lines.linePos(range[0]);
  return { line: pos.line, column: pos.col };
}

/** Turns zod issues into config issues located in the file. */
export function toConfigIssues(source: YamlSource, issues: readonly z.core.$ZodIssue[]): ConfigIssue[] {
  return issues.flatMap((issue): ConfigIssue[] => {
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    // An unknown key is reported at the key itself, one issue per key.
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        file: source.file,
        path: [...path, key],
        ...locate(source, [...path, key]),
        message: `unknown key "${key}"`,
        code: issue.code,
      }));
    }
    return [{ file: source.file, path, ...locate(source, path), message: issue.message, code: issue.code }];
  });
}

/**
 * Parses a YAML configuration file against a zod schema. Returns the typed value, or every
 * problem — syntax errors, wrong types, missing and unknown keys, out-of-range values — each
 * with its file, key path and line.
 *
 * @example
 * ```ts
 * const result = parseYamlFile(text, 'params.yaml', paramsFileSchema);
 * if (!result.ok) for (const issue of result.issues) report(formatConfigIssue(issue));
 * ```
 */
export function parseYamlFile<S extends z.ZodType>(text: string, file: string, schema: S): ConfigResult<z.output<S>> {
  const read = readYaml(text, file);
  if (!read.ok) return read;
  return validateYaml(read.value, schema);
}

/** Validates an already-read YAML source against a schema. */
export function validateYaml<S extends z.ZodType>(source: YamlSource, schema: S): ConfigResult<z.output<S>> {
  const parsed = schema.safeParse(source.document.toJS());
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, issues: toConfigIssues(source, parsed.error.issues) };
}
