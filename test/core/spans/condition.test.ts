import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkSpanSet, conditionSpans, spanDuration, type SpanSet } from '../../../core/spans/index.js';
import type { TimeSeries } from '../../../core/series/index.js';

/** A boolean series at the given times (µs) with the given values. */
const cond = (times: number[], values: number[]): TimeSeries => ({ tzaware: true, valueType: 'float64', times: Float64Array.from(times), values: Float64Array.from(values) });
/** Spans as [begin, end|null] pairs, for readable expectations. */
const pairs = (s: SpanSet) => Array.from(s.begins, (b, i) => [b, Number.isNaN(s.ends[i]!) ? null : s.ends[i]!]);

describe('conditionSpans', () => {
  it('empty series: no spans', () => {
    expect(pairs(conditionSpans(cond([], [])))).toEqual([]);
  });

  it('a single holding point is one open span; a single false point none', () => {
    expect(pairs(conditionSpans(cond([5], [1])))).toEqual([[5, null]]);
    expect(pairs(conditionSpans(cond([5], [0])))).toEqual([]);
  });

  it('always true: one open span from the first point; never true: none', () => {
    expect(pairs(conditionSpans(cond([1, 2, 3], [1, 1, 1])))).toEqual([[1, null]]);
    expect(pairs(conditionSpans(cond([1, 2, 3], [0, 0, 0])))).toEqual([]);
  });

  it('a span ends at the timestamp of the first point where the condition stops holding', () => {
    // holds at 10, 20; stops at 30; holds again at 50, stops at 70.
    expect(pairs(conditionSpans(cond([10, 20, 30, 40, 50, 60, 70], [1, 1, 0, 0, 1, 1, 0])))).toEqual([
      [10, 30],
      [50, 70],
    ]);
  });

  it('the newest span is open when the condition holds at the last point', () => {
    expect(pairs(conditionSpans(cond([0, 10, 20, 30], [0, 1, 0, 1])))).toEqual([
      [10, 20],
      [30, null],
    ]);
  });

  it('gaps between points do not end a span', () => {
    expect(pairs(conditionSpans(cond([0, 1000, 1_000_000], [1, 1, 0])))).toEqual([[0, 1_000_000]]);
  });

  it('NaN (no value) does not hold: it ends a span and begins none', () => {
    expect(pairs(conditionSpans(cond([0, 10, 20, 30, 40], [1, NaN, NaN, 1, 1])))).toEqual([
      [0, 10],
      [30, null],
    ]);
  });

  it('any non-zero number holds (a numeric series used as a condition)', () => {
    expect(pairs(conditionSpans(cond([0, 10, 20, 30], [-2, 0.5, 0, 7])))).toEqual([
      [0, 20],
      [30, null],
    ]);
  });

  it('min/max duration drop spans by end − begin (bounds inclusive)', () => {
    // spans: [0,10) 10µs, [20,50) 30µs, [60,61) 1µs
    const c = cond([0, 10, 20, 50, 60, 61], [1, 0, 1, 0, 1, 0]);
    expect(pairs(conditionSpans(c, { minDuration: 10 }))).toEqual([
      [0, 10],
      [20, 50],
    ]);
    expect(pairs(conditionSpans(c, { minDuration: 11 }))).toEqual([[20, 50]]);
    expect(pairs(conditionSpans(c, { maxDuration: 10 }))).toEqual([
      [0, 10],
      [60, 61],
    ]);
    expect(pairs(conditionSpans(c, { minDuration: 5, maxDuration: 20 }))).toEqual([[0, 10]]);
  });

  it('an open span is measured up to the last point for min/max duration', () => {
    const c = cond([0, 10, 20, 40], [0, 1, 1, 1]); // open span from 10, 30µs so far
    expect(pairs(conditionSpans(c, { minDuration: 30 }))).toEqual([[10, null]]);
    expect(pairs(conditionSpans(c, { minDuration: 31 }))).toEqual([]);
    expect(pairs(conditionSpans(c, { maxDuration: 29 }))).toEqual([]);
    expect(pairs(conditionSpans(cond([7], [1]), { minDuration: 1 }))).toEqual([]);
  });

  it('many spans (past the initial buffer): every alternation is one span', () => {
    const n = 10_001;
    const s = conditionSpans(cond(Array.from({ length: n }, (_, i) => i * 2), Array.from({ length: n }, (_, i) => (i % 2 === 0 ? 1 : 0))));
    expect(s.begins.length).toBe(5001);
    expect(checkSpanSet(s)).toBeUndefined();
    expect([s.begins[4321], s.ends[4321]]).toEqual([4321 * 4, 4321 * 4 + 2]);
    expect(Number.isNaN(s.ends[5000]!)).toBe(true);
  });

  it('rejects a string series', () => {
    expect(() => conditionSpans({ tzaware: true, valueType: 'string', times: Float64Array.of(1), values: ['x'] })).toThrow(/numeric/);
  });

  it('spanDuration: end − begin, null when open', () => {
    const s = conditionSpans(cond([0, 10, 20], [1, 0, 1]));
    expect(spanDuration(s, 0)).toBe(10);
    expect(spanDuration(s, 1)).toBeNull();
  });

  it('property: output is a valid span set and matches a naive per-point reading', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(0, 1, NaN), { maxLength: 60 }), (vals) => {
        const times = vals.map((_, i) => i * 10);
        const s = conditionSpans(cond(times, vals));
        expect(checkSpanSet(s)).toBeUndefined();
        // A time t_i is covered iff the point there holds.
        for (let i = 0; i < vals.length; i++) {
          const t = times[i]!;
          let inside = false;
          for (let k = 0; k < s.begins.length; k++) {
            const e = s.ends[k]!;
            if (t >= s.begins[k]! && (Number.isNaN(e) || t < e)) inside = true;
          }
          expect(inside).toBe(vals[i] === 1);
        }
      }),
    );
  });
});

describe('checkSpanSet', () => {
  const set = (b: number[], e: number[]): SpanSet => ({ begins: Float64Array.from(b), ends: Float64Array.from(e) });
  it('accepts valid sets and names the broken invariant otherwise', () => {
    expect(checkSpanSet(set([0, 20], [10, NaN]))).toBeUndefined();
    expect(checkSpanSet(set([0, 10], [10, 20]))).toMatch(/touches/);
    expect(checkSpanSet(set([0, 20], [NaN, 30]))).toMatch(/only the newest/);
    expect(checkSpanSet(set([5], [5]))).toMatch(/not after/);
    expect(checkSpanSet(set([0], []))).toMatch(/length/);
  });
});
