import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mergePoints } from '../../../core/store/merge.js';
import type { TimeSeries } from '../../../core/series/series.js';

const pts = (times: number[], values: (number | string | null)[]): TimeSeries =>
  typeof values.find((v) => v !== null) === 'string'
    ? { tzaware: false, valueType: 'string', times: Float64Array.from(times), values: values as (string | null)[] }
    : { tzaware: false, valueType: 'float64', times: Float64Array.from(times), values: Float64Array.from(values as number[]) };

describe('mergePoints into nothing stored (first write)', () => {
  it('adds every point, sharing the incoming arrays', () => {
    const w = pts([1, 2, 5], [0.5, -1, 3]);
    const m = mergePoints('float64', new Float64Array(0), new Float64Array(0), w, 'update');
    expect(m).toMatchObject({ added: 3, changed: 0, deleted: 0, diffFirst: 1, diffLast: 5 });
    expect(m.times).toBe(w.times);
    expect(m.values).toBe(w.values);
  });

  it('drops missing values (NaN, null): deleting nothing is no change', () => {
    const m = mergePoints('float64', new Float64Array(0), new Float64Array(0), pts([1, 2, 3], [NaN, 2, NaN]), 'update');
    expect([[...m.times], [...m.values], m.added, m.diffFirst, m.diffLast]).toEqual([[2], [2], 1, 2, 2]);
    const s = mergePoints('string', new Float64Array(0), [], pts([1, 2], [null, 'x']), 'replace');
    expect([[...s.times], s.values, s.added]).toEqual([[2], ['x'], 1]);
  });

  it('gives what the general merge gives for any first write (property)', () => {
    const write = fc.uniqueArray(fc.integer({ min: 0, max: 1000 }), { maxLength: 30 }).chain((ts) =>
      fc.array(fc.option(fc.double({ noDefaultInfinity: true, noNaN: true }), { nil: null }), { minLength: ts.length, maxLength: ts.length }).map((vs) => [ts.sort((a, b) => a - b), vs] as const),
    );
    fc.assert(
      fc.property(write, fc.constantFrom('update' as const, 'replace' as const), ([ts, vs], mode) => {
        const w = pts(ts, vs.map((v) => v ?? NaN));
        const got = mergePoints('float64', new Float64Array(0), new Float64Array(0), w, mode);
        const keep = ts.map((_, i) => i).filter((i) => vs[i] !== null);
        expect([...got.times]).toEqual(keep.map((i) => ts[i]));
        expect([...got.values]).toEqual(keep.map((i) => vs[i]));
        expect(got.added).toBe(keep.length);
        if (keep.length) expect([got.diffFirst, got.diffLast]).toEqual([ts[keep[0]!], ts[keep.at(-1)!]]);
        else expect(got.diffFirst).toBeNaN();
      }),
    );
  });
});
