import { describe, expect, it } from 'vitest';
import { covered, daily, failure, points, resolver, ts } from '../helpers.js';

const hourly = (start: string, values: number[], tz = 'Z') =>
  ts(values.map((v, i) => [new Date(Date.parse(start + 'Z') + i * 3600_000).toISOString().slice(0, 19) + tz, v]));

describe('resample', () => {
  const r = resolver({
    h: hourly('2024-01-01T22:00:00', [1, 2, 3, 4, 5]), // 22h, 23h on Jan 1; 0h, 1h, 2h on Jan 2
    gap: daily('2024-01-01', [1, null, null, 4]),
    n: hourly('2024-01-01T22:00:00', [1, 2, 3], ''),
    m: daily('2024-01-30', [1, 2, 3, 4]), // Jan 30, 31, Feb 1, 2
  });
  it('aggregates into daily buckets labelled by their start (mean by default)', async () => {
    expect(await points('(resample (series "h") "D")', r)).toEqual([['2024-01-01T00:00:00Z', 1.5], ['2024-01-02T00:00:00Z', 4]]);
    expect(await points('(resample (series "h") "D" #:method "sum")', r)).toEqual([['2024-01-01T00:00:00Z', 3], ['2024-01-02T00:00:00Z', 12]]);
    expect(await points('(resample (series "h") "D" "last")', r)).toEqual([['2024-01-01T00:00:00Z', 2], ['2024-01-02T00:00:00Z', 5]]);
    expect(await points('(resample (series "n") "D" "max")', r)).toEqual([['2024-01-01T00:00:00', 2], ['2024-01-02T00:00:00', 3]]);
  });
  it('supports multiples of fixed frequencies and the other methods', async () => {
    expect(await points('(resample (series "h") "2H" "first")', r)).toEqual([['2024-01-01T22:00:00Z', 1], ['2024-01-02T00:00:00Z', 3], ['2024-01-02T02:00:00Z', 5]]);
    expect(await points('(resample (series "h") "D" "count")', r)).toEqual([['2024-01-01T00:00:00Z', 2], ['2024-01-02T00:00:00Z', 3]]);
    expect(await points('(resample (series "h") "D" "median")', r)).toEqual([['2024-01-01T00:00:00Z', 1.5], ['2024-01-02T00:00:00Z', 4]]);
    expect(await points('(resample (series "h") "D" "std")', r)).toEqual([['2024-01-01T00:00:00Z', Math.SQRT1_2], ['2024-01-02T00:00:00Z', 1]]);
    expect(await points('(resample (series "h") "D" "min")', r)).toEqual([['2024-01-01T00:00:00Z', 1], ['2024-01-02T00:00:00Z', 3]]);
  });
  it('gives no point for empty buckets, except 0 for sum and count', async () => {
    expect(await points('(resample (series "gap") "D")', r)).toEqual([['2024-01-01T00:00:00Z', 1], ['2024-01-04T00:00:00Z', 4]]);
    expect(await points('(resample (series "gap") "D" "sum")', r)).toEqual([
      ['2024-01-01T00:00:00Z', 1],
      ['2024-01-02T00:00:00Z', 0],
      ['2024-01-03T00:00:00Z', 0],
      ['2024-01-04T00:00:00Z', 4],
    ]);
  });
  it('labels calendar periods as pandas: MS by the first day, M by the last, W by the closing Sunday', async () => {
    expect(await points('(resample (series "m") "MS" "sum")', r)).toEqual([['2024-01-01T00:00:00Z', 3], ['2024-02-01T00:00:00Z', 7]]);
    expect(await points('(resample (series "m") "M" "sum")', r)).toEqual([['2024-01-31T00:00:00Z', 3], ['2024-02-29T00:00:00Z', 7]]);
    expect(await points('(resample (series "m") "YS" "sum")', r)).toEqual([['2024-01-01T00:00:00Z', 10]]);
    // 2024-02-04 is a Sunday: Jan 30 .. Feb 2 close on it.
    expect(await points('(resample (series "m") "W" "sum")', r)).toEqual([['2024-02-04T00:00:00Z', 10]]);
  });
  it('reads whole buckets at the window edges', async () => {
    const from = Date.parse('2024-01-01T23:00:00Z') * 1000;
    // The bucket labelled Jan 1 lies before `from` and is cut; Jan 2 is complete.
    expect(await points('(resample (series "h") "D")', r, { from })).toEqual([['2024-01-02T00:00:00Z', 4]]);
  });
  it('rejects a series where the frequency text is expected', async () => {
    const e = await failure('(resample (series "h") (options (series "h")))', r).catch((x) => x);
    expect(e.code).toBe('type_mismatch');
  });
});

