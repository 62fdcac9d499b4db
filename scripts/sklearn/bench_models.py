"""scikit-learn side of `npm run bench:models`: fits the reference models on the split the
TypeScript bench wrote and prints one JSON object of figures on stdout.

Usage: /usr/bin/python3 scripts/sklearn/bench_models.py split.csv [--skip-slow] [--accuracy-only] [--classifier-only]
split.csv columns: part (train|test), the 9 features, y (genre code), genre.
--accuracy-only: classifiers only, each fitted once on one thread (timings not meaningful).
"""
import csv
import json
import resource
import statistics
import sys
import time

import numpy as np
import sklearn
from sklearn.ensemble import GradientBoostingClassifier, HistGradientBoostingClassifier
from sklearn.metrics import (accuracy_score, calinski_harabasz_score, davies_bouldin_score, f1_score,
                             silhouette_score)
from sklearn.mixture import GaussianMixture
from threadpoolctl import threadpool_limits

from common import FEATURES


def timed(fn, repeats, cpu=False):
    """Median wall time of `repeats` calls, and the last result; with cpu=True also the median
    CPU time (time.process_time: not inflated by waiting for a core on a loaded machine)."""
    times, cpu_times, result = [], [], None
    for _ in range(repeats):
        started, cpu_started = time.perf_counter(), time.process_time()
        result = fn()
        times.append(time.perf_counter() - started)
        cpu_times.append(time.process_time() - cpu_started)
    if cpu:
        return statistics.median(times), statistics.median(cpu_times), result
    return statistics.median(times), result


def read_split(path):
    """The split the TypeScript bench wrote (csv module + numpy: no pandas needed)."""
    with open(path, encoding="utf8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    X = np.array([[float(row[f]) for f in FEATURES] for row in rows], dtype=np.float64)
    y = np.array([int(row["y"]) for row in rows])
    genres = np.array([row["genre"] for row in rows])
    train = np.array([row["part"] == "train" for row in rows])
    return X, y, genres, train


def classifier(name, make, split, repeats):
    X_all, y_all, _, train = split
    X, y = X_all[train], y_all[train]
    Xt, yt = X_all[~train], y_all[~train]
    fit_seconds, model = timed(lambda: make().fit(X, y), repeats)
    predict_seconds, predict_cpu_seconds, predicted = timed(lambda: model.predict(Xt), 21, cpu=True)
    return {"name": name, "fitSeconds": fit_seconds, "predictSeconds": predict_seconds, "predictCpuSeconds": predict_cpu_seconds,
            "accuracy": accuracy_score(yt, predicted), "macroF1": f1_score(yt, predicted, average="macro")}


def main():
    split = read_split(sys.argv[1])
    skip_slow = "--skip-slow" in sys.argv
    accuracy_only = "--accuracy-only" in sys.argv
    repeats = 1 if accuracy_only else 3
    out = {"versions": {"sklearn": sklearn.__version__}, "classifiers": [], "gmm": {}}
    if not accuracy_only:
        out["classifiers"].append(classifier("HistGradientBoostingClassifier()",
                                             lambda: HistGradientBoostingClassifier(random_state=42), split, repeats))
    # OpenMP suffers badly on a shared machine; one thread is also the like-for-like comparison.
    with threadpool_limits(limits=1):
        out["classifiers"].append(classifier("HistGradientBoostingClassifier() 1 thread",
                                             lambda: HistGradientBoostingClassifier(random_state=42), split, repeats))
    if not skip_slow:
        for lr, n in ((0.1, 100), (0.008, 250)):
            out["classifiers"].append(classifier(
                f"GradientBoostingClassifier(lr={lr}, depth=5, n={n})",
                lambda lr=lr, n=n: GradientBoostingClassifier(learning_rate=lr, max_depth=5, n_estimators=n, random_state=42),
                split, 1))
    X_all, _, genres, _ = split
    for genre in ([] if accuracy_only or "--classifier-only" in sys.argv else sorted(set(genres))):
        X = X_all[genres == genre]
        with threadpool_limits(limits=1):  # BLAS threads only thrash on 1,000 × 9
            fit_seconds, gmm = timed(lambda: GaussianMixture(3, covariance_type="spherical", random_state=42).fit(X), 11)
        labels = gmm.predict(X)
        silhouette_seconds, silhouette = timed(lambda: silhouette_score(X, labels), 5)
        out["gmm"][genre] = {"rows": len(X), "fitSeconds": fit_seconds, "silhouetteSeconds": silhouette_seconds,
                             "silhouette": silhouette, "calinskiHarabasz": calinski_harabasz_score(X, labels),
                             "daviesBouldin": davies_bouldin_score(X, labels), "meanLogLikelihood": gmm.score(X)}
    out["maxRssBytes"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
