import { StrataError } from '../base/errors.js';
import { Bins } from '../series/envelope.js';
import { emptySeries, type TimeSeries, type ValueType } from '../series/series.js';
import type { Span } from '../spans/constant.js';
import type { ChartData } from '../store/chart.js';
import type { RemoteClient } from './client.js';
import * as sql from './sql.js';
import type { Layout, Window } from './sql.js';

/**
 * The push-down reads, one function each: SQL to the server (sql.ts), rows back into columns. No caching
 * here (source.ts decides when to call these).
 */

/** A tag of the remote schema. */
export interface RemoteTag {
  id: number;
  name: string;
  valueType: ValueType;
  birthAt: number | null;
  deathAt: number | null;
}

export interface SampleGridSpec {
  b0: number;
  width: number;
  nb: number;
  lo: number;
  hi: number;
}

/** The points of a window (binary COPY), one per timestamp. */
export async function fetchPoints(client: RemoteClient, layout: Layout, tag: RemoteTag, w: Window): Promise<TimeSeries> {
  const cols = await client.copyPoints(sql.pointsCopySql(layout, tag.valueType, tag.id, w), tag.valueType);
  return dedupe({ tzaware: layout.tzaware[tag.valueType], valueType: tag.valueType, times: cols.times, values: cols.values });
}

/** The chart push-down: raw points when at most 4 per column (counted with a LIMIT), else one SQL envelope. */
export async function fetchChart(client: RemoteClient, layout: Layout, tag: RemoteTag, from: number | null, to: number | null, width: number): Promise<ChartData> {
  let lo = from;
  let hi = to;
  if (lo === null || hi === null) {
    const b = (await client.query(sql.boundsSql(layout, 'float64', tag.id)))[0]!;
    if (b.first === null) return { mode: 'raw', times: new Float64Array(0), values: new Float64Array(0) };
    lo ??= b.first as number;
    hi ??= b.last as number;
  }
  const w: Window = { from: lo, to: hi, toInclusive: true };
  const rawLimit = 4 * width;
  const n = (await client.query(sql.countUpToSql(layout, 'float64', tag.id, w, rawLimit + 1)))[0]!.n as number;
  if (n <= rawLimit) {
    const s = await fetchPoints(client, layout, tag, w);
    // Charts draw numbers: "no value" points are gaps, not points.
    return dropMissing(s.times, s.values as Float64Array);
  }
  const stride = Math.max(1, Math.ceil((hi - lo + 1) / width));
  const rows = await client.query(sql.envelopeSql(layout, tag.id, w, stride, lo, width));
  const bins = new Bins(rows.length);
  let count = 0;
  for (const r of rows) {
    count += r.n as number;
    bins.push(r.t_first as number, r.t_last as number, r.t_min as number, r.t_max as number, r.v_min as number, r.v_max as number, r.v_first as number, r.v_last as number);
  }
  return { mode: 'columns', count, binSize: 1, columns: bins };
}

/** Constant-value spans, newest first, from the server's window functions. */
export async function fetchSpans(client: RemoteClient, layout: Layout, tag: RemoteTag, w: Window, limit: number | null): Promise<Span[]> {
  const rows = await client.query(sql.spansSql(layout, tag.valueType, tag.id, w, limit));
  return rows.map((r) => ({ value: (r.v as number | string | null) ?? null, begin: r.begin_at as number, end: (r.end_at as number | null) ?? null }));
}

/** CVec `sample_metric_data` for one tag on a grid: LOCF time-weighted means, or strings in force at each bucket's end. */
export async function fetchLocfSample(client: RemoteClient, layout: Layout, tag: RemoteTag, grid: SampleGridSpec): Promise<Float64Array | (string | null)[]> {
  const slot = (b: number) => Math.round((b - grid.b0) / grid.width);
  if (tag.valueType === 'float64') {
    const out = new Float64Array(grid.nb).fill(NaN);
    for (const r of await client.query(sql.locfMeanSql(layout, tag.id, grid.b0, grid.width, grid.lo, grid.hi))) {
      const k = slot(r.b as number);
      if (k >= 0 && k < grid.nb) out[k] = r.v as number;
    }
    return out;
  }
  const out: (string | null)[] = new Array(grid.nb).fill(null);
  if (grid.nb > 0) {
    for (const r of await client.query(sql.locfLastStringSql(layout, tag.id, grid.b0, grid.width, grid.nb, grid.hi))) {
      const k = slot(r.b as number);
      if (k >= 0 && k < grid.nb) out[k] = (r.v as string | null) ?? null;
    }
  }
  return out;
}

const DAY = 86_400_000_000;
const MAX_BUCKETS = 50_000_000;

/**
 * Bucketed aggregates on the server (`time_bucket` / `date_bin`), shaped like core/ops resample:
 * buckets [start, start + width) anchored at midnight of the first point's day, from the first point's
 * bucket to the last's; an empty bucket has no value (NaN), except `count`, 0 there.
 */
export async function fetchAggregate(client: RemoteClient, layout: Layout, tag: RemoteTag, width: number, agg: sql.Aggregate, w: Window): Promise<TimeSeries> {
  const tzaware = layout.tzaware.float64;
  const range = (await client.query(sql.rangeSql(layout, tag.id, w)))[0]!;
  if (range.first === null) return emptySeries('float64', tzaware);
  const t0 = range.first as number;
  const midnight = Math.floor(t0 / DAY) * DAY;
  const origin = midnight + Math.floor((t0 - midnight) / width) * width;
  const count = Math.floor(((range.last as number) - origin) / width) + 1;
  if (count > MAX_BUCKETS) throw new StrataError('too_many_buckets', `${count} buckets of ${width} µs exceed the limit of ${MAX_BUCKETS}: choose a wider bucket`);
  const times = Float64Array.from({ length: count }, (_, k) => origin + k * width);
  const values = new Float64Array(count).fill(agg === 'count' ? 0 : NaN);
  for (const r of await client.query(sql.aggregateSql(layout, tag.id, w, width, origin, agg))) {
    const k = Math.round(((r.b as number) - origin) / width);
    if (k >= 0 && k < count) values[k] = (r.v as number | null) ?? NaN;
  }
  return { tzaware, valueType: 'float64', times, values };
}

/** One point per timestamp (tag_data has no unique key): the last row the server sent for a time wins. */
export function dedupe(s: TimeSeries): TimeSeries {
  const t = s.times;
  let dup = false;
  for (let i = 1; i < t.length; i++) {
    if (t[i] === t[i - 1]) {
      dup = true;
      break;
    }
  }
  if (!dup) return s;
  const keep: number[] = [];
  for (let i = 0; i < t.length; i++) {
    if (i + 1 < t.length && t[i + 1] === t[i]) continue;
    keep.push(i);
  }
  const times = Float64Array.from(keep, (i) => t[i]!);
  const values = s.values instanceof Float64Array ? Float64Array.from(keep, (i) => (s.values as Float64Array)[i]!) : keep.map((i) => (s.values as (string | null)[])[i] ?? null);
  return { ...s, times, values };
}

function dropMissing(times: Float64Array, values: Float64Array): { mode: 'raw'; times: Float64Array; values: Float64Array } {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i]!)) n++;
  if (n === values.length) return { mode: 'raw', times, values };
  const t = new Float64Array(n);
  const v = new Float64Array(n);
  let k = 0;
  for (let i = 0; i < values.length; i++) {
    if (Number.isNaN(values[i]!)) continue;
    t[k] = times[i]!;
    v[k++] = values[i]!;
  }
  return { mode: 'raw', times: t, values: v };
}
