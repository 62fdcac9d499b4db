/**
 * The recommender's figures for candidate classifier values on validation splits of the training
 * recordings only (bench:recommend's outer 80/20 split's 80%, then 75/25 by recording; decisions
 * 0960, 1000): `node --conditions=@msr/source --import tsx packages/core/bench/classifier-recommender-validation.ts '<configs JSON>' [seeds, default 1]`.
 */
import { FEATURE_NAMES } from '../src/data/features.js';
import { GaussianMixture } from '../src/models/gaussian-mixture/gaussian-mixture.js';
import { GradientBoostingClassifier, type GradientBoostingClassifierOptions } from '../src/models/gradient-boosting/gradient-boosting-classifier.js';
import { StandardScaler } from '../src/preprocessing/standard-scaler.js';
import { recordingGroups } from '../src/preprocessing/recording-groups.js';
import { trainTestSplitIndices } from '../src/preprocessing/train-test-split.js';
import { evaluateRecommender } from '../src/recommend/evaluate-recommender.js';
import { RecommenderModel, type CatalogSong } from '../src/recommend/recommender-model.js';
import { loadTracks } from './tracks-csv.js';

const all = loadTracks(new URL('../../../../shared/data/spotify-tracks-9-genres.csv', import.meta.url).pathname);
const genres = [...new Set(all.genres)].sort();
const yAll = all.genres.map((g) => genres.indexOf(g));
const outer = trainTestSplitIndices(all.X.length, { testSize: 0.2, randomState: 42, stratify: yAll, groups: recordingGroups(all.X.map((features) => ({ features }))) });
const keep = Array.from(outer.train);
const tracks = { ids: keep.map((i) => all.ids[i]!), X: keep.map((i) => all.X[i]!), genres: keep.map((i) => all.genres[i]!) };
const y = tracks.genres.map((g) => genres.indexOf(g));
const groups = recordingGroups(tracks.X.map((features) => ({ features })));
const configs: Record<string, GradientBoostingClassifierOptions> = JSON.parse(process.argv[2]!);
const seeds = (process.argv[3] ?? '1').split(',').map(Number);
for (const [name, o] of Object.entries(configs)) {
  const rows: string[] = [];
  for (const seed of seeds) {
    const split = trainTestSplitIndices(tracks.X.length, { testSize: 0.25, randomState: seed, stratify: y, groups });
    const scaler = new StandardScaler().fit(tracks.X);
    const classifier = new GradientBoostingClassifier({ randomState: 42, ...o }).fit(Array.from(split.train, (i) => tracks.X[i]!), Array.from(split.train, (i) => y[i]!));
    const genreModels = genres.map((genre) => {
      const members = tracks.genres.flatMap((g, i) => (g === genre ? [i] : []));
      const mixture = new GaussianMixture({ nComponents: 3, covarianceType: 'spherical', randomState: 42 }).fit(scaler.transform(members.map((i) => tracks.X[i]!)));
      const songs: CatalogSong[] = members.map((i) => ({ uri: tracks.ids[i]!, features: tracks.X[i]! }));
      return { genre, mixture, songs };
    });
    const model = RecommenderModel.build({ scaler, classifier, genres, genreModels });
    const test = Array.from(split.test, (i) => ({ uri: tracks.ids[i]!, genre: tracks.genres[i]!, features: Object.fromEntries(FEATURE_NAMES.map((n, f) => [n, tracks.X[i]![f]!])) }));
    const report = evaluateRecommender(model, test, { playlists: 300 });
    const get = (s: string, f: string) => report.figures.find((x) => x.system === s && x.family === f)!;
    const knn = Math.max(get('knn-mean', 'coherent').recallAt20, get('knn-sum', 'coherent').recallAt20);
    rows.push(`seed ${seed}: coherent ${get('default', 'coherent').recallAt20.toFixed(3)} (${(get('default', 'coherent').recallAt20 / knn).toFixed(2)}×) acc ${(100 * get('default', 'coherent').genreAccuracy).toFixed(1)} random-acc ${(100 * get('default', 'random').genreAccuracy).toFixed(1)} 3-track ${get('default', 'three-track').recallAt20.toFixed(3)} both ${(100 * get('default', 'mix').bothGenres).toFixed(1)} cov ${(100 * report.coverage.find((c) => c.system === 'default')!.coverage).toFixed(1)}`);
  }
  console.log(name, '\n  ' + rows.join('\n  '));
}
