import { escapeXml } from '../../monitoring/similarity-chart.js';

/** What {@link renderGenreChart} draws. */
export interface GenreChartInput {
  /** Probability per genre (sums to 1). */
  probabilities: Record<string, number>;
  /** The predicted genre, drawn in the accent colour. */
  genre: string;
  /** Bars shown, most probable first; the rest are summed into "other genres". @default 10 */
  max?: number;
}

const WIDTH = 320;
const LABEL_W = 96;
const VALUE_W = 40;
const ROW_H = 18;
const BAR_W = WIDTH - LABEL_W - VALUE_W - 8;

const percent = (p: number): string => (p > 0 && p < 0.001 ? '<0.1%' : `${(p * 100).toFixed(p < 0.01 ? 1 : 0)}%`);

/**
 * The genre probabilities of a playlist as a horizontal bar chart (most probable first), drawn
 * on the server as inline SVG: `role="img"`, a `<title>` and a `<desc>` listing every value.
 *
 * @example
 * ```ts
 * const svg = renderGenreChart({ probabilities: { jazz: 0.8, rock: 0.2 }, genre: 'jazz' });
 * ```
 */
export function renderGenreChart(input: GenreChartInput): string {
  const sorted = Object.entries(input.probabilities).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const max = input.max ?? 10;
  const shown = sorted.length > max ? [...sorted.slice(0, max - 1), ['other genres', sorted.slice(max - 1).reduce((s, [, p]) => s + p, 0)] as [string, number]] : sorted;
  const height = shown.length * ROW_H + 4;
  const f = (n: number): string => n.toFixed(1);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="genre-chart" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" aria-labelledby="genre-chart-title genre-chart-desc">`,
    `<title id="genre-chart-title">${escapeXml(`How likely each genre is for your playlist: ${input.genre} most`)}</title>`,
    `<desc id="genre-chart-desc">${escapeXml(`${sorted.map(([g, p]) => `${g} ${percent(p)}`).join(', ')}.`)}</desc>`,
  ];
  shown.forEach(([genre, p], i) => {
    const y = 2 + i * ROW_H;
    const top = genre === input.genre;
    parts.push(
      `<text x="${LABEL_W - 6}" y="${y + 12}" text-anchor="end" font-size="11" fill="#1d1f23"${top ? ' font-weight="700"' : ''}>${escapeXml(genre)}</text>`,
      `<rect x="${LABEL_W}" y="${y + 3}" width="${BAR_W}" height="11" fill="#eef0f3"/>`,
      `<rect class="bar" data-genre="${escapeXml(genre)}" x="${LABEL_W}" y="${y + 3}" width="${f(Math.max(0, Math.min(1, p)) * BAR_W)}" height="11" fill="${top ? '#2f6f4f' : '#8fa9b8'}"/>`,
      `<text x="${WIDTH - 4}" y="${y + 12}" text-anchor="end" font-size="11" fill="#5f6670">${percent(p)}</text>`,
    );
  });
  parts.push('</svg>');
  return parts.join('');
}
