import { StrataError } from '../base/errors.js';

/** Value type of a series: numbers (float64) or text. */
export type ValueType = 'float64' | 'string';

/** Values of a series: a Float64Array for numbers (NaN = no value), an array for strings (null = no value). */
export type SeriesValues = Float64Array | (string | null)[];

/**
 * A columnar time series: timestamps in microseconds (see time.ts), strictly increasing, and one value per
 * timestamp. Stored states never hold missing values; in an update NaN / null means "delete this point".
 */
export interface TimeSeries {
  tzaware: boolean;
  valueType: ValueType;
  times: Float64Array;
  values: SeriesValues;
}

export function emptySeries(valueType: ValueType, tzaware: boolean): TimeSeries {
  return { tzaware, valueType, times: new Float64Array(0), values: valueType === 'float64' ? new Float64Array(0) : [] };
}

export function isMissing(values: SeriesValues, i: number): boolean {
  const v = values[i];
  return v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v));
}

/** Index of the first timestamp >= t (binary search). */
export function lowerBound(times: Float64Array, t: number, lo = 0, hi = times.length): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the first timestamp > t (binary search). */
export function upperBound(times: Float64Array, t: number, lo = 0, hi = times.length): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid]! <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function sliceValues(values: SeriesValues, start: number, end: number): SeriesValues {
  return values instanceof Float64Array ? values.subarray(start, end) : values.slice(start, end);
}

/** Points with from <= t <= to (both bounds optional, inclusive as in tshistory's value-date window). */
export function sliceSeries(s: TimeSeries, from?: number | null, to?: number | null): TimeSeries {
  const start = from == null ? 0 : lowerBound(s.times, from);
  const end = to == null ? s.times.length : upperBound(s.times, to);
  if (start === 0 && end === s.times.length) return s;
  return { ...s, times: s.times.subarray(start, Math.max(start, end)), values: sliceValues(s.values, start, Math.max(start, end)) };
}

/** Checks the invariants of a stored series (sorted strictly, same length, no missing values). */
export function checkSeries(s: TimeSeries, where = 'series'): void {
  if (s.times.length !== s.values.length) {
    throw new StrataError('bad_points', `${where}: ${s.times.length} timestamps but ${s.values.length} values`);
  }
  for (let i = 1; i < s.times.length; i++) {
    if (!(s.times[i]! > s.times[i - 1]!)) throw new StrataError('bad_points', `${where}: timestamps not strictly increasing at ${i}`);
  }
}

export function seriesEqual(a: TimeSeries, b: TimeSeries): boolean {
  if (a.times.length !== b.times.length) return false;
  for (let i = 0; i < a.times.length; i++) {
    if (a.times[i] !== b.times[i]) return false;
    if (a.values[i] !== b.values[i]) return false;
  }
  return true;
}
