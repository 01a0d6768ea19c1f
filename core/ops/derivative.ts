import { StrataError } from '../base/errors.js';
import { parseDuration } from '../series/duration.js';
import type { TimeSeries } from '../series/series.js';

export type DerivativeMethod = 'gradient' | 'difference';

export interface DerivativeOptions {
  /**
   * `gradient` (default): second-order central differences inside, one-sided at both ends, for uneven spacing
   * too (numpy.gradient(values, seconds)). `difference`: (v[i] - v[i-1]) / (t[i] - t[i-1]), none at the first point.
   */
  method?: DerivativeMethod;
  /** The time unit of the rate: change per `per` (default `1s`). */
  per?: string;
}

/** Rate of change of a numeric series per time unit (per second unless `per` says otherwise). */
export function derivative(series: TimeSeries, opts: DerivativeOptions = {}, where = 'derivative'): TimeSeries {
  if (!(series.values instanceof Float64Array)) {
    throw new StrataError('value_type_mismatch', `${where}: the derivative needs a float64 series, got ${series.valueType}`);
  }
  const method = opts.method ?? 'gradient';
  if (method !== 'gradient' && method !== 'difference') {
    throw new StrataError('bad_config', `${where}: unknown method ${JSON.stringify(method)} (expected gradient or difference)`);
  }
  const perUs = parseDuration(opts.per ?? '1s', `${where}: per`);
  if (perUs <= 0) throw new StrataError('bad_config', `${where}: per must be a positive duration, got ${JSON.stringify(opts.per)}`);
  const { times: t, values: y } = series;
  const n = t.length;
  if (n < 2) throw new StrataError('too_few_points', `${where}: at least 2 points are needed, got ${n}`, { points: n });
  const out = new Float64Array(n);
  if (method === 'difference') {
    out[0] = NaN;
    for (let i = 1; i < n; i++) out[i] = (y[i]! - y[i - 1]!) / ((t[i]! - t[i - 1]!) / perUs);
  } else {
    out[0] = (y[1]! - y[0]!) / ((t[1]! - t[0]!) / perUs);
    for (let i = 1; i < n - 1; i++) {
      const h1 = (t[i]! - t[i - 1]!) / perUs;
      const h2 = (t[i + 1]! - t[i]!) / perUs;
      // Weights of the three-point derivative for uneven steps h1 (before) and h2 (after).
      const a = -h2 / (h1 * (h1 + h2));
      const b = (h2 - h1) / (h1 * h2);
      const c = h1 / (h2 * (h1 + h2));
      out[i] = a * y[i - 1]! + b * y[i]! + c * y[i + 1]!;
    }
    out[n - 1] = (y[n - 1]! - y[n - 2]!) / ((t[n - 1]! - t[n - 2]!) / perUs);
  }
  return { tzaware: series.tzaware, valueType: 'float64', times: series.times, values: out };
}

/** Unit of a derivative: `unit/per` (e.g. `m/s`), or null when the series has no unit. */
export function derivativeUnit(unit: string | null | undefined, per = 's'): string | null {
  return unit ? `${unit}/${per}` : null;
}