describe('rolling', () => {
  const r = resolver({ a: daily('2024-01-01', [1, 2, 3, 4, 10]) });
  it('aggregates over the last `window` points; the first window-1 points give no value', async () => {
    expect(await points('(rolling (series "a") 2)', r)).toEqual([
      ['2024-01-02T00:00:00Z', 1.5],
      ['2024-01-03T00:00:00Z', 2.5],
      ['2024-01-04T00:00:00Z', 3.5],
      ['2024-01-05T00:00:00Z', 7],
    ]);
    expect((await points('(rolling (series "a") 3 #:method "max")', r)).map((p) => p[1])).toEqual([3, 4, 10]);
    expect((await points('(rolling (series "a") 3 "min")', r)).map((p) => p[1])).toEqual([1, 2, 3]);
    expect((await points('(rolling (series "a") 3 "sum")', r)).map((p) => p[1])).toEqual([6, 9, 17]);
    expect((await points('(rolling (series "a") 3 "median")', r)).map((p) => p[1])).toEqual([2, 3, 4]);
    expect((await points('(rolling (series "a") 2 "std")', r)).map((p) => p[1])).toEqual([Math.SQRT1_2, Math.SQRT1_2, Math.SQRT1_2, Math.sqrt(18)]);
    expect(await points('(rolling (series "a") 6)', r)).toEqual([]);
  });
  it('sliding min/max match a brute force on random data', async () => {
    const vals = Array.from({ length: 500 }, (_, i) => Math.sin(i * 7.3) * 100);
    const q = resolver({ x: daily('2020-01-01', vals) });
    for (const [w, m] of [[1, 'min'], [7, 'max'], [50, 'min'], [13, 'mean']] as const) {
      const got = (await points(`(rolling (series "x") ${w} "${m}")`, q)).map((p) => p[1] as number);
      const want = vals.slice(w - 1).map((_, i) => {
        const win = vals.slice(i, i + w);
        return m === 'min' ? Math.min(...win) : m === 'max' ? Math.max(...win) : win.reduce((s, x) => s + x, 0) / w;
      });
      got.forEach((g, i) => expect(g).toBeCloseTo(want[i]!, 9));
    }
  });
});

describe('cumsum', () => {
  it('accumulates and keeps naive series naive', async () => {
    const r = resolver({ a: daily('2024-01-01', [1, 2, 3], false) });
    expect(await points('(cumsum (series "a"))', r)).toEqual([
      ['2024-01-01T00:00:00', 1],
      ['2024-01-02T00:00:00', 3],
      ['2024-01-03T00:00:00', 6],
    ]);
  });
});

describe('rolling over a time window', () => {
  // Irregular points; the values pandas gives for s.rolling('2h').<method>() on them.
  const q = resolver({
    x: ts([['2024-01-01T00:00:00Z', 1], ['2024-01-01T01:00:00Z', 2], ['2024-01-01T03:00:00Z', 3], ['2024-01-01T03:30:00Z', 4], ['2024-01-01T07:00:00Z', 5]]),
    n: ts([['2024-01-01T00:00:00', 1], ['2024-01-01T01:00:00', 2], ['2024-01-01T03:00:00', 3]]),
  });
  const vals = async (f: string) => (await points(f, q)).map((p) => p[1]);
  it('holds the points in (t - window, t], every point getting a value (pandas offset windows)', async () => {
    expect(await vals('(rolling (series "x") "2h" "sum")')).toEqual([1, 3, 3, 7, 5]);
    expect(await vals('(rolling (series "x") "2h")')).toEqual([1, 1.5, 3, 3.5, 5]);
    expect(await vals('(rolling (series "x") "120min" "max")')).toEqual([1, 2, 3, 4, 5]);
    expect(await vals('(rolling (series "x") "PT2H" "min")')).toEqual([1, 1, 3, 3, 5]);
    expect(await vals('(rolling (series "x") "2H" "count")')).toEqual([1, 2, 1, 2, 1]);
    expect(await vals('(rolling (series "x") "2h" "median")')).toEqual([1, 1.5, 3, 3.5, 5]);
    // A single point has no sample standard deviation: those points are dropped.
    expect(await points('(rolling (series "x") "2h" "std")', q)).toEqual([['2024-01-01T01:00:00Z', Math.SQRT1_2], ['2024-01-01T03:30:00Z', Math.SQRT1_2]]);
    expect(await vals('(rolling (series "x") "1D" "sum")')).toEqual([1, 3, 6, 10, 15]);
    expect(await vals('(rolling (series "n") "90min" "sum")')).toEqual([1, 3, 3]);
  });
  it('refuses windows without a fixed length or that are not positive, at the argument', async () => {
    for (const [w, code] of [['"1M"', 'bad_value'], ['"bogus"', 'bad_value'], ['"0h"', 'bad_value'], ['0', 'bad_value'], ['-3', 'bad_value'], ['1.5', 'type_mismatch']]) {
      const f = `(rolling (series "x") ${w})`;
      const e = await failure(f, q);
      expect(e.code, w).toBe(code);
      expect(covered(f, e), w).toBe(w);
    }
  });
});

