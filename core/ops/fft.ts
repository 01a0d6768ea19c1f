import { StrataError } from '../base/errors.js';
import type { TimeSeries } from '../series/series.js';
import { checkFrame, type Frame } from './frame.js';
import { rfftMagnitude } from './rfft.js';
import { checkSamplingRate, samplingRate } from './sampling.js';
import { cachedWindow, checkWindowName, type WindowName } from './windows.js';

export interface SpectrumOptions {
  /** Window applied before the transform (periodic, as scipy.signal.get_window). Default `none`. */
  window?: WindowName;
  /**
   * false (default): the magnitude |X_k|. true: the amplitude spectrum 2|X_k|/Σw (DC and Nyquist |X_k|/Σw),
   * so a sine of amplitude A shows a peak of height A.
   */
  normalize?: boolean;
}

export interface SeriesSpectrumOptions extends SpectrumOptions {
  /** Sampling rate in Hz; when absent it is read from the timestamps, which must be regular. */
  samplingRate?: number;
  /** Allowed relative jitter of the sampling interval (see sampling.ts). */
  tolerance?: number;
}

/** A one-sided spectrum: frequencies k·fs/N in Hz for k = 0..floor(N/2), and one value per frequency. */
export interface Spectrum {
  frequencies: Float64Array;
  magnitude: Float64Array;
}

/** Frequencies k·fs/N, k = 0..floor(N/2) (numpy.fft.rfftfreq(N, 1/fs)). */
export function spectrumFrequencies(n: number, fs: number): Float64Array {
  const f = new Float64Array((n >>> 1) + 1);
  if ((n & (n - 1)) === 0) {
    // Dividing by a power of two is exact, so k·(fs/n) rounds exactly as (k·fs)/n does, without a division per bin.
    const step = fs / n;
    for (let k = 0; k < f.length; k++) f[k] = k * step;
  } else {
    for (let k = 0; k < f.length; k++) f[k] = (k * fs) / n;
  }
  return f;
}

function checkNoGaps(values: Float64Array, where: string): void {
  for (let i = 0; i < values.length; i++) {
    if (values[i] !== values[i]) {
      throw new StrataError('missing_values', `${where}: the FFT needs a value at every sample, point ${i} has none (fill or drop gaps first)`, {
        index: i,
      });
    }
  }
}

/** One-sided spectrum of uniformly sampled values at `fs` Hz, of any length N >= 1. */
export function spectrum(values: Float64Array, fs: number, opts: SpectrumOptions = {}, where = 'fft'): Spectrum {
  checkSamplingRate(fs, `${where}: sampling rate`);
  const n = values.length;
  if (n === 0) throw new StrataError('too_few_points', `${where}: cannot transform an empty signal`);
  const windowName = checkWindowName(opts.window ?? 'none', `${where}: window`);
  const window = windowName === 'none' ? undefined : cachedWindow(windowName, n);
  const windowSum = window ? window.sum : n;
  const magnitude = rfftMagnitude(values, {
    window: window?.values,
    scale: opts.normalize ? 2 / windowSum : 1,
    edgeScale: opts.normalize ? 1 / windowSum : 1,
  });
  // A gap (NaN) anywhere reaches every bin, DC included (NaN·0 is NaN): checking DC spares a pass over the input.
  if (Number.isNaN(magnitude[0])) checkNoGaps(values, where);
  return { frequencies: spectrumFrequencies(n, fs), magnitude };
}

/** Spectrum of a numeric series; the sampling rate comes from its timestamps unless given. */
export function seriesSpectrum(series: TimeSeries, opts: SeriesSpectrumOptions = {}, where = 'fft'): Spectrum {
  if (!(series.values instanceof Float64Array)) {
    throw new StrataError('value_type_mismatch', `${where}: the FFT needs a float64 series, got ${series.valueType}`);
  }
  const fs =
    opts.samplingRate !== undefined
      ? checkSamplingRate(opts.samplingRate, `${where}: sampling rate`)
      : samplingRate(series.times, { tolerance: opts.tolerance, where, tzaware: series.tzaware });
  return spectrum(series.values, fs, opts, where);
}

/** Transforms each channel of a time frame; the result is indexed by frequency (Hz). */
export function frameSpectrum(frame: Frame, opts: SeriesSpectrumOptions = {}, where = 'fft'): Frame {
  checkFrame(frame, where);
  if (frame.indexKind !== 'time') throw new StrataError('bad_input', `${where}: the input is already indexed by frequency`);
  const fs =
    opts.samplingRate !== undefined
      ? checkSamplingRate(opts.samplingRate, `${where}: sampling rate`)
      : samplingRate(frame.index, { tolerance: opts.tolerance, where, tzaware: frame.tzaware ?? false });
  const channels: Record<string, Float64Array> = {};
  for (const [name, values] of Object.entries(frame.channels)) {
    channels[name] = spectrum(values, fs, opts, `${where}: channel ${JSON.stringify(name)}`).magnitude;
  }
  const out: Frame = { indexKind: 'frequency', index: spectrumFrequencies(frame.index.length, fs), channels };
  if (frame.units) out.units = { ...frame.units };
  return out;
}
