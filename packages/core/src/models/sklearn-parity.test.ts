/**
 * Parity with scikit-learn 1.2.1 on the committed fixture dataset. The reference figures are
 * golden JSON written by scripts/sklearn/parity_golden.py (Debian's python3-sklearn); these
 * tests need no Python. Metrics must match exactly on the same labels; the models, being our
 * own implementations, within the tolerances of issue 3.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTracks, type Tracks } from '../../bench/tracks-csv.js';
import { accuracyScore } from '../metrics/accuracy-score.js';
import { calinskiHarabaszScore } from '../metrics/calinski-harabasz-score.js';
import { classificationReport } from '../metrics/classification-report.js';
import { confusionMatrix } from '../metrics/confusion-matrix.js';
import { daviesBouldinScore } from '../metrics/davies-bouldin-score.js';
import { precisionRecallFscore, type PrecisionRecallFscore } from '../metrics/precision-recall-fscore.js';
import { silhouetteScore } from '../metrics/silhouette-score.js';
import { LabelEncoder } from '../preprocessing/label-encoder.js';
import { MinMaxScaler } from '../preprocessing/min-max-scaler.js';
import { StandardScaler } from '../preprocessing/standard-scaler.js';
import { GaussianMixture } from './gaussian-mixture/gaussian-mixture.js';
import { GradientBoostingClassifier } from './gradient-boosting/gradient-boosting-classifier.js';

interface ClusterFigures {
  silhouette: number;
  calinskiHarabasz: number;
  daviesBouldin: number;
}

interface Golden {
  dataset: { file: string; sha256: string; rows: number };
  genres: string[];
  split: { testIndices: number[] };
  classifier: { params: { learning_rate: number; max_depth: number; n_estimators: number; random_state: number }; accuracy: number; predictions: number[] };
  metrics: Omit<PrecisionRecallFscore, 'labels'> & {
    accuracy: number;
    confusionMatrix: number[][];
    report: string;
    report4: string;
  };
  genreClusterMetrics: ClusterFigures;
  clustering: {
    params: { n_components: number; covariance_type: 'spherical'; random_state: number };
    genres: Record<string, { rows: number; gmm: ClusterFigures & { meanLogLikelihood: number }; keyMod3: ClusterFigures }>;
  };
  scalers: {
    minMax: { dataMin: number[]; dataMax: number[]; firstRows: number[][] };
    standard: { mean: number[]; scale: number[]; firstRows: number[][] };
  };
}

const root = resolve(new URL('.', import.meta.url).pathname, '../../../..');
// MSR_SKLEARN_GOLDEN points at another golden file (e.g. one made from the real data).
const goldenPath = process.env.MSR_SKLEARN_GOLDEN ?? new URL('./__fixtures__/sklearn-golden.json', import.meta.url).pathname;
const golden: Golden | undefined = existsSync(goldenPath) ? (JSON.parse(readFileSync(goldenPath, 'utf8')) as Golden) : undefined;
const datasetPath = golden ? resolve(root, golden.dataset.file) : '';
const ready = golden !== undefined && existsSync(datasetPath);

/** |actual − expected| ≤ 1e-9 · max(1, |expected|), element-wise. */
function expectClose(actual: ArrayLike<number>, expected: readonly number[], tolerance = 1e-9): void {
  expect(actual.length).toBe(expected.length);
  expected.forEach((value, i) => expect(Math.abs(actual[i]! - value)).toBeLessThanOrEqual(tolerance * Math.max(1, Math.abs(value))));
}

