import { StrataError } from '../base/errors.js';
import { formatTimestamp, US_PER_SECOND } from '../series/time.js';

/**
 * Default tolerance on sampling regularity: every interval between consecutive timestamps must lie within
 * 1% of the mean interval. Looser than clock jitter of typical loggers, tight enough that FFT frequencies
 * and filter cutoffs stay meaningful.
 */
export const DEFAULT_SAMPLING_TOLERANCE = 0.01;

export interface SamplingOptions {
  /** Allowed relative deviation of any interval from the mean interval (default 0.01 = 1%). */
  tolerance?: number;
  /** Name of the input, for error messages. */
  where?: string;
  /** Whether timestamps are UTC instants (only used to format error messages). */
  tzaware?: boolean;
}

/**
 * The sampling rate in Hz of timestamps in microseconds, which must be strictly increasing and uniformly
 * spaced within the tolerance; an irregular series is rejected with code `irregular_sampling`.
 */
export function samplingRate(times: Float64Array, opts: SamplingOptions = {}): number {
  const where = opts.where ?? 'series';
  const tolerance = opts.tolerance ?? DEFAULT_SAMPLING_TOLERANCE;
  if (!(tolerance >= 0)) throw new StrataError('bad_input', `${where}: sampling tolerance must be >= 0, got ${tolerance}`);
  const n = times.length;
  if (n < 2) {
    throw new StrataError('too_few_points', `${where}: at least 2 points are needed to know the sampling rate, got ${n}`, { points: n });
  }
  const meanStep = (times[n - 1]! - times[0]!) / (n - 1);
  if (!(meanStep > 0)) throw new StrataError('bad_points', `${where}: timestamps must be strictly increasing`);
  const maxDev = tolerance * meanStep;
  for (let i = 1; i < n; i++) {
    const step = times[i]! - times[i - 1]!;
    if (Math.abs(step - meanStep) > maxDev) {
      const at = formatTimestamp(times[i]!, opts.tzaware ?? false);
      throw new StrataError(
        'irregular_sampling',
        `${where}: irregular sampling at point ${i} (${at}): interval ${step} µs differs from the mean ${meanStep} µs ` +
          `by more than ${tolerance * 100}%; resample the series first or give the sampling rate`,
        { index: i, time: at, interval_us: step, mean_interval_us: meanStep, tolerance },
      );
    }
  }
  return US_PER_SECOND / meanStep;
}

/** Checks a sampling rate given by the user. */
export function checkSamplingRate(fs: number, where = 'sampling_rate'): number {
  if (typeof fs !== 'number' || !Number.isFinite(fs) || fs <= 0) {
    throw new StrataError('bad_input', `${where}: sampling rate must be a positive number of Hz, got ${fs}`, { sampling_rate: fs });
  }
  return fs;
}
