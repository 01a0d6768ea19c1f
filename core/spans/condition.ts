import type { TimeSeries } from '../series/series.js';

/**
 * A set of spans: half-open periods [begin, end) in µs, sorted oldest first, pairwise disjoint and not
 * touching (touching spans are one span). Only the newest span may be open: its end is NaN, meaning
 * "still going" (the condition held at the last point seen). Two parallel columns, not an array of
 * objects, so a set of a million spans is two allocations.
 */
export interface SpanSet {
  begins: Float64Array;
  /** End of each span (µs), exclusive; NaN for an open span (only ever the newest one). */
  ends: Float64Array;
}

export interface ConditionOptions {
  /** Spans shorter than this (µs) are dropped. An open span is measured up to the last point. */
  minDuration?: number | null;
  /** Spans longer than this (µs) are dropped. An open span is measured up to the last point. */
  maxDuration?: number | null;
}

export const emptySpans = (): SpanSet => ({ begins: new Float64Array(0), ends: new Float64Array(0) });

/** A point's value makes the condition hold when it is a number other than 0 (NaN = no value = does not hold). */
export function holds(x: number): boolean {
  return x !== 0 && x === x;
}

/**
 * Spans where a boolean-valued series holds, in one linear pass without per-point allocation.
 *
 * The rule for a span's ends, stated once: a span begins at the timestamp of a point where the
 * condition holds and the point before it (if any) does not; it ends at the timestamp of the first later
 * point where the condition stops holding (a 0, or a point without a value). If the condition still
 * holds at the last point, the newest span is open (end NaN): we do not know when it will stop.
 * Gaps between points do not end a span: a series says nothing between its points.
 *
 * Durations (for min/max) are end − begin; for the open span, last point − begin (its length so far),
 * so a still-growing span may be dropped by minDuration now and appear on a later evaluation.
 */
export function conditionSpans(s: TimeSeries, opts: ConditionOptions = {}): SpanSet {
  if (!(s.values instanceof Float64Array)) throw new TypeError('conditionSpans needs a numeric (boolean-valued) series');
  const t = s.times;
  const v = s.values;
  const n = t.length;
  let k = 0;
  // Spans are usually far fewer than points: start small and double (amortised linear), rather than
  // allocate the worst case (one span per two points, 80 MB for 10M points) up front.
  let begins = new Float64Array(Math.min(1024, (n + 1) >> 1));
  let ends = new Float64Array(begins.length);
  const room = () => {
    if (k < begins.length) return;
    const cap = begins.length * 2 || 16;
    const b2 = new Float64Array(cap);
    const e2 = new Float64Array(cap);
    b2.set(begins);
    e2.set(ends);
    begins = b2;
    ends = e2;
  };
  const lo = opts.minDuration ?? -Infinity;
  const hi = opts.maxDuration ?? Infinity;
  let open = false;
  let begin = 0;
  for (let i = 0; i < n; i++) {
    const x = v[i]!;
    const h = x !== 0 && x === x;
    if (h && !open) {
      open = true;
      begin = t[i]!;
    } else if (!h && open) {
      open = false;
      const d = t[i]! - begin;
      if (d >= lo && d <= hi) {
        room();
        begins[k] = begin;
        ends[k++] = t[i]!;
      }
    }
  }
  if (open) {
    const d = t[n - 1]! - begin;
    if (d >= lo && d <= hi) {
      room();
      begins[k] = begin;
      ends[k++] = NaN;
    }
  }
  return { begins: begins.slice(0, k), ends: ends.slice(0, k) };
}

/** Duration of span i in µs, or null when it is open. */
export function spanDuration(s: SpanSet, i: number): number | null {
  const e = s.ends[i]!;
  return e === e ? e - s.begins[i]! : null;
}

/** Checks the SpanSet invariants (sorted, disjoint, not touching, begin < end, only the last open). */
export function checkSpanSet(s: SpanSet): string | undefined {
  const n = s.begins.length;
  if (s.ends.length !== n) return 'begins and ends differ in length';
  for (let i = 0; i < n; i++) {
    const b = s.begins[i]!;
    const e = s.ends[i]!;
    if (!Number.isFinite(b)) return `span ${i}: begin is not a finite time`;
    if (e !== e) {
      if (i !== n - 1) return `span ${i}: only the newest span may be open`;
    } else if (!(e > b)) return `span ${i}: end is not after begin`;
    if (i > 0 && !(b > s.ends[i - 1]!)) return `span ${i}: overlaps or touches the span before it`;
  }
  return undefined;
}
