import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../errors/msr-error.js';
import { decodeBytesBase64, decodeFloat32Base64, encodeBytesBase64, encodeFloat32Base64 } from './base64-floats.js';

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

describe('bytes base64', () => {
  const bytesOf = (length: number): Uint8Array => Uint8Array.from({ length }, (_, i) => (i * 97 + 13) & 255);
  const platform = (bytes: Uint8Array): string => {
    let s = '';
    for (const b of bytes) s += String.fromCharCode(b);
    return btoa(s);
  };

  it('encodes like the platform btoa for every padding length and across the 8192-character chunk', () => {
    for (const length of [0, 1, 2, 3, 4, 5, 6143, 6144, 6145, 7000, 20000]) {
      const bytes = bytesOf(length);
      expect(encodeBytesBase64(bytes)).toBe(platform(bytes));
    }
  });

  it('decodes what btoa writes, including 0xff bytes', () => {
    for (const length of [1, 2, 3, 4, 255]) {
      const bytes = Uint8Array.from({ length }, (_, i) => 255 - (i % 256));
      expect(Array.from(decodeBytesBase64(platform(bytes)))).toEqual(Array.from(bytes));
    }
  });

  it('decodes the RFC 4648 test vectors', () => {
    const text = (s: string): string => String.fromCharCode(...decodeBytesBase64(s));
    expect(text('')).toBe('');
    expect(text('Zg==')).toBe('f');
    expect(text('Zm8=')).toBe('fo');
    expect(text('Zm9v')).toBe('foo');
    expect(text('Zm9vYg==')).toBe('foob');
    expect(text('Zm9vYmE=')).toBe('fooba');
    expect(text('Zm9vYmFy')).toBe('foobar');
  });

  it('refuses padding before the last quartet, non-ASCII and out-of-alphabet characters, with their position', () => {
    for (const [bad, at] of [
      ['Zg==Zm9v', 2],
      ['Zm9=Zm9v', 3],
      ['Zm9vé===', 4],
      ['Zm9v-A==', 4],
      ['Zm9v\u0100AAA', 4],
      ['Zm9v\u0080AAA', 4],
    ] as const) {
      let err: unknown;
      try {
        decodeBytesBase64(bad, 'blob');
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(InvalidArgumentError);
      expect((err as InvalidArgumentError).code).toBe('ERR_MODEL_FORMAT');
      expect((err as InvalidArgumentError).message).toBe(`blob: is not base64 (bad character at ${at})`);
    }
  });

  it('names the field and the reason for bad lengths', () => {
    expect(() => decodeBytesBase64('abc')).toThrow('value: is not base64 (length is not a multiple of 4)');
    expect(() => decodeBytesBase64('abc')).toThrow(expect.objectContaining({ code: 'ERR_MODEL_FORMAT' }));
    expect(() => decodeFloat32Base64('Zm9v')).toThrow('value: does not hold whole float32 values');
    try {
      decodeFloat32Base64('Zm9v', 'w');
    } catch (e) {
      expect((e as InvalidArgumentError).code).toBe('ERR_MODEL_FORMAT');
    }
  });

  it('decodes float32 values exactly', () => {
    expect(Array.from(decodeFloat32Base64(encodeFloat32Base64([1, -0.5, 2 ** -20])))).toEqual([1, -0.5, 2 ** -20]);
  });
});
