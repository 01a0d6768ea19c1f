import { describe, expect, it } from 'vitest';
import { derivative, derivativeUnit } from '../../../core/ops/derivative.js';
import type { TimeSeries } from '../../../core/series/series.js';
import { expectClose, f64, loadFixture } from './fixtures.js';

const fx = loadFixture('calculus.json');
const s: TimeSeries = { tzaware: false, valueType: 'float64', times: Float64Array.from(fx.times as number[]), values: f64(fx.values) };

describe('derivative', () => {
  it('gradient equals numpy.gradient(values, seconds)', () => {
    expectClose(derivative(s).values as Float64Array, fx.gradient, 1e-9);
  });
  it('per 1h equals numpy.gradient(values, hours)', () => {
    expectClose(derivative(s, { per: '1h' }).values as Float64Array, fx.gradient_per_hour, 1e-9);
  });
  it('difference equals diff(values) / diff(seconds), none at the first point', () => {
    expectClose(derivative(s, { method: 'difference' }).values as Float64Array, fx.difference, 1e-9);
  });
  it('is exact for a line with uneven steps', () => {
    const line: TimeSeries = { tzaware: false, valueType: 'float64', times: Float64Array.of(0, 1e6, 3e6, 7e6), values: Float64Array.of(1, 3, 7, 15) };
    for (const v of derivative(line).values as Float64Array) expect(v).toBeCloseTo(2, 12);
  });
  it('needs two points and a float series; names units', () => {
    const one: TimeSeries = { tzaware: false, valueType: 'float64', times: Float64Array.of(0), values: Float64Array.of(1) };
    expect(() => derivative(one)).toThrow(expect.objectContaining({ code: 'too_few_points' }));
    expect(() => derivative(s, { method: 'spline' as never })).toThrow(/unknown method/);
    expect(derivativeUnit('m', 's')).toBe('m/s');
    expect(derivativeUnit(null)).toBeNull();
  });
});
