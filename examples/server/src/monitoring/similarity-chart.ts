import type { SimilarityPoint } from '../services/recommendation-log.js';
import { rollingMean } from './rolling-mean.js';
import type { TimeRange } from './time-range.js';

/** Ten colours that stay apart for the usual forms of colour blindness (Tableau 10). */
const PALETTE = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#76b7b2', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];

/** What the monitoring chart draws, also served as JSON. */
export interface MonitoringData {
  range: { from: number; to: number; label: string };
  threshold: number;
  rollingWindow: number;
  points: (SimilarityPoint & { rollingMean: number })[];
  /** Genre → colour used in the chart. */
  colours: Record<string, string>;
  /** Requests whose similarity is under the threshold. */
  belowThreshold: number;
}

/** Builds the chart's data: points in time order, each with the trailing mean at that point. */
export function monitoringData(points: readonly SimilarityPoint[], range: TimeRange, threshold: number, rollingWindow: number): MonitoringData {
  const means = rollingMean(points.map((p) => p.similarity), rollingWindow);
  const genres = [...new Set(points.map((p) => p.genre))].sort();
  const colours: Record<string, string> = {};
  genres.forEach((g, i) => (colours[g] = PALETTE[i % PALETTE.length]!));
  return {
    range: { from: range.from, to: range.to, label: range.label },
    threshold,
    rollingWindow,
    points: points.map((p, i) => ({ ...p, rollingMean: means[i]! })),
    colours,
    belowThreshold: points.filter((p) => p.similarity < threshold).length,
  };
}

const HEIGHT = 340;
/** The plot's width in drawing units; the legend column, when drawn, is beside it. */
const PLOT_WIDTH = 590;
// The left margin holds the y labels also at the larger type of a narrow screen; the first and
// last time labels are set inward from the plot's ends, so without the legend column the right
// margin only keeps the frame off the edge.
const MARGIN = { top: 20, bottom: 40, left: 70, right: 12, rightWithLegend: 140 };

/** Options of {@link renderSimilarityChart}. */
export interface SimilarityChartOptions {
  /**
   * Draw the legend in a column right of the plot. The standalone SVG needs it; a page that
   * names the genres under the chart in its own text leaves it out, so the plot takes the width.
   * @default true
   */
  legend?: boolean;
}

/**
 * Draws the monitoring chart as a standalone SVG document: one dot per request coloured by
 * genre, the rolling mean as a line, the threshold as a dashed line, a legend per genre. No
 * script, no external reference, so it passes a CSP that allows only our own assets.
 *
 * Its texts carry classes (`tick-y`, `tick-x` with `minor` on every other one, `axis-title`,
 * `legend-box`) so the page's stylesheet can set larger type on a narrow screen, where the
 * 700- or 800-unit drawing is scaled to a phone's width, and leave out what no longer fits there.
 */
