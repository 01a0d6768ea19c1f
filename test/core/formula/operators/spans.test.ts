import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { check, defaultRegistry, evaluate, parse, type EvalResult } from '../../../../core/formula/index.js';
import type { TimeSeries } from '../../../../core/series/index.js';
import { spansToJson, tableToJson } from '../../../../core/spans/index.js';
import { covered, failure, points, resolver, scalar } from '../helpers.js';

const T0 = Date.parse('2024-01-01T00:00:00Z') * 1000;
const MIN = 60_000_000;
/** One point a minute from 2024-01-01T00:00Z; null = a point without a value (NaN). */
const minutes = (values: (number | null)[], tzaware = true): TimeSeries => ({
  tzaware,
  valueType: 'float64',
  times: Float64Array.from(values, (_, i) => T0 + i * MIN),
  values: Float64Array.from(values, (v) => v ?? NaN),
});
const at = (m: number) => `2024-01-01T${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}:00Z`;
/** Spans result as [begin minute, end minute | null]. */
async function spansOf(formula: string, r = rr, opts = {}): Promise<[number, number | null][]> {
  const res = await evaluate(formula, r, opts);
  if (res.kind !== 'spans') throw new Error(`expected spans, got ${res.kind}`);
  return Array.from(res.begins, (b, i) => [(b - T0) / MIN, Number.isNaN(res.ends[i]!) ? null : (res.ends[i]! - T0) / MIN]);
}
async function table(formula: string, r = rr): Promise<Extract<EvalResult, { kind: 'table' }>> {
  const res = await evaluate(formula, r);
  if (res.kind !== 'table') throw new Error(`expected a table, got ${res.kind}`);
  return res;
}

//                       0   1   2   3   4   5   6   7   8   9
const temp = minutes([70, 85, 90, 75, 81, 82, 83, 84, 85, 79]);
const flow = minutes([1, 1, 9, 9, 9, 1, 1, 1, 9, 9]);
const state: TimeSeries = { tzaware: true, valueType: 'string', times: temp.times, values: ['OFF', 'ON', 'ON', null, 'ON', 'ON', 'OFF', 'OFF', 'ON', 'ON'] };
const rr = resolver({
  temp,
  flow,
  state,
  gappy: minutes([90, null, 90, 90, 70]),
  naive: minutes([1, 0, 1], false),
  other: { tzaware: true, valueType: 'float64', times: Float64Array.of(T0 + 2.5 * MIN, T0 + 6 * MIN), values: Float64Array.of(80, 80) },
});

