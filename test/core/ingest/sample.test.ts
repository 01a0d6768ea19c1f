import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../../core/ingest/csv.js';
import { mulberry32, sampleCsv, sampleRowCount } from '../../../core/ingest/sample.js';

const text = (opts: Parameters<typeof sampleCsv>[0]): string => [...sampleCsv(opts)].map((c) => new TextDecoder().decode(c)).join('');

describe('sample generator', () => {
  it('is deterministic: the same seed gives the same bytes, another seed other bytes', () => {
    const a = text({ channels: 3, seconds: 1, rate: 200, seed: 7 });
    expect(text({ channels: 3, seconds: 1, rate: 200, seed: 7 })).toBe(a);
    expect(text({ channels: 3, seconds: 1, rate: 200, seed: 8 })).not.toBe(a);
    expect(mulberry32(1)()).toBe(mulberry32(1)());
  });

  it('writes the POC long layout with millisecond timestamps, one row per channel and sample', async () => {
    const t = text({ channels: 2, seconds: 0.01, rate: 1000 });
    const lines = t.trimEnd().split('\n');
    expect(lines[0]).toBe('timestamp,channel_id,value');
    expect(lines[1]).toMatch(/^2024-01-01 00:00:00\.000,0,-?\d+\.\d{4}$/);
    expect(lines[2]).toMatch(/^2024-01-01 00:00:00\.000,1,/);
    expect(lines[3]).toMatch(/^2024-01-01 00:00:00\.001,0,/);
    expect(lines.length - 1).toBe(sampleRowCount({ channels: 2, seconds: 0.01, rate: 1000 }));
    const r = await parseCsv((async function* () { yield* sampleCsv({ channels: 2, seconds: 1, rate: 1000 }); })());
    expect(r.summary).toMatchObject({ accepted: 2000, rejected: 0, duplicates: 0 });
    expect(r.series.map((s) => s.series.times.length)).toEqual([1000, 1000]);
  });

  it('holds transient events well above the noise', () => {
    const vals = text({ channels: 1, seconds: 40, rate: 100, seed: 3 }).trimEnd().split('\n').slice(1).map((l) => Number(l.split(',')[2]));
    const diffs = vals.slice(1).map((v, i) => Math.abs(v - vals[i]!));
    expect(Math.max(...diffs)).toBeGreaterThan(1.5);
  });

  it('rejects nonsense parameters', () => {
    expect(() => [...sampleCsv({ channels: 0 })]).toThrow(/channels/);
    expect(() => [...sampleCsv({ rate: -1 })]).toThrow(/rate/);
  });
});
