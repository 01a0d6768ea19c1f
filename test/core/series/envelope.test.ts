import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { BIN_FIELDS, Bins, ColumnBuilder, binPoints, coarsenBins } from '../../../core/series/envelope.js';

/** Strictly increasing integer times with random gaps, values with occasional huge spikes. */
const pointsArb = fc.record({ n: fc.integer({ min: 1, max: 3000 }), seed: fc.integer(), t0: fc.integer({ min: -1e6, max: 1e6 }), maxGap: fc.constantFrom(1, 10, 1000) }).map(({ n, seed, t0, maxGap }) => {
  let x = seed | 0;
  const next = () => (x = (Math.imul(x, 1103515245) + 12345) | 0) >>> 8;
  const times = new Float64Array(n);
  const values = new Float64Array(n);
  let t = t0;
  for (let i = 0; i < n; i++) {
    times[i] = t += 1 + (next() % maxGap);
    const r = next() % 200;
    values[i] = r === 0 ? 1e9 : r === 1 ? -1e9 : (r % 201) - 100;
  }
  return { times, values };
});

type Col = { tFirst: number; tLast: number; tMin: number; tMax: number; min: number; max: number; first: number; last: number };

function cols(b: Bins): Col[] {
  return Array.from({ length: b.length }, (_, k) => {
    const [tFirst, tLast, tMin, tMax, min, max, first, last] = Array.from(b.data.subarray(k * BIN_FIELDS, (k + 1) * BIN_FIELDS)) as number[];
    return { tFirst, tLast, tMin, tMax, min, max, first, last } as Col;
  });
}

/**
 * Every column is the exact summary of the points in [tFirst, tLast]; together they hold each point once.
 * Returns the first discrepancy (plain comparisons: an expect() per column would make the property slow).
 */
function coverError(times: Float64Array, values: Float64Array, columns: Col[]): string | null {
  let i = 0;
  for (const [k, c] of columns.entries()) {
    if (times[i] !== c.tFirst) return `column ${k} starts at ${c.tFirst}, the next point is at ${times[i]}`;
    let j = i;
    let min = Infinity;
    let max = -Infinity;
    for (; j < times.length && times[j]! <= c.tLast; j++) {
      min = Math.min(min, values[j]!);
      max = Math.max(max, values[j]!);
    }
    const want = { tLast: times[j - 1], min, max, first: values[i], last: values[j - 1] };
    const got = { tLast: c.tLast, min: c.min, max: c.max, first: c.first, last: c.last };
    if (JSON.stringify(want) !== JSON.stringify(got)) return `column ${k}: ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`;
    // The extremes are drawn at their true times.
    if (values[times.indexOf(c.tMin)] !== c.min || values[times.indexOf(c.tMax)] !== c.max) return `column ${k}: extremes at the wrong times`;
    i = j;
  }
  return i === times.length ? null : `points from #${i} are in no column`;
}

describe('envelope bins', () => {
  it('coarsening bins of s points by f gives exactly the bins of s·f points', () => {
    fc.assert(
      fc.property(pointsArb, fc.integer({ min: 1, max: 70 }), fc.integer({ min: 1, max: 12 }), ({ times, values }, size, factor) => {
        const fine = binPoints(times, values, 0, times.length, size).packed();
        const coarse = binPoints(times, values, 0, times.length, size * factor).packed();
        expect(Array.from(coarsenBins(fine, factor))).toEqual(Array.from(coarse));
      }),
      { numRuns: 150 },
    );
  });

  it('columns built from any mix of points and bins are exact and hide no spike', () => {
    fc.assert(
      fc.property(
        pointsArb,
        fc.integer({ min: 1, max: 300 }),
        fc.integer({ min: 1, max: 100 }),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 40 }),
        fc.double({ min: -0.2, max: 0.2, noNaN: true }),
        fc.double({ min: 0.8, max: 1.2, noNaN: true }),
        ({ times, values }, width, size, asBins, a, b) => {
          const first = times[0]!;
          const last = times[times.length - 1]!;
          const span = last - first;
          const builder = new ColumnBuilder(first + a * span, first + b * span, width);
          // Feed consecutive pieces, each either as points or as bins of `size` points.
          const piece = Math.max(1, Math.ceil(times.length / asBins.length));
          for (let p = 0, s = 0; s < times.length; p++, s += piece) {
            const e = Math.min(times.length, s + piece);
            if (asBins[p % asBins.length]) builder.addBins(binPoints(times, values, s, e, size).packed());
            else builder.addPoints(times, values, s, e);
          }
          const c = cols(builder.columns());
          expect(c.length).toBeLessThanOrEqual(width);
          expect(coverError(times, values, c)).toBeNull();
          expect(Math.max(...c.map((x) => x.max))).toBe(Math.max(...values));
          expect(Math.min(...c.map((x) => x.min))).toBe(Math.min(...values));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('columns from points are pixel-exact: each holds exactly the points of its pixel', () => {
    fc.assert(
      fc.property(pointsArb, fc.integer({ min: 1, max: 500 }), ({ times, values }, width) => {
        const lo = times[0]!;
        const hi = times[times.length - 1]!;
        const b = new ColumnBuilder(lo, hi, width);
        b.addPoints(times, values);
        const c = cols(b.columns());
        // Column c holds the times in [lo + c·span/width, lo + (c + 1)·span/width).
        const scale = width / Math.max(1, hi - lo);
        const px = (t: number) => {
          let c = 0;
          while (c < width - 1 && t >= lo + (c + 1) / scale) c++;
          return c;
        };
        expect(c.filter((x) => px(x.tFirst) !== px(x.tLast))).toEqual([]);
        expect(c.filter((x, k) => k > 0 && px(x.tFirst) <= px(c[k - 1]!.tLast))).toEqual([]);
        expect(coverError(times, values, c)).toBeNull();
      }),
      { numRuns: 150 },
    );
  });

  it('a column keeps the earliest of equal extremes, so repeated values draw at a stable time', () => {
    const times = Float64Array.of(1, 2, 3, 4);
    const values = Float64Array.of(5, 9, 9, 5);
    const b = new ColumnBuilder(1, 4, 1);
    b.addBins(binPoints(times, values, 0, 2, 2).packed());
    b.addBins(binPoints(times, values, 2, 4, 2).packed());
    expect(cols(b.columns())).toEqual([{ tFirst: 1, tLast: 4, tMin: 1, tMax: 2, min: 5, max: 9, first: 5, last: 5 }]);
  });
});
