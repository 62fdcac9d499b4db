/**
 * The browser bundle of the recommend path — `recommend` + `RecommenderModel` imported from
 * `@msr/core/recommend`, as a web page would — built with esbuild (minified, ESM, browser
 * platform), and its size against the 40 kB gzipped anchor of issue 13. Shared by
 * `npm run bench:bundle` and `test/browser-bundle.test.ts`.
 */
import { gzipSync } from 'node:zlib';
import { build, type Metafile } from 'esbuild';

/** The gzipped size the recommend path must stay within, in bytes (40 kB). */
export const BROWSER_BUNDLE_ANCHOR_BYTES = 40_000;

/** What a browser imports to load a bundle and recommend. */
export const BROWSER_ENTRY = "export { recommend, RecommenderModel } from '@msr/core/recommend';";

/** A built browser bundle and its sizes. */
export interface BrowserBundle {
  /** The minified ESM code. */
  code: string;
  minifiedBytes: number;
  /** gzip level 9, as a server compressing static files would send it. */
  gzippedBytes: number;
  /** Bytes in the output per package (`zod`, `yaml`, …) or per `@msr/core` source folder. */
  inputs: Map<string, number>;
}

/** Options of {@link buildBrowserBundle}. */
export interface BrowserBundleOptions {
  /**
   * Bundle `@msr/core`'s TypeScript source (`@msr/source` condition, no build needed) or its
   * built `dist/` (what npm users get; run `npm run build -w @msr/core` first).
   * @default 'source'
   */
  from?: 'source' | 'dist';
  /** @default BROWSER_ENTRY */
  entry?: string;
}

/** Builds the browser bundle in memory and measures it. */
export async function buildBrowserBundle(options: BrowserBundleOptions = {}): Promise<BrowserBundle> {
  const result = await build({
    stdin: { contents: options.entry ?? BROWSER_ENTRY, resolveDir: new URL('..', import.meta.url).pathname, loader: 'ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: (options.from ?? 'source') === 'source' ? ['@msr/source'] : [],
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]!.text;
  return { code, minifiedBytes: Buffer.byteLength(code), gzippedBytes: gzipSync(code, { level: 9 }).length, inputs: bytesByOrigin(result.metafile) };
}

/** `node_modules/zod/v4/mini/schemas.js` → `zod`; `src/models/gaussian-mixture/x.ts` → `@msr/core src/models`. */
function bytesByOrigin(metafile: Metafile): Map<string, number> {
  const sizes = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [path, { bytesInOutput }] of Object.entries(output.inputs)) {
      if (bytesInOutput === 0) continue;
      const parts = path.split('node_modules/').at(-1)!.split('/');
      const origin = path.includes('node_modules/')
        ? parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!
        : `@msr/core ${path.replace(/^.*?(src|dist)\//, '$1/').split('/').slice(0, 2).join('/')}`;
      sizes.set(origin, (sizes.get(origin) ?? 0) + bytesInOutput);
    }
  }
  return sizes;
}