describe('comparisons', () => {
  it('series vs number: 1 where it holds, 0 where not, on every point', async () => {
    expect(await points('(> (series "temp") 80)', rr)).toEqual([0, 1, 1, 0, 1, 1, 1, 1, 1, 0].map((v, i) => [at(i), v]));
    expect(await points('(>= (series "temp") 85)', rr)).toEqual([0, 1, 1, 0, 0, 0, 0, 0, 1, 0].map((v, i) => [at(i), v]));
    expect(await points('(< 80 (series "temp"))', rr)).toEqual([0, 1, 1, 0, 1, 1, 1, 1, 1, 0].map((v, i) => [at(i), v]));
    expect(await points('(<= (series "flow") 1)', rr)).toEqual([1, 1, 0, 0, 0, 1, 1, 1, 0, 0].map((v, i) => [at(i), v]));
    expect(await points('(= (series "flow") 9)', rr)).toEqual([0, 0, 1, 1, 1, 0, 0, 0, 1, 1].map((v, i) => [at(i), v]));
    expect(await points('(!= (series "flow") 9)', rr)).toEqual([1, 1, 0, 0, 0, 1, 1, 1, 0, 0].map((v, i) => [at(i), v]));
  });

  it('a point without a value compares false, for != too; not turns it into true', async () => {
    expect(await points('(> (series "gappy") 80)', rr)).toEqual([1, 0, 1, 1, 0].map((v, i) => [at(i), v]));
    expect(await points('(!= (series "gappy") 80)', rr)).toEqual([1, 0, 1, 1, 1].map((v, i) => [at(i), v]));
    expect(await points('(not (> (series "gappy") 80))', rr)).toEqual([0, 1, 0, 0, 1].map((v, i) => [at(i), v]));
  });

  it('two series: on the union of timestamps, absent = false unless filled', async () => {
    expect(await points('(> (series "temp") (series "other"))', rr)).toEqual(
      [
        [0, 0],
        [1, 0],
        [2, 0],
        [2.5, 0],
        [3, 0],
        [4, 0],
        [5, 0],
        [6, 1],
        [7, 0],
        [8, 0],
        [9, 0],
      ].map(([m, v]) => [new Date((T0 + m! * MIN) / 1000).toISOString().replace('.000Z', 'Z'), v]),
    );
    const filled = await points('(> (series "temp") (series "other" #:fill "ffill"))', rr);
    expect(filled.map((p) => p[1])).toEqual([0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 0]);
  });

  it('string series compare with = and != ; null is no value', async () => {
    expect(await points('(= (series "state") "ON")', rr)).toEqual([0, 1, 1, 0, 1, 1, 0, 0, 1, 1].map((v, i) => [at(i), v]));
    expect(await points('(!= (series "state") "ON")', rr)).toEqual([1, 0, 0, 0, 0, 0, 1, 1, 0, 0].map((v, i) => [at(i), v]));
  });

  it('scalars give booleans', async () => {
    expect(await scalar('(> 2 1)')).toBe(true);
    expect(await scalar('(<= 2 1)')).toBe(false);
    expect(await scalar('(= "a" "a")')).toBe(true);
    expect(await scalar('(!= 1 1.5)')).toBe(true);
    expect(await scalar('(and #t (> 2 1))')).toBe(true);
    expect(await scalar('(or #f #f)')).toBe(false);
    expect(await scalar('(not #f)')).toBe(true);
  });

  it('and / or / not over boolean series and booleans', async () => {
    const hot = [0, 1, 1, 0, 1, 1, 1, 1, 1, 0];
    const low = [1, 1, 0, 0, 0, 1, 1, 1, 0, 0];
    const v = async (f: string) => (await points(f, rr)).map((p) => p[1]);
    expect(await v('(and (> (series "temp") 80) (< (series "flow") 5))')).toEqual(hot.map((h, i) => h & low[i]!));
    expect(await v('(or (> (series "temp") 80) (< (series "flow") 5))')).toEqual(hot.map((h, i) => h | low[i]!));
    expect(await v('(not (> (series "temp") 80))')).toEqual(hot.map((h) => 1 - h));
    expect(await v('(and #t (> (series "temp") 80))')).toEqual(hot);
    expect(await v('(and #f (> (series "temp") 80))')).toEqual(hot.map(() => 0));
    expect(await v('(or #t (> (series "temp") 80))')).toEqual(hot.map(() => 1));
    expect(await v('(or #f (> (series "temp") 80) (> (series "temp") 84))')).toEqual(hot);
  });

  it('type errors are positioned: strings with numbers, string series in logic', async () => {
    let f = '(> (series "temp") "hot")';
    let e = await failure(f, rr);
    expect(e.code).toBe('type_mismatch');
    expect(covered(f, e)).toBe('"hot"');
    f = '(= 1 "a")';
    e = await failure(f, rr);
    expect(e.code).toBe('type_mismatch');
    expect(covered(f, e)).toBe('"a"');
    f = '(= (series "state") 3)';
    e = await failure(f, rr);
    expect(e.code).toBe('value_type');
    f = '(> (series "state") 3)';
    e = await failure(f, rr);
    expect(e.code).toBe('value_type');
    f = '(and (series "state") #t)';
    e = await failure(f, rr);
    expect(e.code).toBe('value_type');
    expect(covered(f, e)).toBe('(series "state")');
    f = '(> (series "temp") (series "naive"))';
    expect((await failure(f, rr)).code).toBe('tz_mismatch');
  });
});

