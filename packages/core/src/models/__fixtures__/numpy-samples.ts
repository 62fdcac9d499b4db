/**
 * Small data sets drawn once with NumPy (`RandomState(7)`, rounded to 0.1) for tests that compare
 * against scikit-learn's output on them: `THREE_BLOBS` (24 rows, 2-d: normal samples × 3 around
 * (0, 0), (5, 1), (1, 6), 8 each) and `CLOUD` (17 rows, 3-d: uniform on [−5, 5)).
 */
export const THREE_BLOBS = [[5.1, -1.4], [0.1, 1.2], [-2.4, 0.0], [-0.0, -5.3], [3.1, 1.8], [-1.9, -0.5], [1.5, -0.8], [-0.7, -4.4], [6.7, 1.4], [5.8, -3.6], [10.0, 1.5], [3.8, 7.1], [4.9, -3.4], [3.8, -5.9], [8.1, -0.2], [2.8, 4.2], [-4.0, 7.6], [-5.2, 4.0], [-2.6, 10.4], [6.3, 5.0], [3.5, 5.5], [2.7, 3.7], [-4.1, 0.6], [2.1, 12.7]];
export const CLOUD = [[-0.9, -5.0, -4.1], [2.1, 0.2, 2.0], [4.6, 1.8, -4.5], [-1.9, 0.9, -2.6], [4.6, 4.5, 3.5], [-0.3, 3.4, -3.7], [-1.9, -0.4, 2.4], [-0.1, -3.6, -1.6], [-1.8, -2.0, -3.3], [-0.9, -0.5, 2.7], [3.0, 0.2, -0.4], [2.8, 3.9, 1.7], [3.0, 4.4, -4.6], [3.8, -2.2, -0.2], [3.0, 2.2, -3.5], [1.6, -4.3, -1.4], [3.1, -0.7, 1.0]];

/*
 * The Python that draws them and prints scikit-learn's results (run with a venv holding
 * scikit-learn 1.9.1 and NumPy 2.4, e.g. `.cache/mlflow-venv-*`/bin/python). `RS` is a
 * RandomState whose `choice(n, p=uniform)` is `randint(n)`: how scikit-learn before 1.3 drew
 * k-means++'s first centre, which msr reproduces; every later draw is the same in both versions.
 *
 * ```python
 * import numpy as np
 * from sklearn.cluster import KMeans
 * from sklearn.mixture import GaussianMixture
 * class RS(np.random.RandomState):
 *     def choice(self, a, size=None, replace=True, p=None):
 *         return self.randint(a)
 * gen = np.random.RandomState(7)
 * THREE_BLOBS = np.round(gen.normal(size=(24, 2)) * 3 + np.repeat([[0, 0], [5, 1], [1, 6]], 8, axis=0), 1)
 * CLOUD = np.round(gen.uniform(-5, 5, size=(17, 3)), 1)
 * KMeans(n_clusters=k, n_init=1, random_state=RS(seed)).fit(X).labels_
 * GaussianMixture(n_components=3, covariance_type=t, random_state=RS(seed), n_init=n).fit(THREE_BLOBS)
 * ```
 */
