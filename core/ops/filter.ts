import { StrataError } from '../base/errors.js';
import type { TimeSeries } from '../series/series.js';
import { butterworth, type FilterType } from './butterworth.js';
import { checkSamplingRate, samplingRate } from './sampling.js';
import { sosfilt } from './sosfilt.js';
import { sosfiltfilt } from './sosfiltfilt.js';

/** A Butterworth filter request, in the vocabulary of workflow configs. */
export interface FilterConfig {
  filter_type: FilterType;
  /** Cutoff in Hz; [low, high] for bandpass and bandstop. */
  cutoff: number | readonly [number, number];
  /** 1 to 10. */
  order: number;
  /** true: forward-backward, no phase shift (scipy sosfiltfilt); false: causal from a zero state (sosfilt). */
  zero_phase: boolean;
  /** Sampling rate in Hz; read from the timestamps when absent. */
  sampling_rate?: number;
  /** Allowed relative jitter of the sampling interval when the rate is read from timestamps. */
  tolerance?: number;
}

/** Filters uniformly sampled values taken at `fs` Hz. */
export function filterValues(values: Float64Array, fs: number, config: FilterConfig, where = 'filter'): Float64Array {
  checkSamplingRate(fs, `${where}: sampling rate`);
  const sos = butterworth(config.filter_type, config.order, config.cutoff, fs, where);
  for (let i = 0; i < values.length; i++) {
    if (values[i] !== values[i]) {
      throw new StrataError('missing_values', `${where}: filtering needs a value at every sample, point ${i} has none (fill or drop gaps first)`, {
        index: i,
      });
    }
  }
  return config.zero_phase ? sosfiltfilt(sos, values, where) : sosfilt(sos, values);
}

/** Filters a numeric series; timestamps are kept, the sampling rate comes from them unless configured. */
export function filterSeries(series: TimeSeries, config: FilterConfig, where = 'filter'): TimeSeries {
  if (!(series.values instanceof Float64Array)) {
    throw new StrataError('value_type_mismatch', `${where}: filtering needs a float64 series, got ${series.valueType}`);
  }
  const fs =
    config.sampling_rate !== undefined
      ? checkSamplingRate(config.sampling_rate, `${where}: sampling rate`)
      : samplingRate(series.times, { tolerance: config.tolerance, where, tzaware: series.tzaware });
  return { ...series, values: filterValues(series.values, fs, config, where) };
}
