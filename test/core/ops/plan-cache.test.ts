import { describe, expect, it } from 'vitest';
import { PlanCache } from '../../../core/ops/plan-cache.js';

describe('PlanCache', () => {
  it('builds a plan once per key and evicts the least recently used beyond its entry limit', () => {
    let built = 0;
    const cache = new PlanCache<{ n: number }>(2, 1000, () => 1);
    const make = (n: number) => () => ({ n: (built++, n) });
    const a = cache.get(1, make(1));
    expect(cache.get(1, make(1))).toBe(a);
    cache.get(2, make(2));
    cache.get(1, make(1)); // 1 is now the most recent
    cache.get(3, make(3)); // evicts 2
    expect(cache.keys()).toEqual([1, 3]);
    expect(built).toBe(3);
    expect(cache.get(1, make(1))).toBe(a);
  });

  it('keeps the total under its byte budget and does not retain a plan larger than the budget', () => {
    const cache = new PlanCache<{ size: number }>(10, 100, (p) => p.size);
    cache.get(1, () => ({ size: 40 }));
    cache.get(2, () => ({ size: 40 }));
    cache.get(3, () => ({ size: 40 })); // 120 > 100: the oldest goes
    expect(cache.keys()).toEqual([2, 3]);
    expect(cache.bytes).toBe(80);
    const huge = cache.get(4, () => ({ size: 500 }));
    expect(huge.size).toBe(500);
    expect(cache.keys()).toEqual([2, 3]);
    expect(cache.get(4, () => ({ size: 500 }))).not.toBe(huge);
  });
});
