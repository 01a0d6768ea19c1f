import { StrataError } from '../base/errors.js';
import type { Store } from '../store/store.js';
import { lowerBound } from '../series/series.js';
import type { SeriesInfo } from '../store/types.js';

/** Regular buckets with one column per tag (CVec `sample_metric_data`: LOCF, averaged). */
export interface SampledMetrics {
  bucket: number;
  tzaware: boolean;
  /** Start of each bucket (µs). */
  times: Float64Array;
  /** Per tag: the bucket values (NaN = no value) for numeric tags, strings for string tags. */
  columns: Record<string, Float64Array | (string | null)[]>;
}

/**
 * Resamples tags onto buckets of `bucket` µs anchored at the Unix epoch (so at midnight UTC for buckets
 * that divide a day), covering [from, to).
 *
 * Each numeric tag is read as a step function (last observation carried forward, the value before the
 * window carried in) and each bucket gets its time-weighted average over the part of the bucket inside
 * the window where the tag has a value (TimescaleDB toolkit's `time_weight('LOCF')` + `average`). A bucket
 * before the tag's first observation has no value. String tags get the value in force at the end of the
 * bucket. Without `to`, the window ends with the bucket holding the newest point; without `from`, it
 * starts at the oldest point.
 */
export function sampleMetrics(store: Store, tags: string[] | null, bucket: number, from: number | null = null, to: number | null = null): SampledMetrics {
  if (!(bucket > 0)) throw new StrataError('bad_duration', `--bucket must be a positive duration`);
  const names = tags ?? store.list().map((i) => i.name);
  const infos = names.map((n) => store.info(n));
  const g = sampleGrid(infos, bucket, from, to);
  if (!g) return { bucket, tzaware: infos[0]?.tzaware ?? true, times: new Float64Array(0), columns: Object.fromEntries(names.map((n) => [n, new Float64Array(0)])) };
  const columns: SampledMetrics['columns'] = {};
  for (const info of infos) columns[info.name] = localColumn(store, info, g);
  return { bucket, tzaware: g.tzaware, times: g.times, columns };
}

/** The bucket grid of a sample: buckets of `width` µs from `b0` (epoch-anchored), `nb` of them, over [lo, hi). */
export interface SampleGrid {
  b0: number;
  width: number;
  nb: number;
  lo: number;
  hi: number;
  tzaware: boolean;
  times: Float64Array;
}

/**
 * The grid for tags with these infos (local or remote): null when there is nothing to sample (no points,
 * empty window). Mixing naive and tz-aware tags is an error.
 */
export function sampleGrid(infos: readonly Pick<SeriesInfo, 'tzaware' | 'first' | 'last'>[], bucket: number, from: number | null, to: number | null): SampleGrid | null {
  const tz = new Set(infos.map((i) => i.tzaware));
  if (tz.size > 1) throw new StrataError('tz_mismatch', 'cannot sample naive and tz-aware tags onto one time axis: choose tags of one kind');
  const tzaware = infos[0]?.tzaware ?? true;
  let lo = from;
  let hi = to;
  if (lo === null) {
    const firsts = infos.map((i) => i.first).filter((x): x is number => x !== null);
    lo = firsts.length ? Math.min(...firsts) : null;
  }
  if (hi === null) {
    const lasts = infos.map((i) => i.last).filter((x): x is number => x !== null);
    hi = lasts.length ? (Math.floor(Math.max(...lasts) / bucket) + 1) * bucket : null;
  }
  if (lo === null || hi === null || hi <= lo) return null;
  const b0 = Math.floor(lo / bucket) * bucket;
  const nb = Math.ceil((hi - b0) / bucket);
  const times = Float64Array.from({ length: nb }, (_, j) => b0 + j * bucket);
  return { b0, width: bucket, nb, lo, hi, tzaware, times };
}

/** One stored tag's column on a grid. */
export function localColumn(store: Store, info: SeriesInfo, g: SampleGrid): Float64Array | (string | null)[] {
  const { lo, hi, b0, nb, times } = g;
  const bucket = g.width;
  const s = store.get(info.name, { from: lo, to: hi - 1 });
  const carry = store.lastPointBefore(info.name, lo);
  const n = s.times.length + (carry ? 1 : 0);
  const t = new Float64Array(n);
  const off = carry ? 1 : 0;
  if (carry) t[0] = carry.time;
  t.set(s.times, off);
  if (info.valueType === 'float64') {
    const v = new Float64Array(n);
    if (carry) v[0] = carry.value as number;
    v.set(s.values as Float64Array, off);
    return locfAverage(t, v, b0, bucket, nb, lo, hi);
  }
  const v: (string | null)[] = carry ? [carry.value as string | null, ...(s.values as (string | null)[])] : [...(s.values as (string | null)[])];
  return times.length
    ? Array.from(times, (b) => {
        const i = lowerBound(t, Math.min(b + bucket, hi)) - 1;
        return i >= 0 ? (v[i] ?? null) : null;
      })
    : [];
}

/** Time-weighted averages of a step function over buckets, in one pass over segments and buckets. */
function locfAverage(t: Float64Array, v: Float64Array, b0: number, w: number, nb: number, lo: number, hi: number): Float64Array {
  const sum = new Float64Array(nb);
  const dur = new Float64Array(nb);
  for (let k = 0; k < t.length; k++) {
    const val = v[k]!;
    if (Number.isNaN(val)) continue;
    let a = Math.max(t[k]!, lo);
    const b = Math.min(k + 1 < t.length ? t[k + 1]! : Infinity, hi);
    while (a < b) {
      const j = Math.floor((a - b0) / w);
      const e = Math.min(b, b0 + (j + 1) * w);
      sum[j] += val * (e - a);
      dur[j] += e - a;
      a = e;
    }
  }
  const out = new Float64Array(nb);
  for (let j = 0; j < nb; j++) out[j] = dur[j]! > 0 ? sum[j]! / dur[j]! : NaN;
  return out;
}
