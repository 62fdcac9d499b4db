import { describe, expect, it } from 'vitest';
import { encodeJson } from '../http/transport.js';
import { normalizeBatch } from './normalize-batch.js';
import { DEFAULT_BATCH_LIMITS, splitBatch } from './split-batch.js';

const metric = (i: number) => ({ key: `m${i % 7}`, value: i, timestamp: 1_700_000_000_000 + i, step: i });

describe('splitBatch', () => {
  it('keeps every chunk within MLflow’s count limits and keeps order', () => {
    const batch = {
      params: Array.from({ length: 250 }, (_, i) => ({ key: `p${i}`, value: String(i) })),
      tags: Array.from({ length: 130 }, (_, i) => ({ key: `t${i}`, value: 'v' })),
      metrics: Array.from({ length: 10_000 }, (_, i) => metric(i)),
    };
    const chunks = splitBatch(batch);
    for (const c of chunks) {
      expect(c.params.length).toBeLessThanOrEqual(100);
      expect(c.tags.length).toBeLessThanOrEqual(100);
      expect(c.metrics.length).toBeLessThanOrEqual(1000);
      expect(c.params.length + c.tags.length + c.metrics.length).toBeLessThanOrEqual(1000);
      expect(Buffer.byteLength(encodeJson({ run_id: 'x'.repeat(32), ...c }))).toBeLessThanOrEqual(1_000_000);
    }
    expect(chunks.flatMap((c) => c.params)).toEqual(batch.params);
    expect(chunks.flatMap((c) => c.tags)).toEqual(batch.tags);
    expect(chunks.flatMap((c) => c.metrics)).toEqual(batch.metrics);
    // 250 params → 3 chunks (100, 100, 50 + 50 tags), 80 tags → 1 more, then 10 full metric chunks at most + remainder.
    expect(chunks.length).toBeLessThanOrEqual(16);
  });

  it('10,000 metric points fit in 10 requests', () => {
    expect(splitBatch({ params: [], tags: [], metrics: Array.from({ length: 10_000 }, (_, i) => metric(i)) })).toHaveLength(10);
  });

  it('splits by size when values are large', () => {
    const params = Array.from({ length: 100 }, (_, i) => ({ key: `p${i}`, value: 'x'.repeat(6000) }));
    const tags = Array.from({ length: 100 }, (_, i) => ({ key: `t${i}`, value: 'y'.repeat(8000) }));
    const chunks = splitBatch({ params, tags, metrics: [] }, { ...DEFAULT_BATCH_LIMITS, maxBytes: 200_000 });
    for (const c of chunks) expect(Buffer.byteLength(encodeJson({ run_id: 'r', ...c }))).toBeLessThanOrEqual(200_000);
    expect(chunks.length).toBeGreaterThan(5);
  });

  it('returns no chunk for an empty batch', () => {
    expect(splitBatch({ params: [], tags: [], metrics: [] })).toEqual([]);
  });
});

describe('normalizeBatch', () => {
  it('fills timestamp and step, stringifies param values, and names the bad entry', () => {
    const batch = normalizeBatch({ metrics: [{ key: 'a', value: 1 }], params: { depth: 5, flag: true } }, () => 42);
    expect(batch.metrics).toEqual([{ key: 'a', value: 1, timestamp: 42, step: 0 }]);
    expect(batch.params).toEqual([
      { key: 'depth', value: '5' },
      { key: 'flag', value: 'true' },
    ]);
    expect(() => normalizeBatch({ metrics: [{ key: 'ok', value: 1 }, { key: 'bad;key', value: 1 }] }, () => 1)).toThrow(/^metrics\[1\]\.key/);
    expect(() => normalizeBatch({ params: { lr: Number.NaN } }, () => 1)).toThrow(/params\.lr/);
  });
});
