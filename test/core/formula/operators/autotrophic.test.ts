import { describe, expect, it } from 'vitest';
import { dependencies, defaultRegistry, parse } from '../../../../core/formula/index.js';
import { MemoryResolver } from '../../../../core/formula/resolver.js';
import type { TimeSeries } from '../../../../core/series/series.js';
import { covered, daily, failure, points, resolver, ts } from '../helpers.js';

const us = (iso: string) => Date.parse(iso) * 1000;
const d = (day: number) => `2024-01-0${day}T00:00:00Z`;

describe('integration', () => {
  const r = resolver({
    stock: daily('2024-01-01', [100, 110, 120]),
    flow: daily('2024-01-01', [null, 1, 1, 2, 3, 4]),
    holed: daily('2024-01-01', [100, null, null, 200]),
    flow2: daily('2024-01-01', [null, 1, 2, 5, 3]),
    empty: daily('2024-01-01', []),
    naive: daily('2024-01-01', [1, 2], false),
    text: ts([['2024-01-01T00:00:00Z', 'x']]),
  });
  it('continues the stock after its last point with the running sum of the flow', async () => {
    expect(await points('(integration "stock" "flow")', r)).toEqual([[d(1), 100], [d(2), 110], [d(3), 120], [d(4), 122], [d(5), 125], [d(6), 129]]);
  });
  it('finds the base stock value before the value window', async () => {
    expect(await points('(integration "stock" "flow")', r, { from: us(d(5)) })).toEqual([[d(5), 125], [d(6), 129]]);
    expect(await points('(integration "stock" "flow")', r, { to: us(d(4)) })).toEqual([[d(1), 100], [d(2), 110], [d(3), 120], [d(4), 122]]);
  });
  it('with #:fill also integrates the flow across holes between stock points; a stock point wins', async () => {
    expect(await points('(integration "holed" "flow2")', r)).toEqual([[d(1), 100], [d(4), 200], [d(5), 203]]);
    expect(await points('(integration "holed" "flow2" #:fill #t)', r)).toEqual([[d(1), 100], [d(2), 101], [d(3), 103], [d(4), 200], [d(5), 203]]);
    expect(await points('(integration "holed" "flow2" #t)', r, { from: us(d(3)) })).toEqual([[d(3), 103], [d(4), 200], [d(5), 203]]);
  });
  it('reads both inputs at the revision date', async () => {
    const v = new MemoryResolver();
    v.addVersion('s', us('2024-01-01T12:00:00Z'), daily('2024-01-01', [10]));
    v.addVersion('s', us('2024-01-03T12:00:00Z'), daily('2024-01-01', [10, null, 50]));
    v.addVersion('f', us('2024-01-01T12:00:00Z'), daily('2024-01-02', [1, 1, 1]));
    expect(await points('(integration "s" "f")', v, { revisionDate: us('2024-01-02T00:00:00Z') })).toEqual([[d(1), 10], [d(2), 11], [d(3), 12], [d(4), 13]]);
    expect(await points('(integration "s" "f")', v)).toEqual([[d(1), 10], [d(3), 50], [d(4), 51]]);
  });
  it('works on naive series alike', async () => {
    const n = resolver({ s: daily('2024-01-01', [5], false), f: daily('2024-01-02', [1, 1], false) });
    expect(await points('(integration "s" "f")', n)).toEqual([['2024-01-01T00:00:00', 5], ['2024-01-02T00:00:00', 6], ['2024-01-03T00:00:00', 7]]);
  });
  it('an empty stock gives an empty series; names are dependencies; bad inputs are positioned errors', async () => {
    expect(await points('(integration "empty" "flow")', r)).toEqual([]);
    const p = parse('(integration "stock" "flow")');
    expect(p.ok && dependencies(p.ast, defaultRegistry()).sort()).toEqual(['flow', 'stock']);
    for (const [f, code, at] of [
      ['(integration "nope" "flow")', 'unknown_series', '"nope"'],
      ['(integration "stock" "text")', 'value_type', '"text"'],
      ['(integration "stock" "naive")', 'tz_mismatch', '"naive"'],
    ] as const) {
      const e = await failure(f, r);
      expect(e.code, f).toBe(code);
      expect(covered(f, e), f).toBe(at);
    }
  });
});

