import { describe, expect, it } from 'vitest';
import { frameSpectrum, seriesSpectrum, spectrum, spectrumFrequencies } from '../../../core/ops/fft.js';
import type { Frame } from '../../../core/ops/frame.js';
import type { TimeSeries } from '../../../core/series/series.js';
import { expectClose, loadFixture, signal } from './fixtures.js';

const fx = loadFixture('fft.json');

function sampled(values: Float64Array, fs: number, t0 = 1_700_000_000_000_000): TimeSeries {
  const times = Float64Array.from(values, (_, i) => t0 + Math.round((i * 1e6) / fs));
  return { tzaware: true, valueType: 'float64', times, values };
}

describe('spectrum', () => {
  for (const c of fx.spectra) {
    it(`N = ${c.n}, window ${c.window}: magnitude and amplitude equal numpy`, () => {
      const x = signal(c.n, 3);
      const mag = spectrum(x, c.fs, { window: c.window });
      expectClose(mag.frequencies, c.frequencies, 1e-12);
      expectClose(mag.magnitude, c.magnitude, 1e-10, 'array');
      const amp = spectrum(x, c.fs, { window: c.window, normalize: true });
      expectClose(amp.magnitude, c.amplitude, 1e-10, 'array');
    });
  }

  it('normalized: a sine of amplitude A on a bin shows a peak of A, a constant shows its value at DC', () => {
    const n = 1000;
    const fs = 100;
    const x = Float64Array.from({ length: n }, (_, i) => 0.5 + 3 * Math.sin((2 * Math.PI * 10 * i) / fs));
    for (const window of ['none', 'hann', 'hamming', 'blackman'] as const) {
      const { frequencies, magnitude } = spectrum(x, fs, { window, normalize: true });
      const peak = magnitude.indexOf(Math.max(...magnitude.subarray(1)));
      expect(frequencies[peak]).toBeCloseTo(10, 12);
      expect(magnitude[peak]).toBeCloseTo(3, 9);
      expect(magnitude[0]).toBeCloseTo(0.5, 9);
    }
  });

  it('frequencies of a power-of-two N round exactly as (k·fs)/N', () => {
    for (const [n, fs] of [[1 << 20, 100], [1024, 1 / 3], [4096, 44_100], [8, 0.1]] as const) {
      const f = spectrumFrequencies(n, fs);
      for (let k = 0; k < f.length; k += 7) expect(f[k]).toBe((k * fs) / n);
    }
  });

  it('frequencies are k·fs/N for k = 0..floor(N/2)', () => {
    expect(Array.from(spectrumFrequencies(5, 10))).toEqual([0, 2, 4]);
    expect(Array.from(spectrumFrequencies(4, 10))).toEqual([0, 2.5, 5]);
  });

  it('the Nyquist bin of an even N is not doubled, the last bin of an odd N is', () => {
    const even = Float64Array.from({ length: 8 }, (_, i) => (i % 2 ? -1 : 1));
    expect(spectrum(even, 8, { normalize: true }).magnitude[4]).toBeCloseTo(1, 12);
    const odd = Float64Array.from({ length: 9 }, (_, i) => Math.cos((2 * Math.PI * 4 * i) / 9));
    expect(spectrum(odd, 9, { normalize: true }).magnitude[4]).toBeCloseTo(1, 12);
  });

  it('finds a gap wherever it is, for every transform path and window', () => {
    for (const n of [16, 18, 17, 1024, 1000]) {
      for (const at of [0, 7, n - 1]) {
        const x = signal(n);
        x[at] = NaN;
        for (const window of ['none', 'hann'] as const) {
          expect(() => spectrum(x, 10, { window, normalize: true }), `N ${n}, point ${at}, ${window}`).toThrow(
            new RegExp(`point ${at} has none`),
          );
        }
      }
    }
  });

  it('a spectrum taken twice with a cached window equals the first, and the input is untouched', () => {
    const x = signal(300, 7);
    const copy = Float64Array.from(x);
    const a = spectrum(x, 10, { window: 'blackman', normalize: true });
    const b = spectrum(x, 10, { window: 'blackman', normalize: true });
    expect(Array.from(b.magnitude)).toEqual(Array.from(a.magnitude));
    expect(Array.from(x)).toEqual(Array.from(copy));
  });

  it('rejects gaps, empty signals, bad windows and bad rates with clear errors', () => {
    expect(() => spectrum(Float64Array.of(1, NaN, 2), 1)).toThrow(expect.objectContaining({ code: 'missing_values' }));
    expect(() => spectrum(Float64Array.of(1, NaN, 2), 1)).toThrow(/point 1 has none/);
    expect(() => spectrum(new Float64Array(0), 1)).toThrow(expect.objectContaining({ code: 'too_few_points' }));
    expect(() => spectrum(Float64Array.of(1, 2), 1, { window: 'flattop' as never })).toThrow(/unknown window/);
    expect(() => spectrum(Float64Array.of(1, 2), 0)).toThrow(/sampling rate must be a positive number/);
  });
});

