/**
 * Issue 13: every decision record carries a status line, and docs/decisions/README.md indexes
 * every record with its current title and status (`npm run decisions:index` rewrites it).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readDecisions, withIndex } from '../scripts/decisions/decisions-index.js';

const dir = new URL('../docs/decisions/', import.meta.url).pathname;

describe('docs/decisions', () => {
  const records = readDecisions(dir);

  it('gives every record a status line', () => {
    expect(records.length).toBeGreaterThan(70);
    expect(records.filter((r) => r.status === undefined).map((r) => r.file)).toEqual([]);
  });

  it('names the record that supersedes or amends one that no longer stands whole', () => {
    for (const r of records.filter((x) => /superseded|amended|refined/.test(x.status ?? ''))) {
      expect(r.status, r.file).toMatch(/\b\d{4}\b/);
      for (const n of r.status!.match(/\b\d{4}\b/g)!) expect(records.map((x) => x.number), `${r.file} → ${n}`).toContain(n);
    }
  });

  it('has an index in README.md that matches the records (npm run decisions:index)', () => {
    const readme = readFileSync(`${dir}README.md`, 'utf8');
    expect(withIndex(readme, records)).toBe(readme);
  });

  it('catches a record missing from the index (the check can fail)', () => {
    const readme = readFileSync(`${dir}README.md`, 'utf8');
    const more = [...records, { file: '9999-x.md', number: '9999', title: 'x', status: 'accepted.' }];
    expect(withIndex(readme, more)).not.toBe(readme);
  });
});
