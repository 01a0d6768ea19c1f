import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkSpanSet, complement, coverage, grow, intersect, intersect2, shrink, union, union2, type SpanSet } from '../../../core/spans/index.js';

/** A span set from [begin, end|null] pairs (null = open). */
const S = (...p: [number, number | null][]): SpanSet => ({ begins: Float64Array.from(p, (x) => x[0]), ends: Float64Array.from(p, (x) => x[1] ?? NaN) });
const pairs = (s: SpanSet) => Array.from(s.begins, (b, i) => [b, Number.isNaN(s.ends[i]!) ? null : s.ends[i]!]);
const E = S();

describe('union', () => {
  it('merges overlapping and touching spans, keeps separate ones', () => {
    expect(pairs(union2(S([0, 10], [20, 30]), S([5, 15], [30, 40], [50, 60])))).toEqual([
      [0, 15],
      [20, 40],
      [50, 60],
    ]);
  });
  it('with empty sets, and open spans absorbing what comes after', () => {
    expect(pairs(union2(E, E))).toEqual([]);
    expect(pairs(union2(S([0, 10]), E))).toEqual([[0, 10]]);
    expect(pairs(union2(S([0, 10], [20, null]), S([25, 30], [40, 50])))).toEqual([
      [0, 10],
      [20, null],
    ]);
    expect(pairs(union([S([0, 1]), S([2, 3]), S([1, 2])]))).toEqual([[0, 3]]);
    expect(pairs(union([]))).toEqual([]);
  });
});

describe('intersection', () => {
  it('keeps the periods covered by both', () => {
    expect(pairs(intersect2(S([0, 10], [20, 30]), S([5, 25])))).toEqual([
      [5, 10],
      [20, 25],
    ]);
  });
  it('touching is not overlapping; empty and open inputs', () => {
    expect(pairs(intersect2(S([0, 10]), S([10, 20])))).toEqual([]);
    expect(pairs(intersect2(S([0, 10]), E))).toEqual([]);
    expect(pairs(intersect2(S([0, null]), S([5, 8], [12, null])))).toEqual([
      [5, 8],
      [12, null],
    ]);
    expect(pairs(intersect2(S([0, null]), S([5, 8], [12, 20])))).toEqual([
      [5, 8],
      [12, 20],
    ]);
    expect(pairs(intersect([S([0, 100]), S([10, 50]), S([40, 60])]))).toEqual([[40, 50]]);
  });
});

describe('complement within a window', () => {
  it('gives the uncovered periods of [from, to)', () => {
    expect(pairs(complement(S([10, 20], [30, 40]), 0, 50))).toEqual([
      [0, 10],
      [20, 30],
      [40, 50],
    ]);
  });
  it('clips spans that stick out of the window', () => {
    expect(pairs(complement(S([-5, 5], [30, 60]), 0, 50))).toEqual([[5, 30]]);
    expect(pairs(complement(S([60, 70]), 0, 50))).toEqual([[0, 50]]);
  });
  it('empty set: the whole window; whole window covered: nothing', () => {
    expect(pairs(complement(E, 0, 50))).toEqual([[0, 50]]);
    expect(pairs(complement(S([0, 50]), 0, 50))).toEqual([]);
    expect(pairs(complement(S([0, null]), 0, 50))).toEqual([]);
  });
  it('no end: the period after a closed newest span is open; an open newest span leaves nothing after it', () => {
    expect(pairs(complement(S([10, 20]), 0, null))).toEqual([
      [0, 10],
      [20, null],
    ]);
    expect(pairs(complement(S([10, 20], [30, null]), 0, null))).toEqual([
      [0, 10],
      [20, 30],
    ]);
  });
  it('no start: begins where the first span ends', () => {
    expect(pairs(complement(S([10, 20], [30, 40]), null, 50))).toEqual([
      [20, 30],
      [40, 50],
    ]);
    expect(pairs(complement(E, null, 50))).toEqual([]);
  });
  it('complement twice within the window gives the set clipped to it', () => {
    const s = S([10, 20], [30, 40]);
    expect(pairs(complement(complement(s, 0, 50), 0, 50))).toEqual(pairs(s));
  });
});

