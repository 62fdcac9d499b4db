import { afterEach, describe, expect, it } from 'vitest';
import { Client, makeTestApp, type TestApp } from './support/test-app.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

/** The page's text without tags, whitespace collapsed. */
const textOf = async (res: Response) => (await res.text()).replace(/<[^>]+>/g, ' ').replace(/&#39;/g, "'").replace(/\s+/g, ' ');

describe('/about describes the algorithm this server runs', () => {
  it('the default strategy (mixture): genre shares of the playlist, closeness to the tracks each genre explains', async () => {
    t = await makeTestApp();
    const text = await textOf(await new Client(t.app).request('/about'));
    expect(t.config.recommend.strategy).toBe('mixture');
    expect(text).toContain('how much of your playlist belongs to each genre');
    // core's default diversity (maximal marginal relevance) is part of what runs.
    expect(text).toContain('near-duplicates of a song already chosen pushed down');
    expect(text).not.toContain('mixes genres');
  });

  it('mean-proba: per-track probabilities, cluster likelihood times closeness', async () => {
    t = await makeTestApp({ config: { recommend: { strategy: 'mean-proba' } } });
    const text = await textOf(await new Client(t.app).request('/about'));
    expect(text).toContain('gives each track of your playlist a probability for every genre');
    expect(text).toContain('scored by the likelihood of its cluster times how close it sits');
    expect(text).not.toContain('mixes genres');
  });

  it("the original algorithm and multi-genre sharing when configured so", async () => {
    t = await makeTestApp({ config: { recommend: { strategy: 'mean-features', multiGenre: true } } });
    const text = await textOf(await new Client(t.app).request('/about'));
    expect(text).toContain("This server runs the original project's algorithm");
    expect(text).toContain('A playlist that mixes genres gets songs from each of them');
  });
});
