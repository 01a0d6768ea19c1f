import { StrataError } from '../base/errors.js';
import { parseDuration } from '../series/duration.js';
import type { TimeSeries } from '../series/series.js';
import { US_PER_DAY } from '../series/time.js';

/** How the points of a bucket become one value. */
export type ResampleMethod = 'mean' | 'sum' | 'min' | 'max' | 'first' | 'last' | 'count' | 'locf';

export const RESAMPLE_METHODS: readonly ResampleMethod[] = ['mean', 'sum', 'min', 'max', 'first', 'last', 'count', 'locf'];

/** Refuse grids larger than this: a 1 µs bucket over a year would otherwise allocate terabytes. */
export const MAX_BUCKETS = 50_000_000;

/** A bucket width: a duration string (`1s`, `15min`, `PT1H`) or microseconds. */
export type BucketWidth = string | number;

export function bucketMicros(bucket: BucketWidth, where = 'resample'): number {
  const us = typeof bucket === 'number' ? bucket : parseDuration(bucket, `${where}: bucket`);
  if (!Number.isInteger(us) || us <= 0) {
    throw new StrataError('bad_config', `${where}: bucket must be a positive duration, got ${JSON.stringify(bucket)}`, { bucket });
  }
  return us;
}

/**
 * The bucket grid, pandas style: buckets [start, start + width) anchored at midnight (UTC, or wall clock for
 * naive series) of the first point's day, from the bucket holding the first point to the one holding the last.
 */
export function bucketGrid(times: Float64Array, width: number, where = 'resample'): { first: number; count: number } {
  if (times.length === 0) return { first: 0, count: 0 };
  const t0 = times[0]!;
  const midnight = Math.floor(t0 / US_PER_DAY) * US_PER_DAY;
  const first = midnight + Math.floor((t0 - midnight) / width) * width;
  const count = Math.floor((times[times.length - 1]! - first) / width) + 1;
  if (count > MAX_BUCKETS) {
    throw new StrataError('too_many_buckets', `${where}: ${count} buckets of ${width} µs exceed the limit of ${MAX_BUCKETS}; choose a wider bucket`, {
      buckets: count,
    });
  }
  return { first, count };
}

/**
 * Resamples a numeric series into fixed buckets with pandas' conventions (`series.resample(bucket).method()`):
 * buckets are closed on the left and labelled by their start, anchored at midnight of the first day. Every
 * bucket from the first point's to the last point's is returned; an empty bucket has no value (NaN), except
 * `count`, which is 0 there. Missing input values (NaN) are skipped. `locf` gives, at each bucket start, the
 * last value observed at or before it.
 */
export function resample(series: TimeSeries, bucket: BucketWidth, method: ResampleMethod, where = 'resample'): TimeSeries {
  if (!(series.values instanceof Float64Array)) {
    throw new StrataError('value_type_mismatch', `${where}: resampling needs a float64 series, got ${series.valueType}`);
  }
  if (!RESAMPLE_METHODS.includes(method)) {
    throw new StrataError('bad_config', `${where}: unknown method ${JSON.stringify(method)} (expected one of ${RESAMPLE_METHODS.join(', ')})`);
  }
  const width = bucketMicros(bucket, where);
  const { times, values } = series;
  const { first, count } = bucketGrid(times, width, where);
  const labels = new Float64Array(count);
  for (let b = 0; b < count; b++) labels[b] = first + b * width;
  const out = method === 'locf' ? locf(times, values, labels) : aggregate(times, values, first, width, count, method);
  return { tzaware: series.tzaware, valueType: 'float64', times: labels, values: out };
}

function locf(times: Float64Array, values: Float64Array, labels: Float64Array): Float64Array {
  const out = new Float64Array(labels.length).fill(NaN);
  let i = 0;
  let last = NaN;
  for (let b = 0; b < labels.length; b++) {
    const label = labels[b]!;
    for (; i < times.length && times[i]! <= label; i++) {
      const v = values[i]!;
      if (v === v) last = v;
    }
    out[b] = last;
  }
  return out;
}

function aggregate(
  times: Float64Array,
  values: Float64Array,
  first: number,
  width: number,
  count: number,
  method: Exclude<ResampleMethod, 'locf'>,
): Float64Array {
  const out = new Float64Array(count).fill(method === 'count' ? 0 : NaN);
  const n = times.length;
  let i = 0;
  // Points are sorted, so each bucket is one contiguous run: find its end, then reduce the run.
  while (i < n) {
    const b = Math.floor((times[i]! - first) / width);
    const end = first + (b + 1) * width;
    let j = i;
    while (j < n && times[j]! < end) j++;
    out[b] = reduceRun(values, i, j, method);
    i = j;
  }
  return out;
}

function reduceRun(values: Float64Array, from: number, to: number, method: Exclude<ResampleMethod, 'locf'>): number {
  switch (method) {
    case 'first':
      for (let i = from; i < to; i++) if (values[i] === values[i]) return values[i]!;
      return NaN;
    case 'last':
      for (let i = to - 1; i >= from; i--) if (values[i] === values[i]) return values[i]!;
      return NaN;
    case 'min':
    case 'max': {
      let best = NaN;
      for (let i = from; i < to; i++) {
        const v = values[i]!;
        if (v !== v) continue;
        if (best !== best || (method === 'min' ? v < best : v > best)) best = v;
      }
      return best;
    }
    case 'count': {
      let k = 0;
      for (let i = from; i < to; i++) if (values[i] === values[i]) k++;
      return k;
    }
    case 'sum':
    case 'mean': {
      // Neumaier-compensated sum: long buckets of mixed-sign values stay accurate.
      let sum = 0;
      let comp = 0;
      let k = 0;
      for (let i = from; i < to; i++) {
        const v = values[i]!;
        if (v !== v) continue;
        const t = sum + v;
        comp += Math.abs(sum) >= Math.abs(v) ? sum - t + v : v - t + sum;
        sum = t;
        k++;
      }
      if (k === 0) return NaN;
      return method === 'sum' ? sum + comp : (sum + comp) / k;
    }
  }
}