describe('comparison and logic properties (model: union of timestamps, missing = false)', () => {
  // A series on a subset of a 12-minute grid: per minute absent (undefined), no value (null) or 0..3.
  const arb = fc.array(fc.option(fc.option(fc.integer({ min: 0, max: 3 }), { nil: null }), { nil: undefined }), { minLength: 12, maxLength: 12 });
  const make = (cells: (number | null | undefined)[]): TimeSeries => {
    const idx = cells.flatMap((c, i) => (c === undefined ? [] : [i]));
    return { tzaware: true, valueType: 'float64', times: Float64Array.from(idx, (i) => T0 + i * MIN), values: Float64Array.from(idx, (i) => cells[i] ?? NaN) };
  };
  it('> and and agree with the model at every union timestamp', async () => {
    await fc.assert(
      fc.asyncProperty(arb, arb, async (a, b) => {
        const r = resolver({ a: make(a), b: make(b) });
        const grid = a.map((x, i) => (x !== undefined || b[i] !== undefined ? i : -1)).filter((i) => i >= 0);
        const val = (x: number | null | undefined) => (x === undefined || x === null ? NaN : x);
        const gt = (await points('(> (series "a") (series "b"))', r)).map((p) => p[1]);
        expect(gt).toEqual(grid.map((i) => (val(a[i]) > val(b[i]) ? 1 : 0)));
        const and = (await points('(and (series "a") (series "b"))', r)).map((p) => p[1]);
        const h = (x: number) => x !== 0 && !Number.isNaN(x);
        expect(and).toEqual(grid.map((i) => (h(val(a[i])) && h(val(b[i])) ? 1 : 0)));
        const or = (await points('(or (series "a") (not (series "b")))', r)).map((p) => p[1]);
        expect(or).toEqual(grid.map((i) => (h(val(a[i])) || (b[i] === undefined ? false : !h(val(b[i]))) ? 1 : 0)));
      }),
      { numRuns: 100 },
    );
  });
});

describe('spans-when', () => {
  it('a span ends at the first point where the condition stops holding; the newest is open while it holds', async () => {
    expect(await spansOf('(spans-when (> (series "temp") 80))')).toEqual([
      [1, 3],
      [4, 9],
    ]);
    expect(await spansOf('(spans-when (> (series "temp") 71))')).toEqual([[1, null]]);
  });

  it('min-duration and max-duration (inclusive bounds)', async () => {
    expect(await spansOf('(spans-when (> (series "temp") 80) #:min-duration "5min")')).toEqual([[4, 9]]);
    expect(await spansOf('(spans-when (> (series "temp") 80) #:min-duration "2min")')).toEqual([
      [1, 3],
      [4, 9],
    ]);
    expect(await spansOf('(spans-when (> (series "temp") 80) #:max-duration "2min")')).toEqual([[1, 3]]);
    expect(await spansOf('(spans-when (> (series "temp") 80) #:min-duration "3min" #:max-duration "1h")')).toEqual([[4, 9]]);
    expect(await spansOf('(spans-when (> (series "temp") 80) #:max-duration "PT1M")')).toEqual([]);
  });

  it('an open span is measured up to the last point', async () => {
    // > 71 holds from minute 1 to the end (minute 9): 8 minutes so far
    expect(await spansOf('(spans-when (> (series "temp") 71) #:min-duration "8min")')).toEqual([[1, null]]);
    expect(await spansOf('(spans-when (> (series "temp") 71) #:min-duration "9min")')).toEqual([]);
  });

  it('condition always / never true, a point without a value', async () => {
    expect(await spansOf('(spans-when (> (series "temp") 0))')).toEqual([[0, null]]);
    expect(await spansOf('(spans-when (> (series "temp") 1000))')).toEqual([]);
    expect(await spansOf('(spans-when (> (series "gappy") 80))')).toEqual([
      [0, 1],
      [2, 4],
    ]);
  });

  it('single point and empty window', async () => {
    const one = resolver({ x: minutes([5]) });
    expect(await spansOf('(spans-when (> (series "x") 1))', one)).toEqual([[0, null]]);
    expect(await spansOf('(spans-when (< (series "x") 1))', one)).toEqual([]);
    expect(await spansOf('(spans-when (> (series "temp") 80))', rr, { from: T0 + 100 * MIN })).toEqual([]);
  });

  it('reads the condition over the evaluation window', async () => {
    expect(await spansOf('(spans-when (> (series "temp") 80))', rr, { from: T0 + 2 * MIN, to: T0 + 6 * MIN })).toEqual([
      [2, 3],
      [4, null],
    ]);
  });

  it('a numeric series is its own condition (non-zero holds)', async () => {
    expect(await spansOf('(spans-when (+ (series "flow") -1))')).toEqual([
      [2, 5],
      [8, null],
    ]);
  });

  it('a string series is not a condition (value_type, positioned)', async () => {
    const f = '(spans-when (series "state"))';
    const e = await failure(f, rr);
    expect(e.code).toBe('value_type');
    expect(covered(f, e)).toBe('(series "state")');
  });

  it('string conditions via =', async () => {
    expect(await spansOf('(spans-when (= (series "state") "ON"))')).toEqual([
      [1, 3],
      [4, 6],
      [8, null],
    ]);
  });

  it('bad durations are positioned errors', async () => {
    let f = '(spans-when (> (series "temp") 80) #:min-duration "five minutes")';
    let e = await failure(f, rr);
    expect(e.code).toBe('bad_value');
    expect(covered(f, e)).toBe('"five minutes"');
    f = '(spans-when (> (series "temp") 80) #:min-duration "-5min")';
    expect((await failure(f, rr)).code).toBe('bad_value');
    f = '(spans-when (> (series "temp") 80) #:min-duration "1h" #:max-duration "5min")';
    e = await failure(f, rr);
    expect(e.code).toBe('bad_value');
    expect(e.message).toMatch(/min-duration is longer than max-duration/);
  });
});