describe('cumprod', () => {
  it('multiplies cumulatively from the first point of the window, keeping the series options', async () => {
    const q = resolver({ g: daily('2024-01-01', [2, 3, -1, 0.5]) });
    expect((await points('(cumprod (series "g"))', q)).map((p) => p[1])).toEqual([2, 6, -6, -3]);
    expect((await points('(cumprod (series "g"))', q, { from: Date.UTC(2024, 0, 2) * 1000 })).map((p) => p[1])).toEqual([3, -3, -1.5]);
    const gaps = resolver({ g: daily('2024-01-01', [2, null, 3]), h: daily('2024-01-01', [null, 5]) });
    expect(await points('(add (cumprod (series "g" #:fill 0)) (series "h"))', gaps)).toEqual([['2024-01-02T00:00:00Z', 5]]);
  });
});

describe('upsampling (upsample, and resample with a filling method)', () => {
  const q = resolver({ x: ts([['2024-01-01T00:00:00Z', 1], ['2024-01-03T00:00:00Z', 3]]), n: ts([['2024-01-01T00:00:00', 5]]) });
  const vals = async (f: string) => (await points(f, q)).map((p) => p[1]);
  it('lays the series on the finer grid as pandas resample(...).<method>() does', async () => {
    expect(await vals('(upsample (series "x") "12h")')).toEqual([1, 1, 1, 1, 3]);
    expect(await vals('(upsample (series "x") "12h" "bfill")')).toEqual([1, 3, 3, 3, 3]);
    expect(await vals('(upsample (series "x") "12h" "asfreq")')).toEqual([1, 3]);
    expect(await vals('(upsample (series "x") "12h" "interpolate")')).toEqual([1, 1.5, 2, 2.5, 3]);
    expect(await vals('(upsample (series "x") "12h" "nearest")')).toEqual([1, 1, 3, 3, 3]);
    expect(await vals('(resample (series "x") "12h" #:method "ffill")')).toEqual([1, 1, 1, 1, 3]);
    expect((await points('(upsample (series "x") "1D")', q)).map((p) => p[0])).toEqual(['2024-01-01T00:00:00Z', '2024-01-02T00:00:00Z', '2024-01-03T00:00:00Z']);
  });
  it('#:origin_freq extends the grid to the end of the last input period', async () => {
    const p = await points('(upsample (series "x") "6h" #:origin_freq "D")', q);
    expect(p.map((x) => x[0].slice(5, 13))).toEqual(['01-01T00', '01-01T06', '01-01T12', '01-01T18', '01-02T00', '01-02T06', '01-02T12', '01-02T18', '01-03T00', '01-03T06', '01-03T12', '01-03T18']);
    expect(await vals('(upsample (series "n") "8h" #:origin_freq "D")')).toEqual([5, 5, 5]);
    expect((await points('(upsample (series "n") "8h" #:origin_freq "D")', q))[2]![0]).toBe('2024-01-01T16:00:00');
  });
  it('resample knows size and sem; bad methods and frequencies are positioned', async () => {
    expect(await vals('(resample (series "x") "D" "size")')).toEqual([1, 0, 1]);
    const h = resolver({ h: ts([['2024-01-01T00:00:00Z', 1], ['2024-01-01T06:00:00Z', 3], ['2024-01-01T12:00:00Z', 5]]) });
    expect((await points('(resample (series "h") "D" "sem")', h))[0]![1]).toBeCloseTo(2 / Math.sqrt(3), 12);
    for (const [f, at] of [['(upsample (series "x") "h" "mean")', '"mean"'], ['(upsample (series "x") "fortnight")', '"fortnight"'], ['(upsample (series "x") "h" #:origin_freq "zz")', '"zz"']]) {
      const e = await failure(f!, q);
      expect(e.code, f).toBe('bad_value');
      expect(covered(f!, e), f).toBe(at);
    }
  });
});
