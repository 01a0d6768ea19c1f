import type { SeriesValues, TimeSeries } from '../series/series.js';
import { lowerBound } from '../series/series.js';

/**
 * Constant-value spans, with the CVec SDK's semantics: inside the window [from, to), the first point
 * begins a span, and so does every later point whose value differs from the point before it; a span ends
 * where the next (newer) span begins; the newest span has no end (null).
 *
 * Missing values (NaN in numeric series, null in string series) are a value of their own, "no value":
 * a run of them forms a span whose value is null, so gaps in the data show up as periods rather than
 * silently extending the value before them.
 */
export interface SpanList {
  /** Begin of each span (µs), oldest first. */
  begins: Float64Array;
  /** End of each span (µs); NaN for the newest span, which has no end. */
  ends: Float64Array;
  /** Index into the series' points of the point that began each span (its value is the span's value). */
  firstIndex: Int32Array;
  values: SeriesValues;
}

export interface Span {
  value: number | string | null;
  begin: number;
  end: number | null;
}

/** Finds all spans in one linear pass without per-point allocation (oldest first). */
export function constantSpans(s: TimeSeries, from?: number | null, to?: number | null): SpanList {
  const t = s.times;
  const start = from == null ? 0 : lowerBound(t, from);
  const end = to == null ? t.length : lowerBound(t, to);
  const starts = new Int32Array(Math.max(0, end - start));
  let n = 0;
  if (end > start) {
    starts[n++] = start;
    if (s.values instanceof Float64Array) {
      const v = s.values;
      for (let i = start + 1; i < end; i++) {
        const a = v[i]!;
        const b = v[i - 1]!;
        // NaN !== NaN, so compare "missing" explicitly: two missing values in a row are the same value.
        if (a !== b && !(a !== a && b !== b)) starts[n++] = i;
      }
    } else {
      const v = s.values;
      for (let i = start + 1; i < end; i++) if ((v[i] ?? null) !== (v[i - 1] ?? null)) starts[n++] = i;
    }
  }
  const firstIndex = starts.slice(0, n);
  const begins = new Float64Array(n);
  const ends = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    begins[k] = t[firstIndex[k]!]!;
    ends[k] = k + 1 < n ? t[firstIndex[k + 1]!]! : NaN;
  }
  return { begins, ends, firstIndex, values: s.values };
}

/** The newest `limit` spans as objects, newest first (the CLI's and UI's shape). */
export function newestSpans(list: SpanList, limit?: number | null): Span[] {
  const n = list.begins.length;
  const count = limit == null ? n : Math.max(0, Math.min(n, limit));
  const out: Span[] = new Array(count);
  for (let k = 0; k < count; k++) {
    const i = n - 1 - k;
    const raw = list.values[list.firstIndex[i]!];
    const value = raw === undefined || raw === null || (typeof raw === 'number' && Number.isNaN(raw)) ? null : raw;
    const e = list.ends[i]!;
    out[k] = { value, begin: list.begins[i]!, end: Number.isNaN(e) ? null : e };
  }
  return out;
}