describe.skipIf(!ready)(`parity with scikit-learn (${ready ? golden!.dataset.file : `skipped: no golden/dataset at ${goldenPath}`})`, () => {
  const g = golden!;
  let tracks: Tracks;
  let y: Int32Array;
  const test = new Set(g?.split.testIndices ?? []);
  const rowsOf = (part: 'train' | 'test'): number[] =>
    part === 'test' ? g.split.testIndices : tracks.X.map((_, i) => i).filter((i) => !test.has(i));

  it('reads the dataset the golden figures were made from', () => {
    const digest = createHash('sha256').update(readFileSync(datasetPath)).digest('hex');
    expect(digest, `${g.dataset.file} changed: rerun scripts/sklearn/parity_golden.py`).toBe(g.dataset.sha256);
    tracks = loadTracks(datasetPath);
    expect(tracks.X.length).toBe(g.dataset.rows);
    const encoder = new LabelEncoder().fit(tracks.genres);
    expect(encoder.classes).toEqual(g.genres);
    y = encoder.transform(tracks.genres);
  });

  it('classification metrics equal scikit-learn on its own predictions', () => {
    const yTest = g.split.testIndices.map((i) => y[i]!);
    const predicted = g.classifier.predictions;
    expect(accuracyScore(yTest, predicted)).toBeCloseTo(g.metrics.accuracy, 12);
    const scores = precisionRecallFscore(yTest, predicted);
    expectClose(scores.precision, g.metrics.precision);
    expectClose(scores.recall, g.metrics.recall);
    expectClose(scores.f1, g.metrics.f1);
    expect(scores.support).toEqual(g.metrics.support);
    for (const average of ['macro', 'weighted'] as const) {
      expectClose([scores[average].precision, scores[average].recall, scores[average].f1], [g.metrics[average].precision, g.metrics[average].recall, g.metrics[average].f1]);
    }
    expect(confusionMatrix(yTest, predicted).matrix).toEqual(g.metrics.confusionMatrix);
    expect(classificationReport(yTest, predicted, { targetNames: g.genres })).toBe(g.metrics.report);
    expect(classificationReport(yTest, predicted, { digits: 4 })).toBe(g.metrics.report4);
  });

  it('clustering metrics equal scikit-learn on the same labels', () => {
    const genreCodes = Array.from(y);
    const all = [silhouetteScore(tracks.X, genreCodes), calinskiHarabaszScore(tracks.X, genreCodes), daviesBouldinScore(tracks.X, genreCodes)];
    const { silhouette, calinskiHarabasz, daviesBouldin } = g.genreClusterMetrics;
    expectClose(all, [silhouette, calinskiHarabasz, daviesBouldin]);
    g.genres.forEach((genre, code) => {
      const X = tracks.X.filter((_, i) => y[i] === code);
      const labels = X.map((row) => Math.trunc(row[0]!) % 3);
      const expected = g.clustering.genres[genre]!.keyMod3;
      expectClose(
        [silhouetteScore(X, labels), calinskiHarabaszScore(X, labels), daviesBouldinScore(X, labels)],
        [expected.silhouette, expected.calinskiHarabasz, expected.daviesBouldin],
      );
    });
  }, 60_000);

  it('scalers learn the same statistics and transform alike', () => {
    const minMax = new MinMaxScaler().fit(tracks.X);
    expectClose(minMax.dataMin, g.scalers.minMax.dataMin);
    expectClose(minMax.dataMax, g.scalers.minMax.dataMax);
    minMax.transform(tracks.X.slice(0, 3)).forEach((row, i) => expectClose(row, g.scalers.minMax.firstRows[i]!, 1e-12));
    const standard = new StandardScaler().fit(tracks.X);
    expectClose(standard.mean, g.scalers.standard.mean);
    expectClose(standard.scale, g.scalers.standard.scale);
    standard.transform(tracks.X.slice(0, 3)).forEach((row, i) => expectClose(row, g.scalers.standard.firstRows[i]!, 1e-12));
  });

  it('GaussianMixture per genre: silhouette ±0.02, Calinski-Harabasz ±5%, Davies-Bouldin ±0.05, log-likelihood ≥ sklearn − 0.05', () => {
    const { n_components, covariance_type, random_state } = g.clustering.params;
    g.genres.forEach((genre, code) => {
      const X = tracks.X.filter((_, i) => y[i] === code);
      const gmm = new GaussianMixture({ nComponents: n_components, covarianceType: covariance_type, randomState: random_state }).fit(X);
      const labels = gmm.predict(X);
      const expected = g.clustering.genres[genre]!.gmm;
      const context = `${genre}`;
      expect(Math.abs(silhouetteScore(X, labels) - expected.silhouette), context).toBeLessThanOrEqual(0.02);
      expect(Math.abs(calinskiHarabaszScore(X, labels) / expected.calinskiHarabasz - 1), context).toBeLessThanOrEqual(0.05);
      expect(Math.abs(daviesBouldinScore(X, labels) - expected.daviesBouldin), context).toBeLessThanOrEqual(0.05);
      expect(gmm.score(X), context).toBeGreaterThanOrEqual(expected.meanLogLikelihood - 0.05);
    });
  }, 60_000);

  it('GradientBoostingClassifier with the original params: accuracy within ±1.5 points of scikit-learn', () => {
    const { learning_rate, max_depth, n_estimators, random_state } = g.classifier.params;
    const clf = new GradientBoostingClassifier({ learningRate: learning_rate, maxDepth: max_depth, nEstimators: n_estimators, randomState: random_state });
    const train = rowsOf('train');
    clf.fit(
      train.map((i) => tracks.X[i]!),
      train.map((i) => y[i]!),
    );
    const accuracy = accuracyScore(
      g.split.testIndices.map((i) => y[i]!),
      clf.predict(g.split.testIndices.map((i) => tracks.X[i]!)),
    );
    expect(Math.abs(accuracy - g.classifier.accuracy), `ours ${accuracy.toFixed(4)} vs scikit-learn ${g.classifier.accuracy.toFixed(4)}`).toBeLessThanOrEqual(0.015);
  }, 120_000);
});