describe('block-staircase', () => {
  // A 48-hour hourly forecast issued every day at 09:00 UTC; the forecast issued on day k holds the value 100·k
  // for days k+1 and k+2 (later issues overwrite the overlapping day).
  const fc = new MemoryResolver();
  let state = new Map<number, number>();
  for (let k = 1; k <= 5; k++) {
    const start = us(`2024-01-0${k + 1}T00:00:00Z`);
    for (let h = 0; h < 48; h++) state.set(start + h * 3600e6, 100 * k);
    state = new Map([...state].sort((a, b) => a[0] - b[0]));
    const s: TimeSeries = { tzaware: true, valueType: 'float64', times: Float64Array.from(state.keys()), values: Float64Array.from(state.values()) };
    fc.addVersion('fc', us(`2024-01-0${k}T09:00:00Z`), s);
  }
  const perDay = async (f: string, opts = {}) => {
    const pts = await points(f, fc, { from: us('2024-01-03T00:00:00Z'), to: us('2024-01-05T23:00:00Z'), ...opts });
    const byDay = new Map<string, Set<number>>();
    for (const [t, v] of pts) byDay.set(t.slice(0, 10), (byDay.get(t.slice(0, 10)) ?? new Set()).add(v as number));
    return { n: pts.length, days: Object.fromEntries([...byDay].map(([k, v]) => [k, [...v]])) };
  };
  const dayAhead = '(block-staircase "fc" #:revision_freq_days 1 #:revision_time_hour 9 #:maturity_offset_days 1 #:maturity_time_hour 0';
  it('takes each day from the revision made the day before at the revision time', async () => {
    expect(await perDay(`${dayAhead})`)).toEqual({ n: 72, days: { '2024-01-03': [200], '2024-01-04': [300], '2024-01-05': [400] } });
  });
  it('a revision before the day\'s issue sees the previous one; revision_tz moves the revision instant', async () => {
    expect(await perDay('(block-staircase "fc" #:revision_time_hour 8 #:maturity_offset_days 1 #:maturity_time_hour 0)')).toEqual({ n: 72, days: { '2024-01-03': [100], '2024-01-04': [200], '2024-01-05': [300] } });
    // 09:00 in Brussels is 08:00 UTC in January, before the 09:00 UTC issue; blocks start at Brussels
    // midnight, 23:00 UTC: each UTC day gets its last hour from the next block.
    expect(await perDay(`${dayAhead} #:revision_tz "Europe/Brussels")`)).toEqual({ n: 72, days: { '2024-01-03': [100, 200], '2024-01-04': [200, 300], '2024-01-05': [300, 400] } });
    const pts = await points(`${dayAhead} #:revision_tz "Europe/Brussels")`, fc, { from: us('2024-01-03T22:00:00Z'), to: us('2024-01-03T23:00:00Z') });
    expect(pts).toEqual([['2024-01-03T22:00:00Z', 100], ['2024-01-03T23:00:00Z', 200]]);
    // Two days ahead: day k+2 from the issue of day k.
    expect(await perDay('(block-staircase "fc" #:revision_time_hour 10 #:maturity_offset_days 2 #:maturity_time_hour 0)')).toEqual({ n: 72, days: { '2024-01-03': [100], '2024-01-04': [200], '2024-01-05': [300] } });
  });
  it('blocks start at revision + maturity offset; what was not known at a revision gives no point', async () => {
    // Revisions at 08:00, blocks [D 08:00, D+1 08:00): the block holding Jan 3 00:00-07:00 is the revision of
    // Jan 1 08:00, before any issue.
    const pts = await points('(block-staircase "fc" #:revision_time_hour 8 #:maturity_offset_days 1)', fc, { from: us('2024-01-03T00:00:00Z'), to: us('2024-01-05T23:00:00Z') });
    // Each block's next-day morning was not forecast by its revision (an issue covers two whole days).
    expect(pts).toHaveLength(48);
    expect(pts[0]).toEqual(['2024-01-03T08:00:00Z', 100]);
    expect(pts.find((p) => p[0] === '2024-01-04T07:00:00Z')).toBeUndefined();
    expect(pts.find((p) => p[0] === '2024-01-04T08:00:00Z')![1]).toBe(200);
  });
  it('never reads past the query\'s revision date', async () => {
    expect(await perDay(`${dayAhead})`, { revisionDate: us('2024-01-03T10:00:00Z') })).toEqual({ n: 72, days: { '2024-01-03': [200], '2024-01-04': [300], '2024-01-05': [300] } });
  });
  it('covers the series\' span when the query has no window; refuses bad fields at the keyword', async () => {
    const all = await points(`${dayAhead})`, fc);
    expect(all[0]![0]).toBe('2024-01-02T00:00:00Z');
    expect(all).toHaveLength(6 * 24);
    const f = '(block-staircase "fc" #:revision_time_hour 25)';
    const e = await failure(f, fc);
    expect(e.code).toBe('bad_value');
    expect(covered(f, e)).toBe('25');
    expect((await failure('(block-staircase "fc" #:revision_tz "Mars/Base")', fc)).code).toBe('bad_value');
    expect((await failure('(block-staircase "nope")', fc)).code).toBe('unknown_series');
  });
  it('a naive series: block bounds are wall-clock readings in revision_tz, revisions are instants', async () => {
    const n = new MemoryResolver();
    for (let k = 1; k <= 3; k++) {
      const start = us(`2024-01-0${k + 1}T00:00:00Z`);
      n.addVersion('fcn', us(`2024-01-0${k}T09:00:00Z`), { tzaware: false, valueType: 'float64', times: Float64Array.from({ length: 48 }, (_, h) => start + h * 3600e6), values: new Float64Array(48).fill(100 * k) });
    }
    const pts = await points(`${dayAhead})`.replace('"fc"', '"fcn"'), n, { from: us('2024-01-03T00:00:00Z'), to: us('2024-01-03T23:00:00Z') });
    expect(pts).toHaveLength(24);
    expect(pts[0]).toEqual(['2024-01-03T00:00:00', 200]);
    // In Brussels the 09:00 revision is 08:00 UTC, before the issue: the day comes from the day before's.
    const bx = await points(`${dayAhead} #:revision_tz "Europe/Brussels")`.replace('"fc"', '"fcn"'), n, { from: us('2024-01-03T00:00:00Z'), to: us('2024-01-03T23:00:00Z') });
    expect(new Set(bx.map((p) => p[1]))).toEqual(new Set([100]));
    expect(bx[0]![0]).toBe('2024-01-03T00:00:00');
  });
  it('works on string series', async () => {
    const s = new MemoryResolver();
    s.addVersion('state', us('2024-01-01T09:00:00Z'), ts([['2024-01-02T00:00:00Z', 'planned'], ['2024-01-03T00:00:00Z', 'planned']]));
    s.addVersion('state', us('2024-01-02T09:00:00Z'), ts([['2024-01-02T00:00:00Z', 'planned'], ['2024-01-03T00:00:00Z', 'cancelled']]));
    expect(await points(`${dayAhead})`.replace('"fc"', '"state"'), s)).toEqual([['2024-01-02T00:00:00Z', 'planned'], ['2024-01-03T00:00:00Z', 'cancelled']]);
  });
  it('weekly revisions on a weekday and business-day offsets', async () => {
    // 2024-01-01 is a Monday: a revision every Monday 09:00 (weekday 0) supplying the next business day on.
    const w = await points('(block-staircase "fc" #:revision_freq_weeks 1 #:revision_time_weekday 0 #:revision_time_hour 9 #:maturity_offset_bdays 1 #:maturity_time_hour 0)', fc);
    expect(new Set(w.map((p) => p[1]))).toEqual(new Set([100]));
    expect(w[0]![0]).toBe('2024-01-02T00:00:00Z');
  });
});