describe('span algebra in formulas', () => {
  const hot = '(spans-when (> (series "temp") 80))'; // [1,3) [4,9)
  const low = '(spans-when (< (series "flow") 5))'; // [0,2) [5,8)

  it('union and intersection', async () => {
    expect(await spansOf(`(spans-union ${hot} ${low})`)).toEqual([
      [0, 3],
      [4, 9],
    ]);
    expect(await spansOf(`(spans-intersect ${hot} ${low})`)).toEqual([
      [1, 2],
      [5, 8],
    ]);
  });

  it('complement within an explicit window, the evaluation window, or from the first span on', async () => {
    expect(await spansOf(`(spans-complement ${hot} #:from "2024-01-01T00:00Z" #:to "2024-01-01T00:10Z")`)).toEqual([
      [0, 1],
      [3, 4],
      [9, 10],
    ]);
    expect(await spansOf(`(spans-complement ${hot})`, rr, { from: T0, to: T0 + 20 * MIN })).toEqual([
      [0, 1],
      [3, 4],
      [9, 20],
    ]);
    expect(await spansOf(`(spans-complement ${hot})`)).toEqual([
      [3, 4],
      [9, null],
    ]);
    expect(await spansOf(`(spans-complement (spans-when (> (series "temp") 71)) #:from (date "2024-01-01"))`)).toEqual([[0, 1]]);
  });

  it('grow and shrink by a duration, on both sides or one', async () => {
    // [0.5, 3.5) and [3.5, 9.5) touch: one span
    expect(await spansOf(`(spans-grow ${hot} "30s")`)).toEqual([[0.5, 9.5]]);
    expect(await spansOf(`(spans-grow ${hot} "15s")`)).toEqual([
      [0.75, 3.25],
      [3.75, 9.25],
    ]);
    expect(await spansOf(`(spans-grow ${hot} "1min" #:side "begin")`)).toEqual([
      [0, 9],
    ]);
    expect(await spansOf(`(spans-grow ${low} "1min" #:side "end")`)).toEqual([
      [0, 3],
      [5, 9],
    ]);
    expect(await spansOf(`(spans-shrink ${hot} "1min")`)).toEqual([[5, 8]]);
    expect(await spansOf(`(spans-shrink ${hot} "1min" #:side "end")`)).toEqual([
      [1, 2],
      [4, 8],
    ]);
  });

  it('open spans in the algebra', async () => {
    const held = '(spans-when (> (series "temp") 71))'; // [1, open)
    expect(await spansOf(`(spans-intersect ${held} ${low})`)).toEqual([
      [1, 2],
      [5, 8],
    ]);
    expect(await spansOf(`(spans-union ${held} ${low})`)).toEqual([[0, null]]);
    expect(await spansOf(`(spans-grow ${held} "1min")`)).toEqual([[0, null]]);
  });

  it('mixing tz-aware and naive spans is a positioned error', async () => {
    const f = `(spans-union ${hot} (spans-when (series "naive")))`;
    const e = await failure(f, rr);
    expect(e.code).toBe('tz_mismatch');
    expect(covered(f, e)).toBe('(spans-when (series "naive"))');
  });
});

