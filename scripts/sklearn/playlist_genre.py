"""scikit-learn side of `npm run bench:recommend`'s 20-track genre accuracy: fits
HistGradientBoostingClassifier (defaults, random_state 42) on the bench's training rows
and assigns each playlist the genre of its mean class probabilities, of the sum of its tracks'
log-probabilities, and of that sum less (tracks - 1) x the log of the genre's share of the training
rows (msr's one-genre read, decision 1100: the prior counted once). Prints one JSON object on stdout.

Usage: /usr/bin/python3 scripts/sklearn/playlist_genre.py split.csv playlists.json
split.csv columns: part (train|test), the features (msr's order), genre. No pandas needed. playlists.json: [{genre, rows}], rows
being 0-based row numbers of split.csv's data rows.
"""
import csv
import json
import sys

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier



def main():
    with open(sys.argv[1], encoding="utf8", newline="") as handle:
        reader = csv.DictReader(handle)
        features = [f for f in reader.fieldnames if f not in ("part", "genre")]
        rows = list(reader)
    with open(sys.argv[2], encoding="utf8") as handle:
        playlists = json.load(handle)
    X = np.array([[float(row[f]) for f in features] for row in rows])
    genres = np.array([row["genre"] for row in rows])
    train = np.array([row["part"] == "train" for row in rows])
    # One thread (OMP_NUM_THREADS=1, set by the bench): OpenMP thrashes on a shared machine.
    model = HistGradientBoostingClassifier(random_state=42).fit(X[train], genres[train])
    proba = model.predict_proba(X)
    classes = list(model.classes_)
    log_prior = np.log(np.array([np.mean(genres[train] == c) for c in classes]))
    mean_hits = sum_hits = prior_hits = 0
    for playlist in playlists:
        p = proba[playlist["rows"]]
        mean_hits += classes[int(np.argmax(p.mean(axis=0)))] == playlist["genre"]
        log_sum = np.log(np.maximum(p, 1e-12)).sum(axis=0)
        sum_hits += classes[int(np.argmax(log_sum))] == playlist["genre"]
        prior_hits += classes[int(np.argmax(log_sum - (len(p) - 1) * log_prior))] == playlist["genre"]
    json.dump({"model": "HistGradientBoostingClassifier()", "meanProba": mean_hits / len(playlists),
               "sumLogProba": sum_hits / len(playlists),
               "sumLogProbaPrior": prior_hits / len(playlists)}, sys.stdout)


if __name__ == "__main__":
    main()