describe('seriesSpectrum', () => {
  it('reads the sampling rate from the timestamps', () => {
    const x = signal(101, 3);
    const c = fx.spectra.find((s: { n: number; window: string }) => s.n === 101 && s.window === 'hann');
    const out = seriesSpectrum(sampled(x, 50), { window: 'hann' });
    expectClose(out.frequencies, c.frequencies, 1e-12);
    expectClose(out.magnitude, c.magnitude, 1e-10, 'array');
  });

  it('rejects irregular sampling, naming the point, unless the rate is given', () => {
    const s = sampled(signal(64), 100);
    s.times[10] = s.times[10]! + 2000; // 20% of a 10 ms step
    expect(() => seriesSpectrum(s)).toThrow(expect.objectContaining({ code: 'irregular_sampling' }));
    expect(() => seriesSpectrum(s)).toThrow(/irregular sampling at point 10/);
    expect(seriesSpectrum(s, { tolerance: 0.5 }).frequencies.length).toBe(33);
    expect(seriesSpectrum(s, { samplingRate: 100 }).frequencies[32]).toBe(50);
  });

  it('rejects string series', () => {
    const s: TimeSeries = { tzaware: false, valueType: 'string', times: Float64Array.of(0, 1), values: ['a', 'b'] };
    expect(() => seriesSpectrum(s)).toThrow(expect.objectContaining({ code: 'value_type_mismatch' }));
  });
});

describe('frameSpectrum', () => {
  it('transforms each channel and indexes the result by frequency', () => {
    const a = signal(64, 3);
    const b = signal(64, 4);
    const frame: Frame = { indexKind: 'time', index: sampled(a, 100).times, channels: { a, b }, units: { a: 'V' } };
    const out = frameSpectrum(frame, { window: 'hann' });
    expect(out.indexKind).toBe('frequency');
    expect(out.index.length).toBe(33);
    expect(out.index[32]).toBe(50);
    expect(Array.from(out.channels.a!)).toEqual(Array.from(spectrum(a, 100, { window: 'hann' }).magnitude));
    expect(Array.from(out.channels.b!)).toEqual(Array.from(spectrum(b, 100, { window: 'hann' }).magnitude));
    expect(out.units).toEqual({ a: 'V' });
  });

  it('rejects frequency frames and ragged channels', () => {
    const f: Frame = { indexKind: 'frequency', index: Float64Array.of(0, 1), channels: { a: Float64Array.of(1, 2) } };
    expect(() => frameSpectrum(f)).toThrow(/already indexed by frequency/);
    const ragged: Frame = { indexKind: 'time', index: Float64Array.of(0, 1), channels: { a: Float64Array.of(1) } };
    expect(() => frameSpectrum(ragged)).toThrow(/channel "a" has 1 values for 2 index entries/);
  });
});
