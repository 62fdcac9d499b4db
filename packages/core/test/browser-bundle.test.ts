/**
 * Issue 13: a web page that loads a bundle and recommends ships at most 40 kB gzipped. The
 * bundle is built the way a page would build it (esbuild, `@msr/core/recommend`), measured, then
 * run: it restores a real bundle, recommends, and refuses a bad bundle with the same typed error,
 * in English, naming the field.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_BUNDLE_ANCHOR_BYTES, buildBrowserBundle, type BrowserBundle } from '../bench/browser-bundle.js';
import { RecommenderModel, recommend } from '../src/recommend/index.js';
import { toyModel, toySongs } from './toy-model.js';

let bundle: BrowserBundle;
let dir: string;
let browser: typeof import('../src/recommend/index.js');

beforeAll(async () => {
  bundle = await buildBrowserBundle();
  dir = mkdtempSync(join(tmpdir(), 'msr-browser-bundle-'));
  const file = join(dir, 'recommend.mjs');
  writeFileSync(file, bundle.code);
  browser = await import(pathToFileURL(file).href);
}, 60_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the browser bundle of @msr/core/recommend', () => {
  it(`is at most ${BROWSER_BUNDLE_ANCHOR_BYTES / 1000} kB gzipped`, () => {
    expect(bundle.gzippedBytes).toBeLessThanOrEqual(BROWSER_BUNDLE_ANCHOR_BYTES);
  });

  it('ships neither yaml nor zod locales other than English', () => {
    expect([...bundle.inputs.keys()]).not.toContain('yaml');
    expect(bundle.code).not.toMatch(/Zbyt mały|Trop petit|Zu klein/); // Polish, French, German
    expect(bundle.code).toContain('Too small');
  });

  it('restores a real bundle and recommends', () => {
    const songs = toySongs(40);
    const json = JSON.parse(JSON.stringify(toyModel(songs).toJSON()));
    const model = browser.RecommenderModel.fromJSON(json);
    const playlist = songs.slice(0, 3).map((s) => ({ uri: s.uri, features: s.features }));
    const result = browser.recommend(playlist, model, { count: 12 });
    expect(result.recommendations).toHaveLength(12);
    // The same answer as the package itself gives.
    expect(result).toEqual(recommend(playlist, RecommenderModel.fromJSON(json), { count: 12 }));
  });

  it('refuses a bad bundle with a typed error naming the field, in English', () => {
    const json = JSON.parse(JSON.stringify(toyModel(toySongs(20)).toJSON()));
    json.genreModels[1].catalog.labels[0] = 'two';
    const refuse = () => browser.RecommenderModel.fromJSON(json);
    expect(refuse).toThrow(browser.InvalidArgumentError);
    expect(refuse).toThrow(/^json\.genreModels\.1\.catalog\.labels\.0: Invalid input: expected number, received string \(not a valid recommender model\)$/);
    json.genreModels[1].catalog.labels[0] = 0;
    json.classifier.options.maxBins = 300;
    expect(refuse).toThrow(expect.objectContaining({ code: 'ERR_MODEL_FORMAT', message: expect.stringMatching(/^json\.classifier: .*options\.maxBins.*Too big: expected number to be <=255/) }));
  });
});
