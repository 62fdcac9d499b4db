import type { AudioFeatures } from '@msr/core';
import { describe, expect, it } from 'vitest';
import { renderFeatureChart } from './feature-chart.js';

const song: AudioFeatures = { key: 5.5, acousticness: 0.25, danceability: 1, energy: 0.5, instrumentalness: 0, loudness: -30, speechiness: 0.1, valence: 0.75, tempo: 300 };
const playlist: AudioFeatures = { key: 0, acousticness: 0.5, danceability: 0.5, energy: 0.25, instrumentalness: 1, loudness: -6, speechiness: 0.05, valence: 0.5, tempo: 130 };

/** The `width` of the song's bar in row `i`, and the `x` of the playlist's tick. */
function row(svg: string, i: number): { width: number; tick: number } {
  const widths = [...svg.matchAll(/<rect class="song" x="74" y="[\d.]+" width="([\d.]+)"/g)].map((m) => Number(m[1]));
  const ticks = [...svg.matchAll(/<line class="mean" x1="([\d.]+)"/g)].map((m) => Number(m[1]));
  return { width: widths[i]!, tick: ticks[i]! };
}

describe('renderFeatureChart', () => {
  const svg = renderFeatureChart({ id: 'why-3', label: 'So What — Miles Davis', song, playlist });

  it('is an accessible image: a title and a description that states every value, song beside playlist', () => {
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" class="why-chart" viewBox="0 0 240 \d+" width="240" height="\d+" role="img" aria-labelledby="why-3-title why-3-desc">/);
    expect(svg).toContain('<title id="why-3-title">Audio features of So What — Miles Davis, beside your playlist&#39;s average</title>');
    const desc = /<desc id="why-3-desc">([^<]*)<\/desc>/.exec(svg)![1]!;
    expect(desc).toContain('energy 0.50 (your playlist 0.25)');
    expect(desc).toContain('loudness -30.0 dB (your playlist -6.0 dB)');
    expect(desc).toContain('tempo 300 BPM (your playlist 130 BPM)');
    expect(desc.split('; ')).toHaveLength(9);
    expect(svg.endsWith('</svg>')).toBe(true);
  });

  it('draws each feature on its own scale: bars from 0 to 1, dB and BPM mapped, out-of-range values clamped', () => {
    const full = 240 - 74 - 8;
    // Rows in FEATURE_NAMES order: key, acousticness, danceability, energy, instrumentalness, loudness, speechiness, valence, tempo.
    expect(row(svg, 0).width).toBeCloseTo((5.5 / 11) * full, 1);
    expect(row(svg, 2).width).toBeCloseTo(full, 1);
    expect(row(svg, 3).width).toBeCloseTo(full / 2, 1);
    expect(row(svg, 3).tick).toBeCloseTo(74 + full / 4, 1);
    expect(row(svg, 4).width).toBe(0);
    expect(row(svg, 5).width).toBeCloseTo(full / 2, 1); // -30 dB on -60…0
    expect(row(svg, 5).tick).toBeCloseTo(74 + 0.9 * full, 1); // -6 dB
    expect(row(svg, 8).width).toBeCloseTo(full, 1); // 300 BPM, past the 220 edge
    expect(row(svg, 8).tick).toBeCloseTo(74 + (90 / 180) * full, 1);
  });

  it('escapes a name holding markup', () => {
    const hostile = renderFeatureChart({ id: 'w', label: '<script>alert(1)</script> & "co"', song, playlist });
    expect(hostile).not.toContain('<script>');
    expect(hostile).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;co&quot;');
  });
});
