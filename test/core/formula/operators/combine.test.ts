import { describe, expect, it } from 'vitest';
import { covered, daily, failure, points, resolver, scalar, ts } from '../helpers.js';

// a: Jan 1..4, b: Jan 2..5 with a hole on Jan 4.
const r = resolver({
  a: daily('2024-01-01', [1, 2, 3, 4]),
  b: daily('2024-01-01', [null, 10, 20, null, 40]),
  c: daily('2024-01-01', [100, 100, 100, 100, 100]),
  n: daily('2024-01-01', [1, 2], false),
  n2: daily('2024-01-02', [5, 6], false),
  s: ts([['2024-01-01T00:00:00Z', 'x'], ['2024-01-03T00:00:00Z', 'y']]),
  s2: ts([['2024-01-02T00:00:00Z', 'z'], ['2024-01-03T00:00:00Z', 'w']]),
  empty: daily('2024-01-01', []),
});
const d = (day: number) => `2024-01-0${day}T00:00:00Z`;

describe('add', () => {
  it('sums on the union of timestamps; a timestamp where an input lacks a value yields no point', async () => {
    expect(await points('(add (series "a") (series "b"))', r)).toEqual([[d(2), 12], [d(3), 23]]);
  });
  it('fills with a number', async () => {
    expect(await points('(add (series "a" #:fill 0) (series "b" #:fill 0))', r)).toEqual([[d(1), 1], [d(2), 12], [d(3), 23], [d(4), 4], [d(5), 40]]);
    expect(await points('(add (series "a") (series "b" #:fill 0))', r)).toEqual([[d(1), 1], [d(2), 12], [d(3), 23], [d(4), 4]]);
  });
  it('fills forward, backward and both, with a limit', async () => {
    expect(await points('(add (series "a" #:fill "ffill") (series "b"))', r)).toEqual([[d(2), 12], [d(3), 23], [d(5), 44]]);
    expect(await points('(add (series "a") (series "b" #:fill "bfill"))', r)).toEqual([[d(1), 11], [d(2), 12], [d(3), 23], [d(4), 44]]);
    expect(await points('(add (series "a") (series "b" #:fill "ffill,bfill"))', r)).toEqual([[d(1), 11], [d(2), 12], [d(3), 23], [d(4), 24]]);
    expect(await points('(add (series "a" #:fill "ffill" #:limit 1) (series "c"))', r)).toEqual([[d(1), 101], [d(2), 102], [d(3), 103], [d(4), 104], [d(5), 104]]);
    expect(await points('(add (series "a" #:fill 0 #:limit 1) (series "b" #:fill 0 #:limit 1))', r)).toEqual([[d(1), 1], [d(2), 12], [d(3), 23], [d(5), 40]]);
  });
  it('handles three inputs and naive series', async () => {
    expect(await points('(add (series "a") (series "b") (series "c"))', r)).toEqual([[d(2), 112], [d(3), 123]]);
    expect(await points('(add (series "n") (series "n2"))', r)).toEqual([['2024-01-02T00:00:00', 7]]);
  });
  it('gives an empty result when an input without fill is empty', async () => {
    expect(await points('(add (series "a") (series "empty"))', r)).toEqual([]);
    expect(await points('(add (series "a") (series "empty" #:fill 0))', r)).toHaveLength(4);
  });
  it('refuses to mix naive and tz-aware series, pointing at the odd one', async () => {
    const f = '(add (series "a") (series "n"))';
    const e = await failure(f, r);
    expect(e.code).toBe('tz_mismatch');
    expect(covered(f, e)).toBe('(series "n")');
  });
  it('refuses string series', async () => {
    const f = '(add (series "a") (series "s"))';
    const e = await failure(f, r);
    expect(e.code).toBe('value_type');
    expect(covered(f, e)).toBe('(series "s")');
  });
});

