/** The guide's per-endpoint retry table must say what the code does. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENDPOINTS } from '../src/index.js';
import { REPO_ROOT } from './mlflow-server/provision.js';

describe('docs/guides/mlflow.md', () => {
  it('documents every endpoint with its method, path and retry class', async () => {
    const guide = await readFile(join(REPO_ROOT, 'docs', 'guides', 'mlflow.md'), 'utf8');
    const rows = [...guide.matchAll(/^\| `(\w+)` \| (GET|POST|PATCH|PUT|DELETE) \| `([^`]+)` \| (idempotent|reconcile|create) \|$/gm)].map((m) => [m[1], m[2], m[3], m[4]]);
    const expected = Object.entries(ENDPOINTS).map(([name, e]) => [name, e.method, e.path, e.retry]);
    expect(rows).toEqual(expected);
  });
});
