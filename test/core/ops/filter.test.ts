import { describe, expect, it } from 'vitest';
import { filterSeries, filterValues } from '../../../core/ops/filter.js';
import type { TimeSeries } from '../../../core/series/series.js';
import { expectClose, loadFixture, signal } from './fixtures.js';

const fx = loadFixture('filters.json');
const x = signal(fx.signal.n, fx.signal.seed);

function sampledAt(fs: number, values: Float64Array): TimeSeries {
  const times = Float64Array.from(values, (_, i) => 1_704_067_200_000_000 + (i * 1e6) / fs);
  return { tzaware: true, valueType: 'float64', times, values };
}

describe('filterValues against scipy: every type, orders 1 to 10, causal and zero-phase', () => {
  const { idx, runs } = fx.sampled_runs as { idx: number[]; runs: { type: string; order: number; cutoff: number | [number, number]; fs: number; sosfilt: number[]; sosfiltfilt: number[] }[] };
  const pick = (y: Float64Array): number[] => idx.map((i) => y[i]!);

  it('the fixture covers all 40 (type, order) pairs', () => {
    const pairs = new Set(runs.map((r) => `${r.type}/${r.order}`));
    for (const type of ['lowpass', 'highpass', 'bandpass', 'bandstop']) for (let order = 1; order <= 10; order++) expect(pairs.has(`${type}/${order}`), `${type} ${order}`).toBe(true);
  });

  for (const r of runs) {
    it(`${r.type} order ${r.order} at ${JSON.stringify(r.cutoff)} Hz: sosfilt and sosfiltfilt to 1e-9`, () => {
      const config = { filter_type: r.type as 'lowpass', cutoff: r.cutoff, order: r.order };
      expectClose(pick(filterValues(x, r.fs, { ...config, zero_phase: false })), r.sosfilt, 1e-9);
      expectClose(pick(filterValues(x, r.fs, { ...config, zero_phase: true })), r.sosfiltfilt, 1e-9);
    });
  }
});

describe('filterSeries', () => {
  const run = fx.runs.find((r: { type: string; order: number }) => r.type === 'lowpass' && r.order === 4);

  it('zero_phase true = sosfiltfilt, false = sosfilt, with the rate read from the timestamps', () => {
    const s = sampledAt(100, x);
    const zp = filterSeries(s, { filter_type: 'lowpass', cutoff: 5, order: 4, zero_phase: true });
    expectClose(zp.values as Float64Array, run.sosfiltfilt, 1e-9);
    expect(zp.times).toBe(s.times);
    const causal = filterSeries(s, { filter_type: 'lowpass', cutoff: 5, order: 4, zero_phase: false });
    expectClose(causal.values as Float64Array, run.sosfilt, 1e-9);
  });

  it('uses a configured sampling rate over the timestamps', () => {
    const s = sampledAt(10, x); // timestamps say 10 Hz
    const out = filterSeries(s, { filter_type: 'lowpass', cutoff: 5, order: 4, zero_phase: true, sampling_rate: 100 });
    expectClose(out.values as Float64Array, run.sosfiltfilt, 1e-9);
  });

  it('a cutoff at or above the Nyquist of the series rate is an error', () => {
    const s = sampledAt(10, x);
    expect(() => filterSeries(s, { filter_type: 'lowpass', cutoff: 5, order: 4, zero_phase: true })).toThrow(
      /cutoff 5 Hz is at or above the Nyquist frequency 5 Hz \(sampling rate 10 Hz\)/,
    );
  });

  it('rejects irregular sampling beyond the tolerance, and accepts jitter within it', () => {
    const s = sampledAt(100, x);
    const jittered = { ...s, times: Float64Array.from(s.times, (t, i) => t + (i % 2) * 50) }; // 0.5% of 10 ms
    expect(() => filterSeries(jittered, { filter_type: 'lowpass', cutoff: 5, order: 2, zero_phase: false })).not.toThrow();
    const gap = { ...s, times: Float64Array.from(s.times, (t, i) => (i >= 200 ? t + 30_000 : t)) };
    expect(() => filterSeries(gap, { filter_type: 'lowpass', cutoff: 5, order: 2, zero_phase: false })).toThrow(
      expect.objectContaining({ code: 'irregular_sampling' }),
    );
  });

  it('rejects gaps in the values and string series', () => {
    const v = Float64Array.from(x);
    v[7] = NaN;
    expect(() => filterValues(v, 100, { filter_type: 'lowpass', cutoff: 5, order: 2, zero_phase: true })).toThrow(/point 7 has none/);
    const s: TimeSeries = { tzaware: false, valueType: 'string', times: Float64Array.of(0, 1), values: ['a', 'b'] };
    expect(() => filterSeries(s, { filter_type: 'lowpass', cutoff: 5, order: 2, zero_phase: true })).toThrow(
      expect.objectContaining({ code: 'value_type_mismatch' }),
    );
  });
});
