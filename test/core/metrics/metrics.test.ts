import { describe, expect, it } from 'vitest';
import { Store } from '../../../core/store/index.js';
import { listTags, metricRows, sampleMetrics } from '../../../core/metrics/index.js';
import { parseInstant, pointsFromWire } from '../../../core/series/index.js';

const T = (s: string) => parseInstant(s);
const H = 3_600_000_000;

function fixture(chunkSize = 2) {
  const s = new Store(':memory:', { chunkSize });
  s.update('a', pointsFromWire([['2024-01-01T00:00:00Z', 1], ['2024-01-01T00:30:00Z', 3], ['2024-01-01T01:00:00Z', 3], ['2024-01-01T02:15:00Z', 5]]));
  s.update('b', pointsFromWire([['2024-01-01T00:10:00Z', 'on'], ['2024-01-01T01:10:00Z', 'off']]));
  s.update('late', pointsFromWire([['2024-06-01T00:00:00Z', 1], ['2024-06-03T00:00:00Z', 2], ['2024-06-05T00:00:00Z', 3], ['2024-06-07T00:00:00Z', 4]]));
  return s;
}

describe('tags', () => {
  it('lists every series with birth (first point) and death (retirement)', () => {
    const s = fixture();
    s.retire('b', T('2024-02-01Z'));
    expect(listTags(s).map((t) => [t.name, t.birthAt, t.deathAt])).toEqual([
      ['a', T('2024-01-01T00:00:00Z'), null],
      ['b', T('2024-01-01T00:10:00Z'), T('2024-02-01Z')],
      ['late', T('2024-06-01Z'), null],
    ]);
    s.retire('b', null);
    expect(listTags(s)[1]!.deathAt).toBeNull();
  });

  it('with a window, only tags with a point in [from, to) — including a point inside a straddling chunk', () => {
    const s = fixture();
    expect(listTags(s, T('2024-01-01T02:00:00Z'), T('2024-01-01T03:00:00Z')).map((t) => t.name)).toEqual(['a']);
    expect(listTags(s, T('2024-01-01T02:15:00Z'), T('2024-01-01T02:15:00Z') + 1).map((t) => t.name)).toEqual(['a']);
    expect(listTags(s, null, T('2024-01-01T02:15:00Z')).map((t) => t.name)).toEqual(['a', 'b']);
    // 'late' has chunks [06-01, 06-03] and [06-05, 06-07]: a window between its points has none of them.
    expect(listTags(s, T('2024-06-03T12:00:00Z'), T('2024-06-04Z')).map((t) => t.name)).toEqual([]);
    expect(listTags(s, T('2024-06-02Z'), T('2024-06-04Z')).map((t) => t.name)).toEqual(['late']);
  });
});

describe('metric data', () => {
  it('one row per point in [from, to), by time then tag, numbers and strings', () => {
    const s = fixture();
    const rows = metricRows(s, ['a', 'b'], T('2024-01-01T00:10:00Z'), T('2024-01-01T01:10:00Z'));
    expect(rows.map((r) => [r.tagName, r.time, r.value])).toEqual([
      ['b', T('2024-01-01T00:10:00Z'), 'on'],
      ['a', T('2024-01-01T00:30:00Z'), 3],
      ['a', T('2024-01-01T01:00:00Z'), 3],
    ]);
    expect(metricRows(s, null).length).toBe(10);
  });
});

describe('metrics sample', () => {
  it('averages the carried-forward step function per bucket, time-weighted', () => {
    const s = fixture();
    const r = sampleMetrics(s, ['a', 'b'], H, T('2024-01-01T00:00:00Z'), T('2024-01-01T03:00:00Z'));
    expect(Array.from(r.times)).toEqual([0, 1, 2].map((k) => T('2024-01-01T00:00:00Z') + k * H));
    // Bucket 0: 30 min at 1, 30 min at 3 → 2. Bucket 2: 15 min at 3, 45 min at 5 → 4.5.
    expect(Array.from(r.columns.a as Float64Array)).toEqual([2, 3, 4.5]);
    expect(r.columns.b).toEqual(['on', 'off', 'off']);
  });

  it('carries the value from before the window in, and has no value before the first observation', () => {
    const s = fixture();
    const r = sampleMetrics(s, ['a'], H, T('2024-01-01T01:30:00Z'), T('2024-01-01T02:30:00Z'));
    // Bucket 01:00 covers only [01:30, 02:00) of the window: value 3. Bucket 02:00: 15 min at 3, 15 min at 5.
    expect(Array.from(r.columns.a as Float64Array)).toEqual([3, 4]);
    const early = sampleMetrics(s, ['b'], H, T('2023-12-31T23:00:00Z'), T('2024-01-01T01:00:00Z'));
    expect(early.columns.b).toEqual([null, 'on']);
    const e2 = sampleMetrics(s, ['a'], H, T('2023-12-31T23:00:00Z'), T('2024-01-01T01:00:00Z'));
    expect(Number.isNaN((e2.columns.a as Float64Array)[0])).toBe(true);
  });

  it('without a window, runs from the oldest point to the end of the bucket holding the newest', () => {
    const s = fixture();
    const r = sampleMetrics(s, ['a'], H);
    expect(Array.from(r.columns.a as Float64Array)).toEqual([2, 3, 4.5]);
  });

  it('refuses naive and tz-aware tags together', () => {
    const s = fixture();
    s.update('naive', pointsFromWire([['2024-01-01T00:00:00', 1]]));
    expect(() => sampleMetrics(s, ['a', 'naive'], H)).toThrow(/naive and tz-aware/);
  });
});
