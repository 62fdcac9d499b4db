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
    // The `msr` executable: ESM only (top-level await), its shebang kept by esbuild.
    entry: { msr: 'src/bin.ts' },
    format: ['esm'],
    sourcemap: true,
    target: 'es2022',
    tsconfig: 'tsconfig.json',
  },
]);
