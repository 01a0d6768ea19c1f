import { describe, expect, it } from 'vitest';
import { pointsFromWire, pointsToWire } from '../../../core/series/index.js';
import { StrataError } from '../../../core/base/index.js';

function err(fn: () => unknown): StrataError {
  try {
    fn();
  } catch (e) {
    return e as StrataError;
  }
  throw new Error('expected an error');
}

describe('wire points', () => {
  it('reads [[ts, value], ...] and {"points": [...]}, numbers and strings, null as a deletion', () => {
    const s = pointsFromWire([['2024-01-01T00:00:00Z', 1], ['2024-01-02T00:00:00Z', null]]);
    expect(s.valueType).toBe('float64');
    expect(s.tzaware).toBe(true);
    expect(Array.from(s.values as Float64Array)).toEqual([1, NaN]);
    const t = pointsFromWire({ points: [['2024-01-01', 'on']] });
    expect(t.valueType).toBe('string');
    expect(t.tzaware).toBe(false);
    expect(pointsToWire(s)).toEqual([['2024-01-01T00:00:00Z', 1], ['2024-01-02T00:00:00Z', null]]);
  });

  it('sorts points given out of order', () => {
    const s = pointsFromWire([['2024-01-03', 3], ['2024-01-01', 1], ['2024-01-02', 2]]);
    expect(pointsToWire(s)).toEqual([['2024-01-01T00:00:00', 1], ['2024-01-02T00:00:00', 2], ['2024-01-03T00:00:00', 3]]);
  });

  it('rejects duplicates, naming both points', () => {
    const e = err(() => pointsFromWire([['2024-01-02', 1], ['2024-01-01', 2], ['2024-01-02T00:00:00.000', 3]], { source: 'f.json' }));
    expect(e.code).toBe('duplicate_timestamp');
    expect(e.message).toBe('f.json: points[0] and points[2] have the same timestamp 2024-01-02T00:00:00');
  });

  it('rejects mixed naive and tz-aware timestamps', () => {
    const e = err(() => pointsFromWire([['2024-01-01', 1], ['2024-01-02Z', 2]]));
    expect(e.code).toBe('tz_mismatch');
    expect(e.message).toMatch(/points\[1\].*mixed with naive points\[0\]/);
  });

  it('rejects mixed value types, bad shapes and bad values with their position', () => {
    expect(err(() => pointsFromWire([['2024-01-01', 1], ['2024-01-02', 'x']])).code).toBe('value_type_mismatch');
    expect(err(() => pointsFromWire([['2024-01-01', 1]], { valueType: 'string' })).code).toBe('value_type_mismatch');
    expect(err(() => pointsFromWire({ nope: 1 })).message).toMatch(/expected a JSON array/);
    expect(err(() => pointsFromWire([['2024-01-01', 1, 2]])).message).toMatch(/points\[0\]: expected \[timestamp, value\]/);
    expect(err(() => pointsFromWire([[20240101, 1]])).code).toBe('bad_timestamp');
    expect(err(() => pointsFromWire([['2024-01-01', true]])).message).toMatch(/points\[0\]: value must be a number/);
    expect(err(() => pointsFromWire([['2024-01-01', 1], ['2024-02-31', 1]])).message).toMatch(/points\[1\]: invalid timestamp/);
  });
});
