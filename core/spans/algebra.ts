import type { SpanSet } from './condition.js';

/*
 * Span algebra over SpanSets (sorted, disjoint, half-open [begin, end), only the newest span open).
 * Every operation is a linear merge over its inputs. Inside, an open end is +Infinity, which makes
 * "open" behave as "goes on forever" in every comparison; results turn it back into NaN.
 */

const endAt = (s: SpanSet, i: number): number => {
  const e = s.ends[i]!;
  return e === e ? e : Infinity;
};

/** Growable output columns: worst-case capacity up front, one slice at the end. */
class Out {
  private k = 0;
  constructor(
    private readonly b: Float64Array,
    private readonly e: Float64Array,
  ) {}
  static of(cap: number): Out {
    return new Out(new Float64Array(cap), new Float64Array(cap));
  }
  /** Appends [b, e), merging with the previous span when they overlap or touch; empty spans are skipped. */
  push(b: number, e: number): void {
    if (!(e > b)) return;
    const k = this.k;
    if (k > 0 && b <= this.e[k - 1]!) {
      if (e > this.e[k - 1]!) this.e[k - 1] = e;
      return;
    }
    this.b[k] = b;
    this.e[k] = e;
    this.k = k + 1;
  }
  done(): SpanSet {
    const ends = this.e.slice(0, this.k);
    for (let i = 0; i < ends.length; i++) if (ends[i] === Infinity) ends[i] = NaN;
    return { begins: this.b.slice(0, this.k), ends };
  }
}

/** Union of two sets: periods covered by either. Overlapping or touching spans merge. */
export function union2(a: SpanSet, b: SpanSet): SpanSet {
  const na = a.begins.length;
  const nb = b.begins.length;
  const out = Out.of(na + nb);
  let i = 0;
  let j = 0;
  // Take spans in order of begin; push() merges.
  while (i < na || j < nb) {
    if (j >= nb || (i < na && a.begins[i]! <= b.begins[j]!)) {
      out.push(a.begins[i]!, endAt(a, i));
      i++;
    } else {
      out.push(b.begins[j]!, endAt(b, j));
      j++;
    }
  }
  return out.done();
}

/** Intersection of two sets: periods covered by both. */
export function intersect2(a: SpanSet, b: SpanSet): SpanSet {
  const na = a.begins.length;
  const nb = b.begins.length;
  const out = Out.of(na + nb);
  let i = 0;
  let j = 0;
  while (i < na && j < nb) {
    const ea = endAt(a, i);
    const eb = endAt(b, j);
    out.push(Math.max(a.begins[i]!, b.begins[j]!), Math.min(ea, eb));
    // The span that ends first cannot meet anything further in the other set.
    if (ea <= eb) i++;
    else j++;
  }
  return out.done();
}

export function union(sets: readonly SpanSet[]): SpanSet {
  if (sets.length === 0) return { begins: new Float64Array(0), ends: new Float64Array(0) };
  return sets.reduce(union2);
}

export function intersect(sets: readonly SpanSet[]): SpanSet {
  if (sets.length === 0) return { begins: new Float64Array(0), ends: new Float64Array(0) };
  return sets.reduce(intersect2);
}

/**
 * The periods of the window [from, to) not covered by the set. `to` null: the window has no end, so the
 * period after a closed newest span is open. `from` null: a span set says nothing about the time before
 * its first span, so the complement starts where the first span ends (only the gaps between and after).
 */
export function complement(s: SpanSet, from: number | null, to: number | null): SpanSet {
  const n = s.begins.length;
  const hi = to ?? Infinity;
  const out = Out.of(n + 1);
  let cursor: number;
  let i = 0;
  if (from !== null) cursor = from;
  else if (n > 0) {
    cursor = endAt(s, 0);
    i = 1;
  } else return out.done();
  for (; i < n && cursor < hi; i++) {
    const b = s.begins[i]!;
    const e = endAt(s, i);
    if (e <= cursor) continue;
    out.push(cursor, Math.min(b, hi));
    cursor = e;
  }
  out.push(cursor, hi);
  return out.done();
}

/**
 * Moves each span's begin earlier by `before` and its end later by `after` (µs, ≥ 0); spans that come
 * to overlap or touch merge. Open spans stay open.
 */
export function grow(s: SpanSet, before: number, after: number): SpanSet {
  const n = s.begins.length;
  const out = Out.of(n);
  // Equal shifts keep the begins sorted, so one merging pass suffices.
  for (let i = 0; i < n; i++) out.push(s.begins[i]! - before, endAt(s, i) + after);
  return out.done();
}

/**
 * Moves each span's begin later by `before` and its end earlier by `after` (µs, ≥ 0); spans that become
 * empty (end ≤ begin) disappear. An open span stays open (its end is unknown, so it is not moved).
 */
export function shrink(s: SpanSet, before: number, after: number): SpanSet {
  const n = s.begins.length;
  const out = Out.of(n);
  for (let i = 0; i < n; i++) out.push(s.begins[i]! + before, endAt(s, i) - after);
  return out.done();
}

/** Total covered time (µs) of the closed spans, and whether some span is open. */
export function coverage(s: SpanSet): { us: number; open: boolean } {
  let us = 0;
  let open = false;
  for (let i = 0; i < s.begins.length; i++) {
    const e = s.ends[i]!;
    if (e === e) us += e - s.begins[i]!;
    else open = true;
  }
  return { us, open };
}
