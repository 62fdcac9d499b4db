import type { Options } from 'tsup';

/** The build every published package shares: ESM + CJS + d.ts, run from the package folder. */
export const libraryBuild = {
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  // Subpath entries share their modules through chunks, in CommonJS too: one class per
  // concept, so `instanceof` holds across `@msr/core` and `@msr/core/recommend`.
  splitting: true,
  sourcemap: true,
  target: 'es2022',
  tsconfig: 'tsconfig.json',
} satisfies Options;
