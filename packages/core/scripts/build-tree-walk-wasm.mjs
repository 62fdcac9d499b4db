// Assembles src/models/gradient-boosting/tree-walk-wasm.wat into tree-walk-wasm.ts (the bytes as
// base64), so @msr/core ships no binary file and needs no loader or I/O:
// `node packages/core/scripts/build-tree-walk-wasm.mjs` (wabt is a devDependency of @msr/core).
// tree-walk-wasm.test.ts fails when the two drift apart.
import { readFileSync, writeFileSync } from 'node:fs';
import wabtFactory from 'wabt';

const dir = new URL('../src/models/gradient-boosting/', import.meta.url);
const wabt = await wabtFactory();
const module = wabt.parseWat('tree-walk-wasm.wat', readFileSync(new URL('tree-walk-wasm.wat', dir), 'utf8'), { simd: true });
const { buffer } = module.toBinary({});
writeFileSync(
  new URL('tree-walk-wasm.ts', dir),
  `// Generated from tree-walk-wasm.wat by packages/core/scripts/build-tree-walk-wasm.mjs — do not edit.\n` +
    `export const TREE_WALK_WASM_BASE64 =\n  '${Buffer.from(buffer).toString('base64')}';\n`,
);
console.log(`tree-walk-wasm.ts: ${buffer.length} bytes of WebAssembly`);
