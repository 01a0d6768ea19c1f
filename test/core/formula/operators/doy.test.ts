import { describe, expect, it } from 'vitest';
import { pointsFromWire } from '../../../../core/series/points.js';
import { covered, failure, points, resolver } from '../helpers.js';

const DAY = 86_400_000;
/** Daily series from `from` to `to` (inclusive), value f(date). */
function days(from: string, to: string, f: (iso: string) => number, aware = true) {
  const pts: [string, number][] = [];
  for (let t = Date.parse(from + 'T00:00:00Z'); t <= Date.parse(to + 'T00:00:00Z'); t += DAY) {
    const iso = new Date(t).toISOString().slice(0, 10);
    pts.push([iso + (aware ? 'T00:00:00Z' : 'T00:00:00'), f(iso)]);
  }
  return pointsFromWire(pts);
}
const year = (iso: string) => +iso.slice(0, 4);
const md = (iso: string) => +iso.slice(5, 7) * 100 + +iso.slice(8, 10);

describe('doy-agg', () => {
  const r = resolver({
    y: days('2020-01-01', '2022-12-31', (d) => year(d) - 2019),
    // Values that differ by month-day (to see the Feb 29 interpolation) and by year.
    v: days('2021-01-01', '2023-12-31', (d) => md(d) + (year(d) - 2021) * 1000),
    long: days('2019-01-01', '2023-12-31', (d) => md(d) + (year(d) - 2019) * 1000),
    hourly: pointsFromWire(
      Array.from({ length: 2 * 366 * 24 }, (_, h) => [new Date(Date.parse('2022-01-01T00:00:00Z') + h * 3600e3).toISOString().slice(0, 19) + 'Z', h % 24] as [string, number]),
    ),
  });
  it('aggregates each month-day over the depth years before, from first day + depth to last day + one year, naive daily', async () => {
    const p = await points('(doy-agg (series "y") 2)', r);
    expect(p).toHaveLength(730);
    expect(p[0]).toEqual(['2022-01-01T00:00:00', 1.5]);
    expect(p[364]).toEqual(['2022-12-31T00:00:00', 1.5]);
    expect(p[365]).toEqual(['2023-01-01T00:00:00', 2.5]);
    expect(p[729]).toEqual(['2023-12-31T00:00:00', 2.5]);
    expect((await points('(doy-agg (series "y") 2 "max")', r))[0]![1]).toBe(2);
    expect((await points('(doy-agg (series "y") 2 #:method "count")', r))[0]![1]).toBe(2);
    // A naive input gives the same profile.
    const naive = resolver({ y: days('2020-01-01', '2022-12-31', (d) => year(d) - 2019, false) });
    expect(await points('(doy-agg (series "y") 2)', naive)).toEqual(p);
  });
  it('leap day: linear interpolation between Feb 28 and Mar 1, ignore, or as_is from past leap days', async () => {
    const linear = await points('(doy-agg (series "v") 2)', r);
    const at = (p: typeof linear, day: string) => p.find((x) => x[0] === day + 'T00:00:00')?.[1];
    // 2024 from 2022 and 2023: Feb 28 = 228 + 1500, Mar 1 = 301 + 1500.
    expect(at(linear, '2024-02-28')).toBe(1728);
    expect(at(linear, '2024-03-01')).toBe(1801);
    expect(at(linear, '2024-02-29')).toBe((1728 + 1801) / 2);
    expect(at(await points('(doy-agg (series "v") 2 #:leap_day_rule "ignore")', r), '2024-02-29')).toBeUndefined();
    // as_is: Feb 29 2024 from past Feb 29ths over 2020-2023 — only 2020's, one value for depth 4.
    expect(at(await points('(doy-agg (series "long") 4 #:leap_day_rule "as_is")', r), '2024-02-29')).toBeUndefined();
    expect(at(await points('(doy-agg (series "long") 4 #:leap_day_rule "as_is" #:valid_aggr_ratio 0.)', r), '2024-02-29')).toBe(229 + 1000);
  });
  it('valid_aggr_ratio drops days with too few past values', async () => {
    // 2021 missing: every day has one value in two years, 1/2 < 1 unless the ratio is lowered.
    const gap = resolver({ g: pointsFromWire([...days('2020-01-01', '2020-12-31', () => 1).times].map((t) => [new Date(t / 1000).toISOString().slice(0, 19) + 'Z', 1] as [string, number]).concat([...days('2022-01-01', '2022-12-31', () => 3).times].map((t) => [new Date(t / 1000).toISOString().slice(0, 19) + 'Z', 3]))) });
    expect(await points('(doy-agg (series "g") 2)', gap)).toEqual([]);
    const p = await points('(doy-agg (series "g") 2 #:valid_aggr_ratio 0.5)', gap);
    expect(p[0]).toEqual(['2022-01-01T00:00:00', 1]);
    expect(p[p.length - 1]).toEqual(['2023-12-31T00:00:00', 3]);
  });
  it('every point of a day counts (hourly input), and the inputs are read over the shifted window', async () => {
    const p = await points('(doy-agg (series "hourly") 1)', r);
    expect(p[0]).toEqual(['2023-01-01T00:00:00', 11.5]);
    const w = await points('(doy-agg (series "y") 2)', r, { from: Date.UTC(2023, 5, 1) * 1000, to: Date.UTC(2023, 5, 30) * 1000 });
    expect(w).toHaveLength(30);
    expect(new Set(w.map((x) => x[1]))).toEqual(new Set([2.5]));
  });
  it('an input too short for the depth gives an empty series; bad arguments are positioned', async () => {
    expect(await points('(doy-agg (series "y") 5)', r)).toEqual([]);
    for (const [f, at] of [['(doy-agg (series "y") 0)', '0'], ['(doy-agg (series "y") 2 "mode")', '"mode"'], ['(doy-agg (series "y") 2 #:leap_day_rule "skip")', '"skip"']]) {
      const e = await failure(f!, r);
      expect(e.code, f).toBe('bad_value');
      expect(covered(f!, e), f).toBe(at);
    }
  });
});
