import { describe, expect, it } from 'vitest';
import { roundHalfEven } from '../../../../core/formula/operators/arith.js';
import { covered, daily, failure, points, resolver, scalar } from '../helpers.js';

const r = resolver({ a: daily('2024-01-01', [1, -2, 3.5]), n: daily('2024-01-01', [1, 2], false), b: daily('2024-01-02', [10]) });
const d = (day: number) => `2024-01-0${day}T00:00:00Z`;

describe('+ * / **', () => {
  it('apply a number to every point, keep naive series naive', async () => {
    expect(await points('(+ 42 (series "a"))', r)).toEqual([[d(1), 43], [d(2), 40], [d(3), 45.5]]);
    expect(await points('(+ (series "a") 1)', r)).toEqual([[d(1), 2], [d(2), -1], [d(3), 4.5]]);
    expect(await points('(* -1 (series "a"))', r)).toEqual([[d(1), -1], [d(2), 2], [d(3), -3.5]]);
    expect(await points('(/ (series "a") 2)', r)).toEqual([[d(1), 0.5], [d(2), -1], [d(3), 1.75]]);
    expect(await points('(** (series "a") 2)', r)).toEqual([[d(1), 1], [d(2), 4], [d(3), 12.25]]);
    expect(await points('(* 2 (series "n"))', r)).toEqual([['2024-01-01T00:00:00', 2], ['2024-01-02T00:00:00', 4]]);
  });
  it('take their arguments by tshistory\'s parameter names too', async () => {
    expect(await points('(+ #:num 1 #:num_or_series (series "a"))', r)).toEqual(await points('(+ 1 (series "a"))', r));
    expect(await points('(/ #:num_or_series (series "a") #:num 2)', r)).toEqual(await points('(/ (series "a") 2)', r));
    expect(await points('(** #:series (series "a") #:num 2)', r)).toEqual(await points('(** (series "a") 2)', r));
  });
  it('drop points that are not numbers (fractional power of a negative)', async () => {
    expect(await points('(** (series "a") 0.5)', r)).toEqual([[d(1), 1], [d(3), Math.sqrt(3.5)]]);
  });
  it('compute on numbers', async () => {
    expect(await scalar('(+ 1 2)')).toBe(3);
    expect(await scalar('(* 2.5 2)')).toBe(5);
    expect(await scalar('(/ 3 2)')).toBe(1.5);
  });
  it('keep the series options (fill survives a scalar op)', async () => {
    expect(await points('(add (* 2 (series "a" #:fill 0)) (series "b"))', r)).toEqual([[d(2), 6]]);
    expect(await points('(add (series "b") (* 2 (series "a")))', r)).toEqual([[d(2), 6]]);
    expect(await points('(add (series "b" #:fill 0) (* 2 (series "a" #:fill 0)))', r)).toEqual([[d(1), 2], [d(2), 6], [d(3), 7]]);
  });
});

describe('abs, round, clip', () => {
  it('abs', async () => {
    expect(await points('(abs (series "a"))', r)).toEqual([[d(1), 1], [d(2), 2], [d(3), 3.5]]);
  });
  it('round halves to even like pandas, decimals positional or keyword', async () => {
    expect(await points('(round (series "a"))', r)).toEqual([[d(1), 1], [d(2), -2], [d(3), 4]]);
    const q = resolver({ x: daily('2024-01-01', [2.5, 0.125, 1234.5678]) });
    expect(await points('(round (series "x") #:decimals 2)', q)).toEqual([[d(1), 2.5], [d(2), 0.12], [d(3), 1234.57]]);
    expect(await points('(round (series "x") -2)', q)).toEqual([[d(1), 0], [d(2), 0], [d(3), 1200]]);
    expect(roundHalfEven(0.5, 0)).toBe(0);
    expect(roundHalfEven(1.5, 0)).toBe(2);
    expect(roundHalfEven(-2.5, 0)).toBe(-2);
  });
  it('clip drops out-of-bounds points or replaces them', async () => {
    expect(await points('(clip (series "a") #:min 0)', r)).toEqual([[d(1), 1], [d(3), 3.5]]);
    expect(await points('(clip (series "a") #:max 2)', r)).toEqual([[d(1), 1], [d(2), -2]]);
    expect(await points('(clip (series "a") #:min 0 #:max 2 #:replacemin #t #:replacemax #t)', r)).toEqual([[d(1), 1], [d(2), 0], [d(3), 2]]);
    expect(await points('(clip (series "a"))', r)).toHaveLength(3);
  });
  it('reject string series at the argument', async () => {
    const s = resolver({ s: { tzaware: true, valueType: 'string', times: Float64Array.of(0), values: ['x'] } });
    const f = '(abs (series "s"))';
    const e = await failure(f, s);
    expect(e.code).toBe('value_type');
    expect(covered(f, e)).toBe('(series "s")');
  });
});
