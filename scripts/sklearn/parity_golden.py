"""Writes the scikit-learn reference figures that packages/core's parity tests compare against.

Usage: /usr/bin/python3 scripts/sklearn/parity_golden.py [dataset.csv] [out.json]
(defaults: fixtures/dataset.csv → packages/core/src/models/__fixtures__/sklearn-golden.json).
Needs Debian's python3-sklearn (scikit-learn 1.2.1, the version the original project used):
`apt-get install -y python3-sklearn`. The tests read only the JSON, so they need no Python.
"""
import json
import os
import re
import sys
import time

import numpy as np
import sklearn
from sklearn.ensemble import GradientBoostingClassifier
from sklearn.metrics import (accuracy_score, calinski_harabasz_score, classification_report,
                             confusion_matrix, davies_bouldin_score, precision_recall_fscore_support,
                             silhouette_score)
from sklearn.mixture import GaussianMixture
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import MinMaxScaler, StandardScaler

from common import FEATURES, encode, load_tracks

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# params.yaml of the original project.
GBC_PARAMS = {"learning_rate": 0.008, "max_depth": 5, "n_estimators": 250, "random_state": 42}
GMM_PARAMS = {"n_components": 3, "covariance_type": "spherical", "random_state": 42}


def classification_figures(y_true, y_pred, names):
    p, r, f, s = precision_recall_fscore_support(y_true, y_pred, zero_division=0)
    averages = {}
    for average in ("macro", "weighted"):
        ap, ar, af, _ = precision_recall_fscore_support(y_true, y_pred, average=average, zero_division=0)
        averages[average] = {"precision": ap, "recall": ar, "f1": af}
    return {
        "accuracy": accuracy_score(y_true, y_pred),
        "precision": p.tolist(), "recall": r.tolist(), "f1": f.tolist(), "support": s.tolist(),
        **averages,
        "confusionMatrix": confusion_matrix(y_true, y_pred).tolist(),
        "report": classification_report(y_true, y_pred, target_names=names, zero_division=0),
        "report4": classification_report(y_true, y_pred, digits=4, zero_division=0),
    }


def cluster_figures(X, labels):
    return {
        "silhouette": silhouette_score(X, labels),
        "calinskiHarabasz": calinski_harabasz_score(X, labels),
        "daviesBouldin": davies_bouldin_score(X, labels),
    }


def main():
    data_path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "fixtures", "dataset.csv")
    out_path = sys.argv[2] if len(sys.argv) > 2 else os.path.join(
        ROOT, "packages", "core", "src", "models", "__fixtures__", "sklearn-golden.json")
    frame, digest = load_tracks(data_path)
    X = frame[FEATURES].to_numpy(dtype=np.float64)
    genres, y = encode(frame["genre"].tolist())
    train, test = train_test_split(np.arange(len(y)), test_size=0.2, random_state=42)

    started = time.perf_counter()
    clf = GradientBoostingClassifier(**GBC_PARAMS).fit(X[train], y[train])
    fit_seconds = time.perf_counter() - started
    predictions = clf.predict(X[test])

    clustering = {}
    for code, genre in enumerate(genres):
        Xg = X[y == code]
        gmm = GaussianMixture(**GMM_PARAMS).fit(Xg)
        labels = gmm.predict(Xg)
        clustering[genre] = {
            "rows": int(len(Xg)),
            "gmm": {**cluster_figures(Xg, labels), "meanLogLikelihood": gmm.score(Xg), "bic": gmm.bic(Xg),
                    "aic": gmm.aic(Xg), "nIter": int(gmm.n_iter_), "converged": bool(gmm.converged_)},
            # A labelling both sides can compute exactly, to compare the metrics alone.
            "keyMod3": cluster_figures(Xg, Xg[:, 0].astype(int) % 3),
        }

    minmax = MinMaxScaler().fit(X)
    standard = StandardScaler().fit(X)
    golden = {
        "generatedBy": "scripts/sklearn/parity_golden.py",
        "versions": {"sklearn": sklearn.__version__, "numpy": np.__version__},
        "dataset": {"file": os.path.relpath(data_path, ROOT), "sha256": digest, "rows": int(len(y))},
        "features": FEATURES,
        "genres": genres,
        "split": {"testSize": 0.2, "randomState": 42, "testIndices": test.tolist()},
        "classifier": {"params": GBC_PARAMS, "fitSeconds": fit_seconds, "predictions": predictions.tolist(),
                       "accuracy": accuracy_score(y[test], predictions)},
        "metrics": classification_figures(y[test], predictions, genres),
        "genreClusterMetrics": cluster_figures(X, y),
        "clustering": {"params": GMM_PARAMS, "genres": clustering},
        "scalers": {
            "minMax": {"dataMin": minmax.data_min_.tolist(), "dataMax": minmax.data_max_.tolist(),
                       "firstRows": minmax.transform(X[:3]).tolist()},
            "standard": {"mean": standard.mean_.tolist(), "scale": standard.scale_.tolist(),
                         "firstRows": standard.transform(X[:3]).tolist()},
        },
    }
    os.makedirs(os.path.dirname(out_path), exist_ok=True)
    temp = out_path + ".tmp"
    text = json.dumps(golden, indent=1)
    # One line per list of numbers keeps the file short and its diffs readable.
    text = re.sub(r"\[\s+([-0-9.e,\s]+?)\s+\]", lambda m: "[" + re.sub(r"\s+", " ", m.group(1)) + "]", text)
    with open(temp, "w") as handle:
        handle.write(text + "\n")
    os.replace(temp, out_path)
    print(f"wrote {out_path}: {len(y)} rows, sklearn accuracy {golden['classifier']['accuracy']:.4f}")


if __name__ == "__main__":
    main()
