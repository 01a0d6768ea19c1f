import { lowerBound, type TimeSeries } from '../series/series.js';
import { formatTimestamp, US_PER_SECOND } from '../series/time.js';
import type { SpanSet } from './condition.js';

/** Kind of a table column, so a printer knows which numbers are instants. */
export type ColumnType = 'timestamp' | 'seconds' | 'int' | 'number' | 'string' | 'value';

/**
 * A small result table: named columns, one array per row. Timestamps are µs numbers (see `types`);
 * `tableToJson` turns them into ISO text for the CLI. Missing cells are null.
 */
export interface Table {
  columns: string[];
  types: ColumnType[];
  rows: unknown[][];
}

/** Columns of `spanStats`, in order. */
export const SPAN_STAT_COLUMNS = ['begin', 'end', 'duration', 'count', 'mean', 'min', 'max', 'first', 'last'] as const;
const SPAN_STAT_TYPES: ColumnType[] = ['timestamp', 'timestamp', 'seconds', 'int', 'number', 'number', 'number', 'value', 'value'];

/**
 * Per-span aggregates of a series, one row per span (oldest first): begin, end (null when open),
 * duration in seconds (null when open), and over the points with begin ≤ time < end that have a value:
 * count, mean, min, max, first, last. A span without such points has count 0 and nulls elsewhere.
 * For a string series mean/min/max are null and first/last are strings.
 * Linear in points + spans (each span's first point is found by binary search from the previous one).
 */
export function spanStats(spans: SpanSet, s: TimeSeries): Table {
  const t = s.times;
  const n = t.length;
  const k = spans.begins.length;
  const rows: unknown[][] = new Array(k);
  const nums = s.values instanceof Float64Array ? s.values : null;
  const strs = nums ? null : (s.values as (string | null)[]);
  let cursor = 0;
  for (let r = 0; r < k; r++) {
    const b = spans.begins[r]!;
    const e = spans.ends[r]!;
    const open = e !== e;
    const i0 = lowerBound(t, b, cursor, n);
    const i1 = open ? n : lowerBound(t, e, i0, n);
    cursor = i1;
    let count = 0;
    let first: number | string | null = null;
    let last: number | string | null = null;
    let mean: number | null = null;
    let min: number | null = null;
    let max: number | null = null;
    if (nums) {
      let sum = 0;
      let lo = Infinity;
      let hi = -Infinity;
      let fi = -1;
      let li = -1;
      for (let i = i0; i < i1; i++) {
        const x = nums[i]!;
        if (x !== x) continue;
        if (fi < 0) fi = i;
        li = i;
        count++;
        sum += x;
        if (x < lo) lo = x;
        if (x > hi) hi = x;
      }
      if (count) {
        mean = sum / count;
        min = lo;
        max = hi;
        first = nums[fi]!;
        last = nums[li]!;
      }
    } else {
      for (let i = i0; i < i1; i++) {
        const x = strs![i] ?? null;
        if (x === null) continue;
        if (first === null) first = x;
        last = x;
        count++;
      }
    }
    rows[r] = [b, open ? null : e, open ? null : (e - b) / US_PER_SECOND, count, mean, min, max, first, last];
  }
  return { columns: [...SPAN_STAT_COLUMNS], types: [...SPAN_STAT_TYPES], rows };
}

/** The CLI's JSON shape of a span set: `{"spans": [{"begin", "end"}]}`, ISO text, `end: null` when open. */
export function spansToJson(s: SpanSet, tzaware: boolean): { spans: { begin: string; end: string | null }[] } {
  const out: { begin: string; end: string | null }[] = new Array(s.begins.length);
  for (let i = 0; i < out.length; i++) {
    const e = s.ends[i]!;
    out[i] = { begin: formatTimestamp(s.begins[i]!, tzaware), end: e === e ? formatTimestamp(e, tzaware) : null };
  }
  return { spans: out };
}

/** The CLI's JSON shape of a table: `{"columns", "rows"}`, timestamp columns as ISO text. */
export function tableToJson(table: Table, tzaware: boolean): { columns: string[]; rows: unknown[][] } {
  const ts = table.types.map((t) => t === 'timestamp');
  const rows = table.rows.map((row) => row.map((c, j) => (ts[j] && typeof c === 'number' ? formatTimestamp(c, tzaware) : c)));
  return { columns: [...table.columns], rows };
}
