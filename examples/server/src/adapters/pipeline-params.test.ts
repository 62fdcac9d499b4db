import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createPipelineParamsStore, defaultPipelineParams, pipelineParamsValidator, readPipelineConfigTexts, type PipelineConfigTexts } from './pipeline-params.js';

const dirs: string[] = [];
afterEach(() => {
  while (dirs.length) rmSync(dirs.pop()!, { recursive: true, force: true });
});

/** The shipped texts with `config.yaml`'s genre list replaced. */
function withGenres(genres: string[]): PipelineConfigTexts {
  const shipped = readPipelineConfigTexts();
  return { ...shipped, config: { file: 'config.yaml', text: shipped.config.text.replace(/ {2}genres:\n( {4}- .*\n)+|^ {2}min_recordings: .*\n/m, `  genres:\n${genres.map((g) => `    - ${g}\n`).join('')}`) } };
}

describe('params validated as the pipeline validates them', () => {
  it('accepts the shipped params with the shipped config, and refuses a wrong n_components count with the reason', () => {
    // The shipped config.yaml lets the data choose the genres; list the original's ten.
    const texts = withGenres(['alternative', 'classical', 'country', 'edm', 'hip-hop', 'jazz', 'latin', 'pop', 'r-n-b', 'rock']);
    const validate = pipelineParamsValidator(texts);
    const shipped = defaultPipelineParams(texts);
    expect(shipped.GaussianMixture.n_components).toHaveLength(10);
    expect(validate(shipped)).toEqual({ ok: true, value: shipped });
    // Without a genre list the shipped params.yaml is kept: every genre gets default_n_components.
    expect(defaultPipelineParams(readPipelineConfigTexts()).GaussianMixture).toMatchObject({ default_n_components: 3 });
    expect(validate(defaultPipelineParams(readPipelineConfigTexts())).ok).toBe(true);
    const short = validate({ ...shipped, GaussianMixture: { ...shipped.GaussianMixture, n_components: [3, 3] } });
    expect(short).toEqual({
      ok: false,
      issues: [{ path: ['GaussianMixture', 'n_components'], message: expect.stringMatching(/^lists 2 component counts but .*config\.yaml lists 10 genres; give one per genre, in the same order$/) }],
    });
  });

  it('reports shape problems by key, including unknown keys and core-only extensions', () => {
    const validate = pipelineParamsValidator(readPipelineConfigTexts());
    const base = defaultPipelineParams(readPipelineConfigTexts());
    expect(validate({ ...base, GradientBoostingClassifier: { ...base.GradientBoostingClassifier, learning_rate: 0 } })).toMatchObject({ ok: false, issues: [{ path: ['GradientBoostingClassifier', 'learning_rate'] }] });
    expect(validate({ ...base, Extra: {} })).toMatchObject({ ok: false, issues: [{ path: [], message: expect.stringMatching(/unrecognized key/i) }] });
    expect(validate({ ...base, GradientBoostingClassifier: { ...base.GradientBoostingClassifier, subsample: 0.8 } }).ok).toBe(true);
    expect(validate('not params').ok).toBe(false);
  });

  it('creates the server file from the shipped defaults, resized to the configured genres, and never writes the shipped one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'msr-params-'));
    dirs.push(dir);
    const texts = withGenres(['rock', 'jazz', 'edm']);
    const shippedBefore = readFileSync(texts.shippedParams.file, 'utf8');
    const path = join(dir, 'server', 'params.yaml');
    const store = await createPipelineParamsStore(path, texts);
    expect(existsSync(path)).toBe(true);
    expect((await store.read()).GaussianMixture.n_components).toEqual([3, 3, 3]);
    await store.write({ ...(await store.read()), GradientBoostingClassifier: { learning_rate: 0.1, max_depth: 3, n_estimators: 20 } });
    expect(readFileSync(texts.shippedParams.file, 'utf8')).toBe(shippedBefore);

    // With the shipped genre count, the shipped text is copied with its comments.
    const same = join(dir, 'same.yaml');
    await createPipelineParamsStore(same, readPipelineConfigTexts());
    expect(readFileSync(same, 'utf8')).toContain("# Every genre's component count.");
    // An existing file is left as it is.
    writeFileSync(same, 'GradientBoostingClassifier: {learning_rate: 0.2, max_depth: 2, n_estimators: 5}\nGaussianMixture: {covariance_type: full, n_components: [1,1,1,1,1,1,1,1,1,1], random_state: 1}\n');
    const again = await createPipelineParamsStore(same, readPipelineConfigTexts());
    expect((await again.read()).GradientBoostingClassifier.learning_rate).toBe(0.2);
  });
});

describe("the server reads config.yaml with the pipeline's parser", () => {
  it('refuses a config.yaml the pipeline would refuse, naming the file and key (it was read loosely: genres: 5 meant no genres)', () => {
    const shipped = readPipelineConfigTexts();
    const broken = { ...shipped, config: { file: '/srv/msr/config.yaml', text: shipped.config.text.replace(/^data_transformation:\n/m, 'data_transformation:\n  genres: 5\n') } };
    expect(() => defaultPipelineParams(broken)).toThrow(expect.objectContaining({ code: 'ERR_INVALID_CONFIG', message: expect.stringContaining('/srv/msr/config.yaml') }));
    expect(() => defaultPipelineParams(broken)).toThrow(/data_transformation\.genres/);
  });
});
