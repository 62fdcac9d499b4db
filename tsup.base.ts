import type { Options } from 'tsup';

/** The build every published package shares: ESM + CJS + d.ts, run from the package folder. */
export const libraryBuild = {
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'es2022',
  tsconfig: 'tsconfig.json',
} satisfies Options;
