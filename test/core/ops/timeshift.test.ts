import { describe, expect, it } from 'vitest';
import { timeShift } from '../../../core/ops/timeshift.js';
import type { TimeSeries } from '../../../core/series/series.js';
import { parseTimestamp } from '../../../core/series/time.js';
import { loadFixture } from './fixtures.js';

const fx = loadFixture('timeshift.json');

const s: TimeSeries = { tzaware: true, valueType: 'float64', times: Float64Array.of(0, 1e6), values: Float64Array.of(1, 2) };

describe('timeShift', () => {
  for (const c of fx.cases as { delta: string; times: number[]; values: number[] }[]) {
    it(`by ${c.delta} equals pandas Series.shift(freq=...)`, () => {
      const input: TimeSeries = { tzaware: true, valueType: 'float64', times: Float64Array.from(fx.times), values: Float64Array.from(fx.values) };
      const out = timeShift(input, c.delta);
      expect(Array.from(out.times)).toEqual(c.times);
      expect(Array.from(out.values as Float64Array)).toEqual(c.values);
    });
  }

  it('moves timestamps by a duration or microseconds, keeping values and the input', () => {
    expect(Array.from(timeShift(s, '1h').times)).toEqual([3600e6, 3600e6 + 1e6]);
    expect(Array.from(timeShift(s, '-PT0.5S').times)).toEqual([-5e5, 5e5]);
    expect(Array.from(timeShift(s, 7).times)).toEqual([7, 1e6 + 7]);
    expect(timeShift(s, '1h').values).toBe(s.values);
    expect(Array.from(s.times)).toEqual([0, 1e6]);
  });

  it('rejects bad deltas and shifts past the supported years', () => {
    expect(() => timeShift(s, '1 month')).toThrow(expect.objectContaining({ code: 'bad_duration' }));
    expect(() => timeShift(s, 0.5)).toThrow(/whole number of microseconds/);
    const late: TimeSeries = { ...s, times: Float64Array.of(parseTimestamp('2200-12-31T00:00:00Z').us) };
    expect(() => timeShift(late, '2d')).toThrow(/outside the years 1700..2200/);
  });
});
