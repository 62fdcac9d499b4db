import { FEATURE_NAMES, type AudioFeatures } from '@msr/core';
import { escapeXml } from '../../monitoring/similarity-chart.js';
import { FEATURE_SCALES, formatFeature, fractionOf } from './feature-scales.js';

/** What {@link renderFeatureChart} draws. */
export interface FeatureChartInput {
  /** Prefix of the chart's element ids: unique within the page. */
  id: string;
  /** The song, as a person reads it ("title — artists"), for the chart's title. */
  label: string;
  /** The song's nine audio features, raw units. */
  song: AudioFeatures;
  /** The playlist's mean features, raw units. */
  playlist: AudioFeatures;
}

const WIDTH = 240;
const LABEL_W = 74;
const ROW_H = 14;
const TOP = 4;
const BAR_W = WIDTH - LABEL_W - 8;
const LEGEND_H = 18;
/** The site's accent (the song) and ink (the playlist's mean), as in app.css. */
const SONG = '#2f6f4f';
const MEAN = '#1d1f23';

/**
 * "Why this song": a small horizontal bar chart of a recommended song's nine audio features, with
 * the playlist's mean as a dark tick on each bar, drawn on the server as inline SVG (no script,
 * passes the CSP). Accessible: `role="img"` labelled by a `<title>` and a `<desc>` that states
 * every value, the song's beside the playlist's.
 *
 * @example
 * ```ts
 * const svg = renderFeatureChart({ id: 'why-1', label: 'So What — Miles Davis', song, playlist: mean });
 * ```
 */
export function renderFeatureChart(input: FeatureChartInput): string {
  const { id, song, playlist } = input;
  const height = TOP + FEATURE_NAMES.length * ROW_H + LEGEND_H;
  const f = (n: number): string => n.toFixed(1);
  const desc = FEATURE_NAMES.map((name) => `${FEATURE_SCALES[name].label} ${formatFeature(name, song[name])} (your playlist ${formatFeature(name, playlist[name])})`).join('; ');
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="why-chart" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" aria-labelledby="${id}-title ${id}-desc">`,
    `<title id="${id}-title">${escapeXml(`Audio features of ${input.label}, beside your playlist's average`)}</title>`,
    `<desc id="${id}-desc">${escapeXml(`${desc}.`)}</desc>`,
  ];
  FEATURE_NAMES.forEach((name, i) => {
    const y = TOP + i * ROW_H;
    const songW = fractionOf(name, song[name]) * BAR_W;
    const meanX = LABEL_W + fractionOf(name, playlist[name]) * BAR_W;
    parts.push(
      `<text x="${LABEL_W - 4}" y="${f(y + 9)}" text-anchor="end" font-size="10" fill="#5f6670">${FEATURE_SCALES[name].label}</text>`,
      `<rect x="${LABEL_W}" y="${f(y + 2)}" width="${BAR_W}" height="8" fill="#eef0f3"/>`,
      `<rect class="song" x="${LABEL_W}" y="${f(y + 2)}" width="${f(songW)}" height="8" fill="${SONG}"/>`,
      `<line class="mean" x1="${f(meanX)}" x2="${f(meanX)}" y1="${f(y)}" y2="${f(y + 12)}" stroke="${MEAN}" stroke-width="2"/>`,
    );
  });
  const ly = TOP + FEATURE_NAMES.length * ROW_H + 6;
  parts.push(
    `<rect x="${LABEL_W}" y="${ly}" width="12" height="8" fill="${SONG}"/>`,
    `<text x="${LABEL_W + 16}" y="${ly + 8}" font-size="10" fill="#5f6670">this song</text>`,
    `<line x1="${LABEL_W + 82}" x2="${LABEL_W + 82}" y1="${ly - 2}" y2="${ly + 10}" stroke="${MEAN}" stroke-width="2"/>`,
    `<text x="${LABEL_W + 88}" y="${ly + 8}" font-size="10" fill="#5f6670">your playlist</text>`,
    '</svg>',
  );
  return parts.join('');
}
