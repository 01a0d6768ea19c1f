import { describe, expect, it } from 'vitest';
import { rolling, windowStarts } from '../../../core/ops/rolling.js';
import type { TimeSeries } from '../../../core/series/series.js';
import { expectClose, f64, loadFixture } from './fixtures.js';

const fx = loadFixture('rolling.json');
const s: TimeSeries = { tzaware: true, valueType: 'float64', times: Float64Array.from(fx.times as number[]), values: f64(fx.values) };

describe('rolling against pandas', () => {
  for (const c of fx.cases) {
    const label = `window ${JSON.stringify(c.window)}${c.min_periods ? ` min_periods ${c.min_periods}` : ''}`;
    const base = { window: c.window, ...(c.min_periods ? { minPeriods: c.min_periods } : {}) };
    it(`${label}: mean`, () => {
      expectClose(rolling(s, { ...base, stat: 'mean' }).values as Float64Array, c.mean, 1e-9);
    });
    it(`${label}: std (ddof 1)`, () => {
      expectClose(rolling(s, { ...base, stat: 'std' }).values as Float64Array, c.std, 1e-9);
    });
    it(`${label}: std (ddof 0)`, () => {
      expectClose(rolling(s, { ...base, stat: 'std', ddof: 0 }).values as Float64Array, c.std0, 1e-9);
    });
  }
});

describe('rolling', () => {
  it('is exact over a run of one repeated value', () => {
    const out = rolling(s, { window: 5, stat: 'std' }).values as Float64Array;
    const mean = rolling(s, { window: 5, stat: 'mean' }).values as Float64Array;
    for (let i = 44; i < 48; i++) {
      expect(out[i]).toBe(0);
      expect(mean[i]).toBe(42);
    }
  });

  it('time windows hold the points in (t - d, t]', () => {
    expect(Array.from(windowStarts(Float64Array.of(0, 1e6, 2e6, 3e6), '2s'))).toEqual([0, 0, 1, 2]);
    expect(Array.from(windowStarts(Float64Array.of(0, 1e6, 2e6, 3e6), 3))).toEqual([0, 0, 0, 1]);
  });

  it('keeps the timestamps and rejects bad windows', () => {
    expect(rolling(s, { window: 3, stat: 'mean' }).times).toBe(s.times);
    expect(() => rolling(s, { window: 0, stat: 'mean' })).toThrow(/positive number of points/);
    expect(() => rolling(s, { window: '-5s', stat: 'mean' })).toThrow(/positive duration/);
    expect(() => rolling(s, { window: 3, stat: 'median' as never })).toThrow(/unknown statistic/);
  });
});
