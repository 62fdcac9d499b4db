import { describe, expect, it } from 'vitest';
import { decodeFloat32Base64, encodeFloat32Base64 } from './base64-floats.js';

describe('float32 base64', () => {
  it('round-trips values exactly to float32, for every padding length', () => {
    for (const length of [0, 1, 2, 3, 4, 5, 1000]) {
      const values = Array.from({ length }, (_, i) => Math.sin(i) * 10 ** (i % 7) - i);
      const decoded = decodeFloat32Base64(encodeFloat32Base64(values));
      expect(Array.from(decoded)).toEqual(Array.from(Float32Array.from(values)));
    }
  });

  it('matches the platform base64 of the little-endian bytes', () => {
    const values = new Float32Array([1.5, -2.25, 3e-7, 120.5]);
    const platform = btoa(String.fromCharCode(...new Uint8Array(values.buffer)));
    expect(encodeFloat32Base64(values)).toBe(platform);
  });

  it('refuses text that is not base64 of whole floats, naming the field', () => {
    expect(() => decodeFloat32Base64('AAA', 'catalog.features')).toThrow(/catalog\.features: is not base64/);
    expect(() => decodeFloat32Base64('AAAA', 'f')).toThrow(/whole float32/);
    expect(() => decodeFloat32Base64('AA*AAAAAAAA=', 'f')).toThrow(/bad character at 2/);
  });
});
