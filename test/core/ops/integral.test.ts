import { describe, expect, it } from 'vitest';
import { cumulativeIntegral, integral, integralUnit } from '../../../core/ops/integral.js';
import type { TimeSeries } from '../../../core/series/series.js';
import { expectClose, f64, loadFixture } from './fixtures.js';

const fx = loadFixture('calculus.json');
const s: TimeSeries = { tzaware: false, valueType: 'float64', times: Float64Array.from(fx.times as number[]), values: f64(fx.values) };

describe('integral', () => {
  it('cumulative equals scipy cumulative_trapezoid(initial=0) in seconds and in hours', () => {
    expectClose(cumulativeIntegral(s).values as Float64Array, fx.cumulative, 1e-9);
    expectClose(cumulativeIntegral(s, { per: '1h' }).values as Float64Array, fx.cumulative_per_hour, 1e-9);
  });
  it('total equals numpy.trapz', () => {
    expect(Math.abs(integral(s) - fx.total)).toBeLessThan(1e-9 * Math.max(1, Math.abs(fx.total)));
  });
  it('is 0 at the first point and for a single point; names units', () => {
    const one: TimeSeries = { tzaware: false, valueType: 'float64', times: Float64Array.of(5), values: Float64Array.of(3) };
    expect(Array.from(cumulativeIntegral(one).values as Float64Array)).toEqual([0]);
    expect(integral(one)).toBe(0);
    expect(integralUnit('W', 'h')).toBe('W·h');
    expect(() => cumulativeIntegral(s, { per: '0s' })).toThrow(/positive duration/);
  });
});
