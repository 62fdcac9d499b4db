/**
 * `npm run bench:bundle [-- --dist]`: the browser bundle of the recommend path
 * (`recommend` + `RecommenderModel` from `@msr/core/recommend`, esbuild, minified), its minified
 * and gzipped sizes beside the 40 kB gzipped anchor, and what fills it. `--dist` measures the
 * built package (`npm run build -w @msr/core` first) instead of the TypeScript source.
 */
import { BROWSER_BUNDLE_ANCHOR_BYTES, buildBrowserBundle } from './browser-bundle.js';

const from = process.argv.includes('--dist') ? 'dist' : 'source';
const bundle = await buildBrowserBundle({ from });
const kB = (bytes: number): string => `${(bytes / 1000).toFixed(1)} kB`;

console.log(`browser bundle of @msr/core/recommend (recommend + RecommenderModel), from ${from}`);
console.log(`  minified  ${kB(bundle.minifiedBytes)}`);
console.log(`  gzipped   ${kB(bundle.gzippedBytes)}   anchor ${kB(BROWSER_BUNDLE_ANCHOR_BYTES)}   ratio ${(bundle.gzippedBytes / BROWSER_BUNDLE_ANCHOR_BYTES).toFixed(2)}`);
console.log('  minified bytes by origin:');
for (const [origin, bytes] of [...bundle.inputs].sort((a, b) => b[1] - a[1]).slice(0, 12)) {
  console.log(`    ${origin.padEnd(40)} ${kB(bytes).padStart(9)}`);
}
if (bundle.gzippedBytes > BROWSER_BUNDLE_ANCHOR_BYTES) process.exitCode = 1;
