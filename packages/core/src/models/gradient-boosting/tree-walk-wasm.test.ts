import { readFileSync } from 'node:fs';
import wabtFactory from 'wabt';
import { describe, expect, it } from 'vitest';
import { TREE_WALK_WASM_BASE64 } from './tree-walk-wasm.js';

describe('tree-walk-wasm.ts', () => {
  it('holds exactly the assembled tree-walk-wasm.wat (run packages/core/scripts/build-tree-walk-wasm.mjs after editing it)', async () => {
    const wabt = await wabtFactory();
    const source = readFileSync(new URL('tree-walk-wasm.wat', import.meta.url), 'utf8');
    const { buffer } = wabt.parseWat('tree-walk-wasm.wat', source, { simd: true }).toBinary({});
    expect(TREE_WALK_WASM_BASE64).toBe(Buffer.from(buffer).toString('base64'));
  });
});
