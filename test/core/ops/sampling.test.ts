import { describe, expect, it } from 'vitest';
import { checkSamplingRate, DEFAULT_SAMPLING_TOLERANCE, samplingRate } from '../../../core/ops/sampling.js';

describe('samplingRate', () => {
  it('is 1e6 / mean interval in µs', () => {
    expect(samplingRate(Float64Array.of(0, 10_000, 20_000, 30_000))).toBe(100);
    expect(samplingRate(Float64Array.of(0, 3_000_000))).toBeCloseTo(1 / 3, 15);
  });

  it('tolerates jitter up to 1% of the interval by default', () => {
    expect(DEFAULT_SAMPLING_TOLERANCE).toBe(0.01);
    expect(() => samplingRate(Float64Array.of(0, 1_000, 2_005, 3_000))).not.toThrow();
    expect(() => samplingRate(Float64Array.of(0, 1_000, 2_050, 3_000))).toThrow(expect.objectContaining({ code: 'irregular_sampling' }));
    expect(() => samplingRate(Float64Array.of(0, 1_000, 2_050, 3_000), { tolerance: 0.1 })).not.toThrow();
  });

  it('names the point and time where sampling is irregular', () => {
    expect(() =>
      samplingRate(Float64Array.of(0, 1e6, 2e6, 3e6, 4.5e6, 5e6, 6e6), { where: 'series "x"', tzaware: true }),
    ).toThrow(/series "x": irregular sampling at point 4 \(1970-01-01T00:00:04.500000Z\)/);
  });

  it('needs two strictly increasing points', () => {
    expect(() => samplingRate(Float64Array.of(5))).toThrow(expect.objectContaining({ code: 'too_few_points' }));
    expect(() => samplingRate(Float64Array.of(5, 5))).toThrow(/strictly increasing/);
  });

  it('checks given rates', () => {
    expect(checkSamplingRate(10)).toBe(10);
    expect(() => checkSamplingRate(-1)).toThrow(/positive/);
    expect(() => checkSamplingRate(NaN)).toThrow(/positive/);
  });
});
