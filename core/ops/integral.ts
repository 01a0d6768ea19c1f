import { StrataError } from '../base/errors.js';
import { parseDuration } from '../series/duration.js';
import type { TimeSeries } from '../series/series.js';

export interface IntegralOptions {
  /** The time unit of the integral: value × `per` (default `1s`). */
  per?: string;
}

function numericValues(series: TimeSeries, where: string): Float64Array {
  if (!(series.values instanceof Float64Array)) {
    throw new StrataError('value_type_mismatch', `${where}: the integral needs a float64 series, got ${series.valueType}`);
  }
  return series.values;
}

function perMicros(per: string | undefined, where: string): number {
  const us = parseDuration(per ?? '1s', `${where}: per`);
  if (us <= 0) throw new StrataError('bad_config', `${where}: per must be a positive duration, got ${JSON.stringify(per)}`);
  return us;
}

/**
 * Cumulative trapezoid integral over time, 0 at the first point (scipy.integrate.cumulative_trapezoid with
 * initial=0, times in `per` units). A missing value (NaN) makes every later value missing.
 */
export function cumulativeIntegral(series: TimeSeries, opts: IntegralOptions = {}, where = 'integral'): TimeSeries {
  const y = numericValues(series, where);
  const perUs = perMicros(opts.per, where);
  const t = series.times;
  const n = t.length;
  const out = new Float64Array(n);
  let acc = 0;
  for (let i = 1; i < n; i++) {
    acc += ((t[i]! - t[i - 1]!) / perUs) * ((y[i]! + y[i - 1]!) / 2);
    out[i] = acc;
  }
  return { tzaware: series.tzaware, valueType: 'float64', times: t, values: out };
}

/** Total trapezoid integral over the whole series (numpy.trapz); 0 for fewer than two points. */
export function integral(series: TimeSeries, opts: IntegralOptions = {}, where = 'integral'): number {
  const c = cumulativeIntegral(series, opts, where).values as Float64Array;
  return c.length === 0 ? 0 : c[c.length - 1]!;
}

/** Unit of an integral: `unit·per` (e.g. `W·h`), or null when the series has no unit. */
export function integralUnit(unit: string | null | undefined, per = 's'): string | null {
  return unit ? `${unit}·${per}` : null;
}
