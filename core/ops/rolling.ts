import { StrataError } from '../base/errors.js';
import { parseDuration } from '../series/duration.js';
import { upperBound, type TimeSeries } from '../series/series.js';

export type RollingStat = 'mean' | 'std';

export interface RollingOptions {
  /** A number of points (the point and the N-1 before it) or a duration (points in (t - d, t]). */
  window: number | string;
  stat: RollingStat;
  /** Fewest values a window needs for a result; default: N for a point count, 1 for a duration (as pandas). */
  minPeriods?: number;
  /** Delta degrees of freedom of the standard deviation; default 1 (sample std, as pandas). */
  ddof?: number;
}

/**
 * Rolling mean or standard deviation, pandas style (`series.rolling(window).mean()/.std()`): each result is
 * labelled by the window's last point; missing values (NaN) are skipped; too few values give NaN.
 */
export function rolling(series: TimeSeries, opts: RollingOptions, where = 'rolling'): TimeSeries {
  if (!(series.values instanceof Float64Array)) {
    throw new StrataError('value_type_mismatch', `${where}: rolling statistics need a float64 series, got ${series.valueType}`);
  }
  if (opts.stat !== 'mean' && opts.stat !== 'std') {
    throw new StrataError('bad_config', `${where}: unknown statistic ${JSON.stringify(opts.stat)} (expected mean or std)`);
  }
  const starts = windowStarts(series.times, opts.window, where);
  const byCount = typeof opts.window === 'number';
  const minPeriods = opts.minPeriods ?? (byCount ? (opts.window as number) : 1);
  if (!Number.isInteger(minPeriods) || minPeriods < 0) {
    throw new StrataError('bad_config', `${where}: minPeriods must be a non-negative integer, got ${minPeriods}`);
  }
  const ddof = opts.ddof ?? 1;
  const values = slide(series.values, starts, opts.stat, minPeriods, ddof);
  return { tzaware: series.tzaware, valueType: 'float64', times: series.times, values };
}

/** Index of the first point of each point's window (the window ends at the point itself). */
export function windowStarts(times: Float64Array, window: number | string, where = 'rolling'): Int32Array {
  const n = times.length;
  const starts = new Int32Array(n);
  if (typeof window === 'number') {
    if (!Number.isInteger(window) || window < 1) {
      throw new StrataError('bad_config', `${where}: window must be a positive number of points, got ${window}`);
    }
    for (let i = 0; i < n; i++) starts[i] = Math.max(0, i - window + 1);
    return starts;
  }
  const span = parseDuration(window, `${where}: window`);
  if (span <= 0) throw new StrataError('bad_config', `${where}: window must be a positive duration, got ${JSON.stringify(window)}`);
  let s = 0;
  for (let i = 0; i < n; i++) {
    s = upperBound(times, times[i]! - span, s, i + 1);
    starts[i] = s;
  }
  return starts;
}

// Online mean and variance: Welford updates with a compensation term, adding entering and removing leaving values.
function slide(x: Float64Array, starts: Int32Array, stat: RollingStat, minPeriods: number, ddof: number): Float64Array {
  const n = x.length;
  const out = new Float64Array(n);
  let nobs = 0;
  let mean = 0;
  let comp = 0;
  let ssq = 0;
  // Length of the run of equal values ending at the newest value: a window of one repeated value is exact.
  let run = 0;
  let prev = NaN;
  let lo = 0; // window currently holds x[lo..hi)
  let hi = 0;
  const add = (v: number): void => {
    if (v !== v) return;
    nobs++;
    run = v === prev ? run + 1 : 1;
    prev = v;
    const before = mean - comp;
    const y = v - comp;
    const t = y - mean;
    comp = t + mean - y;
    mean += t / nobs;
    ssq += (v - before) * (v - mean);
  };
  const remove = (v: number): void => {
    if (v !== v) return;
    nobs--;
    if (nobs === 0) {
      mean = comp = ssq = 0;
      return;
    }
    const before = mean - comp;
    const y = v - comp;
    const t = y - mean;
    comp = t + mean - y;
    mean -= t / nobs;
    ssq -= (v - before) * (v - mean);
  };
  for (let i = 0; i < n; i++) {
    const start = starts[i]!;
    if (start >= hi) {
      // No overlap with the previous window: restart from scratch so old rounding does not carry over.
      nobs = 0;
      mean = comp = ssq = 0;
      run = 0;
      prev = NaN;
      lo = hi = start;
    }
    for (; lo < start; lo++) remove(x[lo]!);
    for (; hi <= i; hi++) add(x[hi]!);
    if (nobs < Math.max(minPeriods, 1)) {
      out[i] = NaN;
    } else if (stat === 'mean') {
      out[i] = run >= nobs ? prev : mean;
    } else if (nobs <= ddof) {
      out[i] = NaN;
    } else {
      out[i] = nobs === 1 || run >= nobs ? 0 : Math.sqrt(Math.max(ssq, 0) / (nobs - ddof));
    }
  }
  return out;
}