describe('spans-stats', () => {
  it('per-span aggregates as a table (hand-computed)', async () => {
    const t = await table('(spans-stats (spans-when (> (series "temp") 80)) (series "temp"))');
    expect(t.columns).toEqual(['begin', 'end', 'duration', 'count', 'mean', 'min', 'max', 'first', 'last']);
    expect(t.tzaware).toBe(true);
    expect(t.rows).toEqual([
      // [1,3): 85, 90
      [T0 + MIN, T0 + 3 * MIN, 120, 2, 87.5, 85, 90, 85, 90],
      // [4,9): 81..85
      [T0 + 4 * MIN, T0 + 9 * MIN, 300, 5, 83, 81, 85, 81, 85],
    ]);
    expect(tableToJson(t, t.tzaware).rows[0]!.slice(0, 2)).toEqual([at(1), at(3)]);
  });

  it('another series over the spans; the open span; a string series', async () => {
    let t = await table('(spans-stats (spans-when (> (series "temp") 82)) (series "flow"))');
    // > 82 at minutes 1, 2, 6, 7, 8: [1,3) and [6,9); flow 1, 9 and 1, 1, 9
    expect(t.rows).toEqual([
      [T0 + MIN, T0 + 3 * MIN, 120, 2, 5, 1, 9, 1, 9],
      [T0 + 6 * MIN, T0 + 9 * MIN, 180, 3, 11 / 3, 1, 9, 1, 9],
    ]);
    // > 78 at 1, 2, 4..9: [1,3) and [4, open); flow 9, 1, 1, 1, 9, 9 from minute 4 on
    t = await table('(spans-stats (spans-when (> (series "temp") 78)) (series "flow"))');
    expect(t.rows[1]).toEqual([T0 + 4 * MIN, null, null, 6, 5, 1, 9, 9, 9]);
    const s = await table('(spans-stats (spans-when (> (series "temp") 80)) (series "state"))');
    expect(s.rows.map((r) => r.slice(3))).toEqual([
      [2, null, null, null, 'ON', 'ON'],
      [5, null, null, null, 'ON', 'ON'],
    ]);
  });

  it('no spans: an empty table', async () => {
    const t = await table('(spans-stats (spans-when (> (series "temp") 1000)) (series "temp"))');
    expect(t.rows).toEqual([]);
  });
});

describe('spans and table are checked value types', () => {
  const diag = (f: string) => {
    const p = parse(f);
    if (!p.ok) throw new Error(`does not parse: ${f}`);
    return check(p.ast, defaultRegistry());
  };

  it('the checker infers spans / table / bool / series', () => {
    expect(diag('(spans-when (> (series "temp") 80))').type).toEqual(['spans']);
    expect(diag('(spans-stats (spans-when (> (series "temp") 80)) (series "temp"))').type).toEqual(['table']);
    expect(diag('(> (series "temp") 80)').type).toEqual(['series']);
    expect(diag('(> 1 2)').type).toEqual(['bool']);
    expect(diag('(and #t #f)').type).toEqual(['bool']);
  });

  it('spans where a series is expected is a positioned type error, and the reverse', async () => {
    let f = '(+ 1 (spans-when (> (series "temp") 80)))';
    let e = await failure(f, rr);
    expect(e.code).toBe('type_mismatch');
    expect(covered(f, e)).toBe('(spans-when (> (series "temp") 80))');
    expect(e.message).toMatch(/expects number\|series, got spans/);
    f = '(spans-union (series "temp") (spans-when (> (series "temp") 80)))';
    e = await failure(f, rr);
    expect(e.code).toBe('type_mismatch');
    expect(covered(f, e)).toBe('(series "temp")');
    f = '(spans-stats (spans-when (> (series "temp") 80)) (spans-when (> (series "temp") 80)))';
    e = await failure(f, rr);
    expect(covered(f, e)).toBe('(spans-when (> (series "temp") 80))');
    expect(e.diagnostics[0]!.span.offset).toBeGreaterThan(20);
    f = '(spans-grow (spans-stats (spans-when (> (series "temp") 80)) (series "temp")) "1min")';
    e = await failure(f, rr);
    expect(e.message).toMatch(/expects spans, got table/);
  });

  it('bad choices and durations are caught before evaluation', async () => {
    let f = '(spans-grow (spans-when (> (series "temp") 80)) "1min" #:side "middle")';
    let e = await failure(f, rr);
    expect(e.code).toBe('bad_value');
    expect(covered(f, e)).toBe('"middle"');
    f = '(spans-shrink (spans-when (> (series "temp") 80)) "soon")';
    e = await failure(f, rr);
    expect(covered(f, e)).toBe('"soon"');
  });

  it('the JSON shape of a spans result', async () => {
    const res = await evaluate('(spans-when (> (series "temp") 80))', rr);
    if (res.kind !== 'spans') throw new Error('expected spans');
    expect(spansToJson(res, res.tzaware)).toEqual({
      spans: [
        { begin: at(1), end: at(3) },
        { begin: at(4), end: at(9) },
      ],
    });
  });
});
