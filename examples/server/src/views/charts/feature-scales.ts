import type { FeatureName } from '@msr/core';

/** How one audio feature is shown: a short label, the range its bar spans, its unit. */
export interface FeatureScale {
  label: string;
  min: number;
  max: number;
  /** Appended to values in the text alternative (`" dB"`, `" BPM"`). */
  unit: string;
  /** Decimals in the text alternative. */
  digits: number;
}

/**
 * Display ranges of the nine features, in the units Spotify's data uses. Seven are 0–1 already;
 * `key` is a pitch class 0–11, `loudness` dB (−60 to 0), `tempo` BPM (40–220 covers nearly every
 * track; values outside are drawn at the edge and told exactly in the text).
 */
export const FEATURE_SCALES: Record<FeatureName, FeatureScale> = {
  key: { label: 'key', min: 0, max: 11, unit: '', digits: 1 },
  acousticness: { label: 'acoustic', min: 0, max: 1, unit: '', digits: 2 },
  danceability: { label: 'danceable', min: 0, max: 1, unit: '', digits: 2 },
  energy: { label: 'energy', min: 0, max: 1, unit: '', digits: 2 },
  instrumentalness: { label: 'instrumental', min: 0, max: 1, unit: '', digits: 2 },
  loudness: { label: 'loudness', min: -60, max: 0, unit: ' dB', digits: 1 },
  speechiness: { label: 'speech', min: 0, max: 1, unit: '', digits: 2 },
  valence: { label: 'cheerful', min: 0, max: 1, unit: '', digits: 2 },
  tempo: { label: 'tempo', min: 40, max: 220, unit: ' BPM', digits: 0 },
};

/** `value` as a 0–1 fraction of its feature's display range, clamped. */
export function fractionOf(feature: FeatureName, value: number): number {
  const { min, max } = FEATURE_SCALES[feature];
  return Math.min(1, Math.max(0, (value - min) / (max - min)));
}

/** `value` in words for the text alternative: `"120 BPM"`, `"-6.2 dB"`, `"0.72"`. */
export function formatFeature(feature: FeatureName, value: number): string {
  const { digits, unit } = FEATURE_SCALES[feature];
  return `${value.toFixed(digits)}${unit}`;
}
