import { FEATURE_NAMES, FEATURE_RULES, type AudioFeatures } from '@msr/core';
import { z } from 'zod';

/** The nine features checked with the songs base's rules (`FEATURE_RULES` of `@msr/core`). */
const featuresSchema = z.object(Object.fromEntries(FEATURE_NAMES.map((name) => [name, FEATURE_RULES[name]])) as Record<(typeof FEATURE_NAMES)[number], z.ZodType<number, number>>);

/**
 * Problems that would keep `features` out of the songs base (`key: too small…` for Spotify's
 * "no key detected" -1, `tempo: …` for 0 BPM); empty when they are usable.
 */
export function featureIssues(features: AudioFeatures): string[] {
  const parsed = featuresSchema.safeParse(features);
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}
