import { describe, expect, it } from 'vitest';
import { bucketGrid, MAX_BUCKETS, resample, RESAMPLE_METHODS, type ResampleMethod } from '../../../core/ops/resample.js';
import type { TimeSeries } from '../../../core/series/series.js';
import { parseTimestamp } from '../../../core/series/time.js';
import { expectClose, f64, loadFixture } from './fixtures.js';

const fx = loadFixture('resample.json');
const times = Float64Array.from(fx.times as number[]);
const values = f64(fx.values);

function series(t: number[] | Float64Array, v: number[] | Float64Array, tzaware = true): TimeSeries {
  return { tzaware, valueType: 'float64', times: Float64Array.from(t), values: Float64Array.from(v) };
}

describe('resample against pandas', () => {
  for (const c of fx.cases) {
    const s: TimeSeries = { tzaware: true, valueType: 'float64', times: times.subarray(0, c.points), values: values.subarray(0, c.points) };
    for (const method of RESAMPLE_METHODS) {
      it(`${c.bucket} ${method} (${c.labels.length} buckets)`, () => {
        const out = resample(s, c.bucket, method as ResampleMethod);
        expect(Array.from(out.times)).toEqual(c.labels);
        expectClose(out.values as Float64Array, c[method], 1e-12);
        expect(out.tzaware).toBe(true);
      });
    }
  }
});

describe('resample conventions', () => {
  const day = parseTimestamp('2024-03-01').us;
  const at = (text: string): number => parseTimestamp(text).us;

  it('anchors buckets at midnight of the first day, closed left, labelled by their start', () => {
    const s = series([at('2024-03-01T00:07:00'), at('2024-03-01T00:10:00'), at('2024-03-01T00:19:59')], [1, 2, 3], false);
    const out = resample(s, '10min', 'sum');
    expect(Array.from(out.times)).toEqual([day, day + 600e6]);
    expect(Array.from(out.values as Float64Array)).toEqual([1, 5]);
  });

  it('anchors at midnight even when the bucket does not divide the hour', () => {
    const s = series([at('2024-03-01T00:00:20'), at('2024-03-01T00:00:22')], [1, 2]);
    expect(Array.from(resample(s, '7s', 'first').times)).toEqual([day + 14e6, day + 21e6]);
  });

  it('empty buckets have no value; count is 0 there', () => {
    const s = series([at('2024-03-01T00:00:00'), at('2024-03-01T03:00:00')], [4, 6]);
    const mean = resample(s, '1h', 'mean').values as Float64Array;
    expect(Array.from(mean)).toEqual([4, NaN, NaN, 6]);
    const sum = resample(s, '1h', 'sum').values as Float64Array;
    expect(Number.isNaN(sum[1])).toBe(true);
    expect(Array.from(resample(s, '1h', 'count').values as Float64Array)).toEqual([1, 0, 0, 1]);
  });

  it('locf takes the last observation at or before each label, skipping missing values', () => {
    const s = series([at('2024-03-01T00:30:00'), at('2024-03-01T01:00:00'), at('2024-03-01T01:20:00'), at('2024-03-01T03:10:00')], [1, 2, NaN, 4]);
    const out = resample(s, '1h', 'locf');
    expect(Array.from(out.times)).toEqual([day, day + 3600e6, day + 7200e6, day + 10800e6]);
    expect(Array.from(out.values as Float64Array)).toEqual([NaN, 2, 2, 2]);
  });

  it('skips missing values inside buckets', () => {
    const s = series([at('2024-03-01T00:00:01'), at('2024-03-01T00:00:02'), at('2024-03-01T00:00:03')], [NaN, 3, 5]);
    expect(Array.from(resample(s, '1min', 'mean').values as Float64Array)).toEqual([4]);
    expect(Array.from(resample(s, '1min', 'first').values as Float64Array)).toEqual([3]);
    expect(Array.from(resample(s, '1min', 'min').values as Float64Array)).toEqual([3]);
    expect(Array.from(resample(s, '1min', 'count').values as Float64Array)).toEqual([2]);
  });

  it('handles timestamps before 1970 and an empty series', () => {
    const t = parseTimestamp('1969-12-31T23:59:30Z').us;
    const out = resample(series([t, t + 45e6], [1, 2]), '1min', 'last');
    expect(Array.from(out.times)).toEqual([-60e6, 0]);
    expect(resample(series([], []), '1min', 'mean').times.length).toBe(0);
  });

  it('sums long buckets accurately (compensated)', () => {
    // 1e16, 1, -1e16 repeated: a plain running sum loses every 1.
    const n = 99_999;
    const t = Float64Array.from({ length: n }, (_, i) => i * 1000);
    const v = Float64Array.from({ length: n }, (_, i) => [1e16, 1, -1e16][i % 3]!);
    expect((resample(series(t, v), '1d', 'sum').values as Float64Array)[0]).toBe(33_333);
    expect((resample(series(t, v), '1d', 'mean').values as Float64Array)[0]).toBe(33_333 / n);
  });

  it('accepts microseconds for the bucket and rejects bad buckets, methods and huge grids', () => {
    const s = series([0, 1_500_000], [1, 2]);
    expect(Array.from(resample(s, 1_000_000, 'max').times)).toEqual([0, 1_000_000]);
    expect(() => resample(s, '0s', 'mean')).toThrow(/bucket must be a positive duration/);
    expect(() => resample(s, '1 fortnight', 'mean')).toThrow(expect.objectContaining({ code: 'bad_duration' }));
    expect(() => resample(s, '1s', 'median' as never)).toThrow(/unknown method "median"/);
    expect(() => bucketGrid(Float64Array.of(0, 86_400e6 * 365), 1)).toThrow(new RegExp(`limit of ${MAX_BUCKETS}`));
    const text: TimeSeries = { tzaware: true, valueType: 'string', times: Float64Array.of(0), values: ['a'] };
    expect(() => resample(text, '1s', 'last')).toThrow(expect.objectContaining({ code: 'value_type_mismatch' }));
  });
});
