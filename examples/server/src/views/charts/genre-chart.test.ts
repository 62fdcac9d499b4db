import { describe, expect, it } from 'vitest';
import { renderGenreChart } from './genre-chart.js';

const bars = (svg: string) => [...svg.matchAll(/<rect class="bar" data-genre="([^"]+)" x="96" y="[\d.]+" width="([\d.]+)" height="11" fill="(#[0-9a-f]+)"/g)].map((m) => ({ genre: m[1], width: Number(m[2]), fill: m[3] }));

describe('renderGenreChart', () => {
  it('one bar per genre, most probable first, the predicted genre highlighted, values in the description', () => {
    const svg = renderGenreChart({ probabilities: { rock: 0.1, jazz: 0.85, pop: 0.05 }, genre: 'jazz' });
    const full = 320 - 96 - 40 - 8;
    expect(bars(svg)).toEqual([
      { genre: 'jazz', width: Number((0.85 * full).toFixed(1)), fill: '#2f6f4f' },
      { genre: 'rock', width: Number((0.1 * full).toFixed(1)), fill: '#8fa9b8' },
      { genre: 'pop', width: Number((0.05 * full).toFixed(1)), fill: '#8fa9b8' },
    ]);
    expect(svg).toMatch(/role="img" aria-labelledby="genre-chart-title genre-chart-desc"/);
    expect(svg).toContain('<desc id="genre-chart-desc">jazz 85%, rock 10%, pop 5%.</desc>');
    expect(svg).toContain('>85%</text>');
  });

  it('sums the long tail into "other genres" but still lists every genre in the description', () => {
    const probabilities = Object.fromEntries(Array.from({ length: 14 }, (_, i) => [`g${String(i).padStart(2, '0')}`, (14 - i) / 105]));
    const svg = renderGenreChart({ probabilities, genre: 'g00', max: 5 });
    const drawn = bars(svg);
    expect(drawn.map((b) => b.genre)).toEqual(['g00', 'g01', 'g02', 'g03', 'other genres']);
    expect(svg).toContain('g13 1.0%');
  });

  it('escapes genre names', () => {
    const svg = renderGenreChart({ probabilities: { '<b>x</b>': 1 }, genre: '<b>x</b>' });
    expect(svg).not.toContain('<b>');
    expect(svg).toContain('&lt;b&gt;x&lt;/b&gt;');
  });
});