describe('sub, mul, div', () => {
  it('sub subtracts aligned values', async () => {
    expect(await points('(sub (series "b") (series "a"))', r)).toEqual([[d(2), 8], [d(3), 17]]);
    expect(await points('(sub (series "b") (series "a" #:fill 0))', r)).toEqual([[d(2), 8], [d(3), 17], [d(5), 40]]);
  });
  it('mul multiplies', async () => {
    expect(await points('(mul (series "a") (series "b") (series "c"))', r)).toEqual([[d(2), 2000], [d(3), 6000]]);
    expect(await points('(mul (series "a") (series "b" #:fill 1))', r)).toEqual([[d(1), 1], [d(2), 20], [d(3), 60], [d(4), 4]]);
  });
  it('div divides, zero divisors give infinities as in pandas', async () => {
    const z = resolver({ a: daily('2024-01-01', [1, -1, 0]), z: daily('2024-01-01', [0, 0, 2]) });
    expect(await points('(div (series "a") (series "z"))', z)).toEqual([[d(1), Infinity], [d(2), -Infinity], [d(3), 0]]);
    expect(await points('(div (series "b") (series "a"))', r)).toEqual([[d(2), 5], [d(3), 20 / 3]]);
  });
});

describe('priority', () => {
  it('takes each timestamp from the first series that has it', async () => {
    expect(await points('(priority (series "b") (series "a"))', r)).toEqual([[d(1), 1], [d(2), 10], [d(3), 20], [d(4), 4], [d(5), 40]]);
    expect(await points('(priority (series "a") (series "b"))', r)).toEqual([[d(1), 1], [d(2), 2], [d(3), 3], [d(4), 4], [d(5), 40]]);
  });
  it('respects prune on a layer and fills', async () => {
    expect(await points('(priority (series "a" #:prune 2) (series "b"))', r)).toEqual([[d(1), 1], [d(2), 2], [d(3), 20], [d(5), 40]]);
    expect(await points('(priority (series "b" #:fill 0) (series "a"))', r)).toEqual([[d(1), 0], [d(2), 10], [d(3), 20], [d(4), 0], [d(5), 40]]);
  });
  it('layers string series', async () => {
    expect(await points('(priority (series "s") (series "s2"))', r)).toEqual([[d(1), 'x'], [d(2), 'z'], [d(3), 'y']]);
    expect((await failure('(priority (series "s") (series "a"))', r)).code).toBe('value_type');
  });
});

describe('row-min, row-max, row-mean, std (and min/max)', () => {
  it('row-min / row-max skip missing values unless #:skipna #f', async () => {
    expect(await points('(row-min (series "a") (series "b"))', r)).toEqual([[d(1), 1], [d(2), 2], [d(3), 3], [d(4), 4], [d(5), 40]]);
    expect(await points('(row-max (series "a") (series "b"))', r)).toEqual([[d(1), 1], [d(2), 10], [d(3), 20], [d(4), 4], [d(5), 40]]);
    expect(await points('(row-max (series "a") (series "b") #:skipna #f)', r)).toEqual([[d(2), 10], [d(3), 20]]);
  });
  it('min / max are the older names of the row-wise forms, and also work on scalars', async () => {
    expect(await points('(min (series "a") (series "b"))', r)).toEqual(await points('(row-min (series "a") (series "b"))', r));
    expect(await points('(max (series "a") (series "b"))', r)).toEqual(await points('(row-max (series "a") (series "b"))', r));
    expect(await scalar('(min 3 1 2)')).toBe(1);
    expect(await scalar('(max 3 nil 2)')).toBe(3);
    expect(await scalar('(max (date "2020-01-01") (date "2021-01-01"))')).toMatchObject({ us: Date.UTC(2021, 0, 1) * 1000 });
    expect(await scalar('(min nil)')).toBeNull();
  });
  it('row-mean weights series and treats a missing point as an absent series', async () => {
    expect(await points('(row-mean (series "a") (series "b" #:weight 3))', r)).toEqual([[d(1), 1], [d(2), 8], [d(3), 15.75], [d(4), 4], [d(5), 40]]);
    expect(await points('(row-mean (series "a") (series "b") #:skipna #f)', r)).toEqual([[d(2), 6], [d(3), 11.5]]);
  });
  it('std is the sample standard deviation; fewer than two values give no point', async () => {
    expect(await points('(std (series "a") (series "b"))', r)).toEqual([[d(2), Math.sqrt(32)], [d(3), Math.sqrt(144.5)]]);
  });
});
