import { describe, expect, it } from 'vitest';
import { daily, points, resolver, scalar, ts } from '../helpers.js';

const r = resolver({
  a: daily('2024-01-01', [1, 5, 3]),
  b: daily('2024-01-02', [5, 1]),
  s: ts([['2024-01-01T00:00:00Z', 'ON'], ['2024-01-02T00:00:00Z', 'OFF']]),
});
const d = (day: number) => `2024-01-0${day}T00:00:00Z`;

describe('comparisons: tshistory spellings and truth values', () => {
  it('== and <> are tshistory\'s names of = and !=', async () => {
    expect(await points('(== (series "a") 5)', r)).toEqual(await points('(= (series "a") 5)', r));
    expect(await points('(<> (series "a") (series "b"))', r)).toEqual([[d(1), 0], [d(2), 0], [d(3), 1]]);
    expect(await points('(== (series "s") "ON")', r)).toEqual([[d(1), 1], [d(2), 0]]);
    expect(await scalar('(== 2 2)')).toBe(true);
    expect(await scalar('(<> "x" "x")')).toBe(false);
  });
  it('#:true_value / #:false_value replace 1 / 0; a missing side gets the false value', async () => {
    expect(await points('(> (series "a") 2 #:true_value 10 #:false_value -1)', r)).toEqual([[d(1), -1], [d(2), 10], [d(3), 10]]);
    expect(await points('(< (series "a") (series "b") #:true_value 7)', r)).toEqual([[d(1), 0], [d(2), 0], [d(3), 0]]);
    expect(await points('(>= (series "a") (series "b") #:false_value 0.5)', r)).toEqual([[d(1), 0.5], [d(2), 1], [d(3), 1]]);
    // Positionally too, as tshistory's signature has them after the two operands.
    expect(await points('(<= (series "a") 3 -1 2)', r)).toEqual([[d(1), 2], [d(2), -1], [d(3), 2]]);
    expect(await scalar('(< 1 2 #:true_value 10)')).toBe(true);
  });
});
