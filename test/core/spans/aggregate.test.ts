import { describe, expect, it } from 'vitest';
import { SPAN_STAT_COLUMNS, spanStats, spansToJson, tableToJson, type SpanSet } from '../../../core/spans/index.js';
import type { TimeSeries } from '../../../core/series/index.js';

const S = (...p: [number, number | null][]): SpanSet => ({ begins: Float64Array.from(p, (x) => x[0]), ends: Float64Array.from(p, (x) => x[1] ?? NaN) });
const num = (times: number[], values: number[]): TimeSeries => ({ tzaware: true, valueType: 'float64', times: Float64Array.from(times), values: Float64Array.from(values) });
const SEC = 1_000_000;

describe('spanStats', () => {
  // points every second: t=0..9 s, values 0..9
  const s = num(Array.from({ length: 10 }, (_, i) => i * SEC), Array.from({ length: 10 }, (_, i) => i));

  it('has the documented columns and types', () => {
    const t = spanStats(S(), s);
    expect(t.columns).toEqual([...SPAN_STAT_COLUMNS]);
    expect(t.columns).toEqual(['begin', 'end', 'duration', 'count', 'mean', 'min', 'max', 'first', 'last']);
    expect(t.types).toEqual(['timestamp', 'timestamp', 'seconds', 'int', 'number', 'number', 'number', 'value', 'value']);
    expect(t.rows).toEqual([]);
  });

  it('aggregates the points with begin ≤ time < end (end excluded)', () => {
    const t = spanStats(S([2 * SEC, 5 * SEC], [7 * SEC, 9 * SEC]), s);
    expect(t.rows).toEqual([
      [2 * SEC, 5 * SEC, 3, 3, 3, 2, 4, 2, 4],
      [7 * SEC, 9 * SEC, 2, 2, 7.5, 7, 8, 7, 8],
    ]);
  });

  it('an open span takes every point from its begin on; its end and duration are null', () => {
    expect(spanStats(S([8 * SEC, null]), s).rows).toEqual([[8 * SEC, null, null, 2, 8.5, 8, 9, 8, 9]]);
  });

  it('a span without points: count 0, aggregates null', () => {
    expect(spanStats(S([2.5 * SEC, 2.6 * SEC]), s).rows).toEqual([[2.5 * SEC, 2.6 * SEC, 0.1, 0, null, null, null, null, null]]);
    expect(spanStats(S([20 * SEC, null]), s).rows).toEqual([[20 * SEC, null, null, 0, null, null, null, null, null]]);
    expect(spanStats(S([0, SEC]), num([], [])).rows).toEqual([[0, SEC, 1, 0, null, null, null, null, null]]);
  });

  it('points without a value (NaN) are skipped by every aggregate', () => {
    const g = num([0, 1, 2, 3], [NaN, 4, NaN, -2]);
    expect(spanStats(S([0, 4]), g).rows).toEqual([[0, 4, 4 / SEC, 2, 1, -2, 4, 4, -2]]);
  });

  it('string series: count, first and last; no mean/min/max', () => {
    const g: TimeSeries = { tzaware: true, valueType: 'string', times: Float64Array.of(0, 1, 2, 3), values: ['a', null, 'b', 'c'] };
    expect(spanStats(S([0, 3]), g).rows).toEqual([[0, 3, 3 / SEC, 2, null, null, null, 'a', 'b']]);
  });

  it('spans before, between and after the points', () => {
    const t = spanStats(S([-5 * SEC, -1 * SEC], [0, SEC], [3 * SEC, 4 * SEC], [100 * SEC, 200 * SEC]), s);
    expect(t.rows.map((r) => r[3])).toEqual([0, 1, 1, 0]);
  });
});

describe('JSON shapes for the CLI', () => {
  it('spansToJson: {"spans": [{"begin", "end"}]}, ISO text, null end when open', () => {
    const day = 86_400 * SEC;
    expect(spansToJson(S([0, day], [2 * day, null]), true)).toEqual({
      spans: [
        { begin: '1970-01-01T00:00:00Z', end: '1970-01-02T00:00:00Z' },
        { begin: '1970-01-03T00:00:00Z', end: null },
      ],
    });
    expect(spansToJson(S([0, SEC]), false).spans[0]).toEqual({ begin: '1970-01-01T00:00:00', end: '1970-01-01T00:00:01' });
  });

  it('tableToJson: {"columns", "rows"}, timestamp columns as ISO text, others untouched', () => {
    const t = spanStats(S([0, 2 * SEC], [3 * SEC, null]), num([0, SEC, 3 * SEC], [1, 3, 5]));
    expect(tableToJson(t, true)).toEqual({
      columns: ['begin', 'end', 'duration', 'count', 'mean', 'min', 'max', 'first', 'last'],
      rows: [
        ['1970-01-01T00:00:00Z', '1970-01-01T00:00:02Z', 2, 2, 2, 1, 3, 1, 3],
        ['1970-01-01T00:00:03Z', null, null, 1, 5, 5, 5, 5, 5],
      ],
    });
  });
});