export function renderSimilarityChart(data: MonitoringData, options: SimilarityChartOptions = {}): string {
  const { points } = data;
  const legend = options.legend ?? true;
  const plotW = PLOT_WIDTH;
  const width = MARGIN.left + plotW + (legend ? MARGIN.rightWithLegend : MARGIN.right);
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  // The 'all' range starts at 0: start the axis at the first point instead of in 1970.
  const xFrom = data.range.from > 0 ? data.range.from : (points[0]?.at ?? data.range.to - 3_600_000);
  const xTo = Math.max(data.range.to, xFrom + 1);
  const minY = Math.min(0, data.threshold, ...points.map((p) => p.similarity));
  const yFrom = Math.floor(minY * 4) / 4;
  const yTo = 1;
  const x = (t: number): number => MARGIN.left + ((t - xFrom) / (xTo - xFrom)) * plotW;
  const y = (v: number): number => MARGIN.top + (1 - (v - yFrom) / (yTo - yFrom)) * plotH;
  const f = (n: number): string => n.toFixed(1);

  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${HEIGHT}" width="${width}" height="${HEIGHT}" role="img" aria-labelledby="chart-title" class="chart">`,
    `<title id="chart-title">Similarity per recommendation request (${points.length} requests), rolling mean of ${data.rollingWindow}, threshold ${data.threshold}</title>`,
    `<rect x="${MARGIN.left}" y="${MARGIN.top}" width="${plotW}" height="${plotH}" fill="#ffffff" stroke="#cccccc"/>`,
  );
  for (let v = yFrom; v <= yTo + 1e-9; v += 0.25) {
    parts.push(
      `<line x1="${MARGIN.left}" x2="${MARGIN.left + plotW}" y1="${f(y(v))}" y2="${f(y(v))}" stroke="#eeeeee"/>`,
      `<text class="tick-y" x="${MARGIN.left - 6}" y="${f(y(v) + 4)}" text-anchor="end" font-size="11" fill="#444444">${v.toFixed(2)}</text>`,
    );
  }
  for (let i = 0; i <= 4; i++) {
    const t = xFrom + ((xTo - xFrom) * i) / 4;
    const place = i === 0 ? ' first' : i === 4 ? ' last' : i % 2 === 1 ? ' minor' : '';
    const anchor = i === 0 ? 'start' : i === 4 ? 'end' : 'middle';
    parts.push(`<text class="tick-x${place}" x="${f(x(t))}" y="${HEIGHT - MARGIN.bottom + 16}" text-anchor="${anchor}" font-size="11" fill="#444444">${escapeXml(formatTime(t))}</text>`);
  }
  parts.push(`<text class="axis-title" x="14" y="${MARGIN.top + plotH / 2}" font-size="12" fill="#222222" transform="rotate(-90 14 ${MARGIN.top + plotH / 2})" text-anchor="middle">similarity</text>`);
  parts.push(
    `<line class="threshold" x1="${MARGIN.left}" x2="${MARGIN.left + plotW}" y1="${f(y(data.threshold))}" y2="${f(y(data.threshold))}" stroke="#d62728" stroke-width="1.5" stroke-dasharray="6 4"/>`,
    `<text class="threshold-label" x="${MARGIN.left + plotW - 4}" y="${f(y(data.threshold) - 4)}" text-anchor="end" font-size="11" fill="#d62728">threshold ${data.threshold}</text>`,
  );
  for (const p of points) {
    parts.push(
      `<circle class="point" cx="${f(x(p.at))}" cy="${f(y(p.similarity))}" r="3.5" fill="${data.colours[p.genre]}" fill-opacity="0.85"><title>${escapeXml(`${p.genre}: ${p.similarity.toFixed(3)} at ${new Date(p.at).toISOString()}`)}</title></circle>`,
    );
  }
  if (points.length > 1) {
    const line = points.map((p) => `${f(x(p.at))},${f(y(p.rollingMean))}`).join(' ');
    parts.push(`<polyline class="rolling-mean" points="${line}" fill="none" stroke="#222222" stroke-width="2"/>`);
  }
  if (points.length === 0) {
    // In the half of the plot the threshold line is not in: at the middle it ran into the
    // threshold's label on a phone, where the stylesheet enlarges both.
    const noteY = y(data.threshold) < MARGIN.top + plotH / 2 ? MARGIN.top + plotH * 0.75 : MARGIN.top + plotH * 0.25;
    parts.push(`<text class="empty-note" x="${MARGIN.left + plotW / 2}" y="${f(noteY)}" text-anchor="middle" font-size="14" fill="#666666">no requests in this range</text>`);
  }
  if (!legend) {
    parts.push('</svg>');
    return parts.join('');
  }
  const legendX = MARGIN.left + plotW + 14;
  let legendY = MARGIN.top + 10;
  parts.push('<g class="legend-box">');
  parts.push(`<line x1="${legendX}" x2="${legendX + 18}" y1="${legendY}" y2="${legendY}" stroke="#222222" stroke-width="2"/>`);
  parts.push(`<text x="${legendX + 24}" y="${legendY + 4}" font-size="11" fill="#222222">rolling mean</text>`);
  for (const [genre, colour] of Object.entries(data.colours)) {
    legendY += 18;
    parts.push(`<circle cx="${legendX + 9}" cy="${legendY}" r="5" fill="${colour}"/>`);
    parts.push(`<text class="legend" x="${legendX + 24}" y="${legendY + 4}" font-size="11" fill="#222222">${escapeXml(genre)}</text>`);
  }
  parts.push('</g>', '</svg>');
  return parts.join('');
}

function formatTime(t: number): string {
  return new Date(t).toISOString().slice(5, 16).replace('T', ' ');
}

/** Escapes text for XML/HTML content and attribute values. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
