"""Shared by the sklearn reference scripts: loading the track datasets the way msr's ingestion does."""
import hashlib

import numpy as np

# FEATURE_NAMES in packages/core/src/data/features.ts: the order every msr model reads.
FEATURES = ["key", "acousticness", "danceability", "energy", "instrumentalness",
            "loudness", "speechiness", "valence", "tempo"]
# SEED_GENRES in packages/core/src/data/genres.ts.
GENRES = ["alternative", "classical", "country", "edm", "hip-hop", "jazz", "latin", "pop", "r-n-b", "rock"]


def load_tracks(path):
    """Kaggle format (track_id … track_genre) or the shared 9-genre file (uri … genre), cleaned like
    msr's ingestion: keep the configured genres, drop rows with a missing value, drop duplicate ids
    (first kept). Returns (frame with columns id, FEATURES, genre; sha256 of the file)."""
    # Imported here: the bench scripts read their split without pandas (python3-pandas is not
    # installed with python3-sklearn), only the golden-file script needs it.
    import pandas as pd
    with open(path, "rb") as handle:
        digest = hashlib.sha256(handle.read()).hexdigest()
    frame = pd.read_csv(path)
    frame = frame.rename(columns={"track_id": "id", "uri": "id", "track_genre": "genre"})
    frame = frame[["id", *FEATURES, "genre"]]
    frame = frame[frame["genre"].isin(GENRES)]
    frame = frame.dropna()
    frame = frame.drop_duplicates(subset=["id"], keep="first").reset_index(drop=True)
    return frame, digest


def encode(genres):
    """Sorted label encoding (sklearn's LabelEncoder)."""
    classes = sorted(set(genres))
    index = {g: i for i, g in enumerate(classes)}
    return classes, np.array([index[g] for g in genres])
