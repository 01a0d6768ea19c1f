import { describe, expect, it } from 'vitest';
import { MemoryResolver } from '../../../../core/formula/index.js';
import { covered, daily, failure, points, resolver } from '../helpers.js';

const us = (iso: string) => Date.parse(iso) * 1000;

describe('series', () => {
  const r = resolver({ a: daily('2024-01-01', [1, 2, 3, 4]) });
  it('accepts tshistory\'s #:keepnans (stored states hold no missing value, so the points are the same)', async () => {
    expect(await points('(series "a" #:keepnans #t)', r)).toEqual(await points('(series "a")', r));
  });
  it('reads within the value-date window', async () => {
    expect(await points('(series "a")', r, { from: us('2024-01-02T00:00:00Z'), to: us('2024-01-03T00:00:00Z') })).toEqual([
      ['2024-01-02T00:00:00Z', 2],
      ['2024-01-03T00:00:00Z', 3],
    ]);
  });
  it('prunes points from the tail end', async () => {
    expect(await points('(series "a" #:prune 3)', r)).toEqual([['2024-01-01T00:00:00Z', 1]]);
    expect(await points('(series "a" #:prune 9)', r)).toEqual([]);
    expect(await points('(series "a" #:prune 0)', r)).toHaveLength(4);
  });
  it('fails at the name of a series that does not exist', async () => {
    const f = '(add (series "a") (series "nope"))';
    const e = await failure(f, r);
    expect(e.code).toBe('unknown_series');
    expect(covered(f, e)).toBe('"nope"');
    expect(e.message).toMatch(/^1:27: series: unknown series "nope"/);
  });
  it('names like __proto__ are ordinary unknown series', async () => {
    expect((await failure('(series "__proto__")', r)).code).toBe('unknown_series');
    expect((await failure('(series "constructor")', r)).code).toBe('unknown_series');
  });
});

describe('options', () => {
  it('attaches fill and weight to any series expression', async () => {
    const r = resolver({ a: daily('2024-01-01', [1, 2]), b: daily('2024-01-02', [10, 20]) });
    expect(await points('(add (options (* 2 (series "a")) #:fill 0) (series "b"))', r)).toEqual([
      ['2024-01-02T00:00:00Z', 14],
      ['2024-01-03T00:00:00Z', 20],
    ]);
    expect(await points('(row-mean (options (series "a") #:weight 3) (series "b"))', r)).toEqual([
      ['2024-01-01T00:00:00Z', 1],
      ['2024-01-02T00:00:00Z', 4],
      ['2024-01-03T00:00:00Z', 20],
    ]);
  });
});

describe('constant', () => {
  const f = '(constant 42.5 (date "2024-01-01") (date "2024-01-03") "D" (date "2023-06-01"))';
  it('produces a constant daily tz-aware series over the horizon', async () => {
    expect(await points(f, new MemoryResolver())).toEqual([
      ['2024-01-01T00:00:00Z', 42.5],
      ['2024-01-02T00:00:00Z', 42.5],
      ['2024-01-03T00:00:00Z', 42.5],
    ]);
  });
  it('does not exist before its revision date and honours the window', async () => {
    expect(await points(f, new MemoryResolver(), { revisionDate: us('2023-01-01T00:00:00Z') })).toEqual([]);
    expect(await points(f, new MemoryResolver(), { revisionDate: us('2023-07-01T00:00:00Z'), from: us('2024-01-02T00:00:00Z') })).toHaveLength(2);
  });
  it('supports calendar frequencies', async () => {
    expect(await points('(constant 1 "2024-01-15" "2024-04-01" "MS" "2020-01-01")', new MemoryResolver())).toEqual([
      ['2024-02-01T00:00:00Z', 1],
      ['2024-03-01T00:00:00Z', 1],
      ['2024-04-01T00:00:00Z', 1],
    ]);
  });
});

describe('asof', () => {
  const r = new MemoryResolver()
    .addVersion('f', us('2024-01-01T00:00:00Z'), daily('2024-02-01', [1, 1]))
    .addVersion('f', us('2024-01-10T00:00:00Z'), daily('2024-02-01', [2, 2, 2]))
    .addVersion('g', us('2024-01-01T00:00:00Z'), daily('2024-02-01', [100, 100, 100]));
  it('reads its series as of the given revision date', async () => {
    expect(await points('(asof (date "2024-01-05") (series "f"))', r)).toEqual([
      ['2024-02-01T00:00:00Z', 1],
      ['2024-02-02T00:00:00Z', 1],
    ]);
    expect(await points('(series "f")', r)).toHaveLength(3);
    expect(await points('(asof "2023-01-01" (series "f"))', r)).toEqual([]);
  });
  it('compares a series with an earlier version of itself', async () => {
    expect(await points('(sub (series "f") (asof (timedelta (today) #:days -7) (series "f")))', r, { now: us('2024-01-12T00:00:00Z') })).toEqual([
      ['2024-02-01T00:00:00Z', 1],
      ['2024-02-02T00:00:00Z', 1],
    ]);
  });
  it('today inside asof follows the outer revision date', async () => {
    expect(await points('(asof (timedelta (today) #:days -5) (series "f"))', r, { revisionDate: us('2024-01-12T00:00:00Z') })).toHaveLength(2);
  });
});
