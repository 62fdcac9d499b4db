import { describe, expect, it } from 'vitest';
import { rollingMean } from './rolling-mean.js';
import { escapeXml, monitoringData, renderSimilarityChart } from './similarity-chart.js';
import { parseTimeRange } from './time-range.js';

const NOW = Date.UTC(2026, 0, 2);

describe('rollingMean', () => {
  it('averages the trailing window', () => {
    expect(rollingMean([1, 2, 3, 4], 2)).toEqual([1, 1.5, 2.5, 3.5]);
    expect(rollingMean([4, 2, 0], 5)).toEqual([4, 3, 2]);
    expect(rollingMean([], 3)).toEqual([]);
    expect(() => rollingMean([1], 0)).toThrow(RangeError);
  });
});

describe('parseTimeRange', () => {
  it('reads named ranges, ISO bounds, and defaults to 24 h', () => {
    expect(parseTimeRange({}, NOW)).toEqual({ from: NOW - 86_400_000, to: NOW + 1, label: '24h' });
    expect(parseTimeRange({ range: '1h' }, NOW).from).toBe(NOW - 3_600_000);
    expect(parseTimeRange({ range: 'all' }, NOW).from).toBe(0);
    expect(parseTimeRange({ from: '2026-01-01T00:00:00Z', to: '2026-01-01T06:00:00+02:00' }, NOW)).toEqual({
      from: Date.UTC(2026, 0, 1),
      to: Date.UTC(2026, 0, 1, 4),
      label: 'custom',
    });
  });

  it('takes an empty bound (the page form sends both fields) as no bound', () => {
    expect(parseTimeRange({ from: '', to: ' ' }, NOW)).toEqual({ from: NOW - 86_400_000, to: NOW + 1, label: '24h' });
    expect(parseTimeRange({ from: ' 2026-01-01T00:00:00Z ', to: '' }, NOW)).toEqual({ from: Date.UTC(2026, 0, 1), to: NOW + 1, label: 'custom' });
  });

  it('refuses anything else with a 400', () => {
    for (const query of <Record<string, string>[]>[{ range: '2h' }, { from: 'yesterday' }, { range: '1h', from: '2026-01-01T00:00:00Z' }, { from: '2026-01-02T00:00:00Z', to: '2026-01-01T00:00:00Z' }, { since: '1' }]) {
      expect(() => parseTimeRange(query, NOW), JSON.stringify(query)).toThrow(expect.objectContaining({ status: 400 }));
    }
  });
});

describe('the similarity chart', () => {
  const points = [
    { at: NOW - 3_000, genre: 'rock', similarity: 0.9, requestId: 'a' },
    { at: NOW - 2_000, genre: 'jazz', similarity: 0.3, requestId: 'b' },
    { at: NOW - 1_000, genre: 'rock', similarity: -0.2, requestId: 'c' },
  ];
  const data = monitoringData(points, { from: NOW - 3_600_000, to: NOW + 1, label: '1h' }, 0.5, 2);

  it('computes the rolling mean, colours and the count below the threshold', () => {
    const means = data.points.map((p) => p.rollingMean);
    [0.9, 0.6, 0.05].forEach((expected, i) => expect(means[i]).toBeCloseTo(expected, 12));
    expect(Object.keys(data.colours)).toEqual(['jazz', 'rock']);
    expect(data.belowThreshold).toBe(2);
  });

  it('draws one dot per request coloured by genre, the mean line, the threshold and a legend', () => {
    const svg = renderSimilarityChart(data);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.match(/<circle class="point"[^>]*fill="([^"]+)"/g)!.map((c) => /fill="([^"]+)"/.exec(c)![1])).toEqual([
      data.colours['rock'],
      data.colours['jazz'],
      data.colours['rock'],
    ]);
    expect(svg.match(/class="rolling-mean" points="([^"]+)"/)![1]!.split(' ')).toHaveLength(3);
    expect(svg).toContain('class="threshold"');
    expect(svg.match(/class="legend"/g)).toHaveLength(2);
    // A negative similarity widens the axis below 0.
    expect(svg).toContain('>-0.25</text>');
    expect(svg).not.toMatch(/<script|href=|style=/);
  });

  it('leaves the legend column out on request (the page names the genres under the chart): 672 units wide instead of 800', () => {
    const standalone = renderSimilarityChart(data);
    expect(standalone).toContain('viewBox="0 0 800 340"');
    expect(standalone).toContain('<g class="legend-box">');
    const inPage = renderSimilarityChart(data, { legend: false });
    // 70 for the y labels + the 590-unit plot + 12 that keep the frame off the edge.
    expect(inPage).toContain('viewBox="0 0 672 340"');
    expect(inPage).not.toContain('legend');
    expect(inPage.match(/<circle class="point"/g)).toHaveLength(3);
    // The first and last time labels are set inward from the plot's ends, so they need no margin beyond it.
    expect(inPage.match(/class="tick-x (first|last)"[^>]*text-anchor="(\w+)"/g)!.map((t) => /text-anchor="(\w+)"/.exec(t)![1])).toEqual(['start', 'end']);
    expect(inPage.endsWith('</svg>')).toBe(true);
  });

  it('says so when the range is empty, and escapes genre names', () => {
    expect(renderSimilarityChart(monitoringData([], { from: 0, to: NOW, label: 'all' }, 0.5, 20))).toContain('no requests in this range');
    const odd = monitoringData([{ at: NOW, genre: '<r&b>', similarity: 0.5, requestId: 'x' }], { from: 0, to: NOW + 1, label: 'all' }, 0.5, 20);
    expect(renderSimilarityChart(odd)).toContain('&lt;r&amp;b&gt;');
    expect(escapeXml(`"'`)).toBe('&quot;&#39;');
  });
});
