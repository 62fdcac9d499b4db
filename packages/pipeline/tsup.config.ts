import { defineConfig } from 'tsup';

export default defineConfig([
  {
    entry: ['src/index.ts'],
    format: ['esm', 'cjs'],
    dts: true,
    clean: true,
    sourcemap: true,
    target: 'es2022',
    tsconfig: 'tsconfig.json',
    // import.meta.url locates the shipped config/ directory, also from the CommonJS build.
    shims: true,
  },
  {
    // The `msr` executable (ESM only: top-level await; its shebang kept by esbuild) and the
    // classifier-fitting worker, which `dist/index.*` start from beside themselves.
    entry: { msr: 'src/bin.ts', 'fit-worker': 'src/models/fit-worker.ts' },
    format: ['esm'],
    sourcemap: true,
    target: 'es2022',
    tsconfig: 'tsconfig.json',
  },
]);
