import { FEATURE_NAMES, type AudioFeatures } from '@msr/core';

/** Copies exactly the nine features out of a wider object (Spotify, ReccoBeats, a CSV row). */
export function pickFeatures(source: Readonly<Record<(typeof FEATURE_NAMES)[number], number>>): AudioFeatures {
  const out = {} as AudioFeatures;
  for (const name of FEATURE_NAMES) out[name] = source[name];
  return out;
}
