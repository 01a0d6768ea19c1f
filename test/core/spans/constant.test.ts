import { describe, expect, it } from 'vitest';
import { constantSpans, newestSpans } from '../../../core/spans/index.js';
import type { TimeSeries } from '../../../core/series/index.js';

const f = (pts: [number, number][]): TimeSeries => ({ tzaware: true, valueType: 'float64', times: Float64Array.from(pts, (p) => p[0]), values: Float64Array.from(pts, (p) => p[1]) });
const str = (pts: [number, string | null][]): TimeSeries => ({ tzaware: false, valueType: 'string', times: Float64Array.from(pts, (p) => p[0]), values: pts.map((p) => p[1]) });
const spans = (s: TimeSeries, from?: number, to?: number, limit?: number) => newestSpans(constantSpans(s, from, to), limit);

describe('constant-value spans (CVec semantics)', () => {
  it('an empty series or window has no spans', () => {
    expect(spans(f([]))).toEqual([]);
    expect(spans(f([[1, 1]]), 5, 10)).toEqual([]);
  });

  it('a single point is one open span', () => {
    expect(spans(f([[10, 7]]))).toEqual([{ value: 7, begin: 10, end: null }]);
  });

  it('all equal values are one open span', () => {
    expect(spans(f([[1, 2], [2, 2], [3, 2]]))).toEqual([{ value: 2, begin: 1, end: null }]);
  });

  it('alternating values give one span per point, newest first, each ending where the next begins', () => {
    expect(spans(f([[1, 0], [2, 1], [3, 0], [4, 1]]))).toEqual([
      { value: 1, begin: 4, end: null },
      { value: 0, begin: 3, end: 4 },
      { value: 1, begin: 2, end: 3 },
      { value: 0, begin: 1, end: 2 },
    ]);
  });

  it('repeated values separated by a gap in time stay one span; separated by another value, two', () => {
    expect(spans(f([[1, 5], [100, 5], [101, 6], [500, 5]]))).toEqual([
      { value: 5, begin: 500, end: null },
      { value: 6, begin: 101, end: 500 },
      { value: 5, begin: 1, end: 101 },
    ]);
  });

  it('string values', () => {
    expect(spans(str([[1, 'idle'], [2, 'run'], [3, 'run'], [4, 'idle']]))).toEqual([
      { value: 'idle', begin: 4, end: null },
      { value: 'run', begin: 2, end: 4 },
      { value: 'idle', begin: 1, end: 2 },
    ]);
  });

  it('missing values form spans of their own with value null', () => {
    expect(spans(f([[1, 1], [2, NaN], [3, NaN], [4, 1]]))).toEqual([
      { value: 1, begin: 4, end: null },
      { value: null, begin: 2, end: 4 },
      { value: 1, begin: 1, end: 2 },
    ]);
    expect(spans(str([[1, 'a'], [2, null], [3, 'a']])).map((s) => s.value)).toEqual(['a', null, 'a']);
  });

  it('the window is half-open [from, to): the first point in it begins a span, the newest is open', () => {
    const s = f([[1, 1], [2, 2], [3, 2], [4, 3], [5, 3]]);
    expect(spans(s, 3, 5)).toEqual([
      { value: 3, begin: 4, end: null },
      { value: 2, begin: 3, end: 4 },
    ]);
    expect(spans(s, 2)).toHaveLength(2);
    expect(spans(s, undefined, 2)).toEqual([{ value: 1, begin: 1, end: null }]);
  });

  it('limit keeps the newest spans', () => {
    const s = f([[1, 0], [2, 1], [3, 0], [4, 1]]);
    expect(spans(s, undefined, undefined, 2).map((x) => x.begin)).toEqual([4, 3]);
    expect(spans(s, undefined, undefined, 0)).toEqual([]);
  });
});
