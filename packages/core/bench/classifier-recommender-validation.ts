/**
 * The recommender's figures for candidate classifier values on validation splits of the training
 * recordings only (bench:recommend's outer 80/20 split's 80%, then 75/25 by recording; decisions
 * 0960, 1000): `node --conditions=@msr/source --import tsx packages/core/bench/classifier-recommender-validation.ts '<configs JSON>' [seeds, default 1]`.
 */
import { evaluateRecommender } from '../src/recommend/evaluate-recommender.js';
import type { GradientBoostingClassifierOptions } from '../src/models/gradient-boosting/gradient-boosting-classifier.js';
import { benchData, buildModel, innerSplit, labelledSongs } from './bench-split.js';

const data = benchData();
const configs: Record<string, GradientBoostingClassifierOptions> = JSON.parse(process.argv[2]!);
const seeds = (process.argv[3] ?? '1').split(',').map(Number);
for (const [name, o] of Object.entries(configs)) {
  const rows: string[] = [];
  for (const seed of seeds) {
    const { fitRows, validationRows } = innerSplit(data, { testSize: 0.25, randomState: seed });
    // Scaler, mixtures and catalog on every training song; the classifier on the inner 75%.
    const model = buildModel(data, data.outer.train, fitRows, { randomState: 42, ...o });
    const report = evaluateRecommender(model, labelledSongs(data.tracks, validationRows), { playlists: 300 });
    const get = (s: string, f: string) => report.figures.find((x) => x.system === s && x.family === f)!;
    const knn = Math.max(get('knn-mean', 'coherent').recallAt20, get('knn-sum', 'coherent').recallAt20);
    rows.push(`seed ${seed}: coherent ${get('default', 'coherent').recallAt20.toFixed(3)} (${(get('default', 'coherent').recallAt20 / knn).toFixed(2)}×) acc ${(100 * get('default', 'coherent').genreAccuracy).toFixed(1)} random-acc ${(100 * get('default', 'random').genreAccuracy).toFixed(1)} 3-track ${get('default', 'three-track').recallAt20.toFixed(3)} both ${(100 * get('default', 'mix').bothGenres).toFixed(1)} cov ${(100 * report.coverage.find((c) => c.system === 'default')!.coverage).toFixed(1)}`);
  }
  console.log(name, '\n  ' + rows.join('\n  '));
}