describe('grow and shrink', () => {
  it('grow moves begins earlier and ends later, merging spans that meet', () => {
    expect(pairs(grow(S([10, 20], [25, 30], [50, 60]), 2, 3))).toEqual([
      [8, 33],
      [48, 63],
    ]);
    // gap of 5 closed exactly: touching spans merge
    expect(pairs(grow(S([0, 10], [15, 20]), 0, 5))).toEqual([[0, 25]]);
  });
  it('grow keeps an open span open', () => {
    // [5, 25) touches [25, open): one open span
    expect(pairs(grow(S([10, 20], [30, null]), 5, 5))).toEqual([[5, null]]);
    expect(pairs(grow(S([10, 20], [40, null]), 5, 5))).toEqual([
      [5, 25],
      [35, null],
    ]);
  });
  it('shrink moves begins later and ends earlier; spans that become empty disappear', () => {
    expect(pairs(shrink(S([0, 10], [20, 24], [30, null]), 2, 2))).toEqual([
      [2, 8],
      [32, null],
    ]);
    expect(pairs(shrink(S([0, 4]), 2, 2))).toEqual([]);
    expect(pairs(shrink(S([0, 10]), 0, 3))).toEqual([[0, 7]]);
  });
  it('zero amount is the identity', () => {
    const s = S([0, 10], [20, null]);
    expect(pairs(grow(s, 0, 0))).toEqual(pairs(s));
    expect(pairs(shrink(s, 0, 0))).toEqual(pairs(s));
  });
});

describe('coverage', () => {
  it('sums closed spans and reports an open one', () => {
    expect(coverage(S([0, 10], [20, 25]))).toEqual({ us: 15, open: false });
    expect(coverage(S([0, 10], [20, null]))).toEqual({ us: 10, open: true });
  });
});

// Property tests against a bitmap model over integer time 0..63 (every span set is closed there).
const arbSet = fc.array(fc.boolean(), { minLength: 64, maxLength: 64 }).map((bits) => {
  const p: [number, number][] = [];
  for (let i = 0; i < 64; i++) {
    if (bits[i] && (i === 0 || !bits[i - 1])) p.push([i, i + 1]);
    else if (bits[i]) p[p.length - 1]![1] = i + 1;
  }
  return { bits, set: S(...p) };
});
const bitsOf = (s: SpanSet) => {
  const out = new Array<boolean>(64).fill(false);
  for (let k = 0; k < s.begins.length; k++) for (let t = s.begins[k]!; t < Math.min(64, s.ends[k]!); t++) if (t >= 0) out[t] = true;
  return out;
};

describe('algebra properties (bitmap model)', () => {
  it('union / intersection / complement agree with or / and / not per unit of time, and stay valid', () => {
    fc.assert(
      fc.property(arbSet, arbSet, (a, b) => {
        const u = union2(a.set, b.set);
        const i = intersect2(a.set, b.set);
        const c = complement(a.set, 0, 64);
        for (const r of [u, i, c]) expect(checkSpanSet(r)).toBeUndefined();
        expect(bitsOf(u)).toEqual(a.bits.map((x, k) => x || b.bits[k]!));
        expect(bitsOf(i)).toEqual(a.bits.map((x, k) => x && b.bits[k]!));
        expect(bitsOf(c)).toEqual(a.bits.map((x) => !x));
      }),
    );
  });
  it('grow is a dilation and shrink an erosion of the covered time', () => {
    fc.assert(
      fc.property(arbSet, fc.integer({ min: 0, max: 5 }), (a, d) => {
        const g = grow(a.set, d, d);
        expect(checkSpanSet(g)).toBeUndefined();
        expect(bitsOf(g)).toEqual(a.bits.map((_, t) => a.bits.some((x, k) => x && Math.abs(k - t) <= d)));
        const sh = shrink(a.set, d, d);
        expect(checkSpanSet(sh)).toBeUndefined();
        // t stays covered iff t-d..t+d are covered within the same span (span edges at 0 and 64 count as ends)
        const inSpan = (t: number) => {
          for (let k = 0; k < a.set.begins.length; k++) if (t >= a.set.begins[k]! + d && t < a.set.ends[k]! - d) return true;
          return false;
        };
        expect(bitsOf(sh)).toEqual(a.bits.map((_, t) => inSpan(t)));
      }),
    );
  });
});