describe('holidays', () => {
  const none = resolver({});
  it('gives the public holidays of a country, one point of 1 per holiday day at midnight UTC', async () => {
    const fr = await points('(holidays "fr" (date "2024-01-01") (date "2024-12-31"))', none);
    expect(fr.map((p) => p[0].slice(0, 10))).toEqual(['2024-01-01', '2024-04-01', '2024-05-01', '2024-05-08', '2024-05-09', '2024-05-20', '2024-07-14', '2024-08-15', '2024-11-01', '2024-11-11', '2024-12-25']);
    expect(new Set(fr.map((p) => p[1]))).toEqual(new Set([1]));
    expect(fr[0]![0]).toBe('2024-01-01T00:00:00Z');
  });
  it('naive timestamps, regions, the horizon and the query window', async () => {
    expect((await points('(holidays "fr" "2024-07-01" "2024-08-31" #:naive #t)', none)).map((p) => p[0])).toEqual(['2024-07-14T00:00:00', '2024-08-15T00:00:00']);
    const de = (await points('(holidays "de" "2024-01-01" "2024-01-31")', none)).map((p) => p[0].slice(0, 10));
    const by = (await points('(holidays "de-by" "2024-01-01" "2024-01-31")', none)).map((p) => p[0].slice(0, 10));
    expect(de).toEqual(['2024-01-01']);
    expect(by).toEqual(['2024-01-01', '2024-01-06']);
    expect((await points('(holidays "be" "2023-01-01" "2025-12-31")', none, { from: us('2024-12-01T00:00:00Z'), to: us('2025-01-31T00:00:00Z') })).map((p) => p[0].slice(0, 10))).toEqual(['2024-12-25', '2025-01-01']);
  });
  it('an unknown country is a positioned error', async () => {
    const f = '(holidays "zz" "2024-01-01" "2024-12-31")';
    const e = await failure(f, none);
    expect(e.code).toBe('bad_value');
    expect(covered(f, e)).toBe('"zz"');
  });
});
