import { describe, expect, it } from 'vitest';
import { SeriesBuilder } from '../../../core/ingest/builder.js';

describe('SeriesBuilder', () => {
  it('grows past its initial capacity and keeps sorted input as is', () => {
    const b = new SeriesBuilder('x', 'float64', false, 'last');
    for (let i = 0; i < 5000; i++) b.addNumber(i, i * 2, i + 1);
    const s = b.finish();
    expect(s.times.length).toBe(5000);
    expect(s.values[4999]).toBe(9998);
  });

  it('sorts unsorted input stably and applies the duplicate rule in file order', () => {
    for (const [policy, want] of [['last', ['c', 'b']], ['first', ['a', 'b']]] as const) {
      const b = new SeriesBuilder('x', 'string', true, policy);
      b.addString(2, 'b', 1);
      b.addString(1, 'a', 2);
      b.addString(1, 'c', 3);
      const s = b.finish();
      expect([...s.times]).toEqual([1, 2]);
      expect(s.values).toEqual(want);
      expect(b.duplicates).toBe(1);
    }
  });

  it('throws on a duplicate with policy error', () => {
    const b = new SeriesBuilder('x', 'float64', false, 'error');
    b.addNumber(2, 1, 1);
    b.addNumber(1, 1, 2);
    b.addNumber(1, 1, 3);
    expect(() => b.finish()).toThrow(/two values at 1970-01-01T00:00:00.000001/);
  });
});
