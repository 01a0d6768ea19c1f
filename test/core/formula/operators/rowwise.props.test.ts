import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluate, MemoryResolver } from '../../../../core/formula/index.js';

const arbSeries = fc.uniqueArray(fc.integer({ min: 0, max: 30 }), { maxLength: 20 }).chain((ts) =>
  fc.array(fc.integer({ min: -9, max: 9 }), { minLength: ts.length, maxLength: ts.length }).map((vs) => ({ times: Float64Array.from([...ts].sort((a, b) => a - b)), values: Float64Array.from(vs) })),
);

/** Reference on the outer join: per timestamp, the present values (all of them when skipna is false). */
function reference(list: { times: Float64Array; values: Float64Array }[], weights: number[], op: string, skipna: boolean): [number, number][] {
  const all = [...new Set(list.flatMap((s) => [...s.times]))].sort((a, b) => a - b);
  const out: [number, number][] = [];
  for (const t of all) {
    const xs: [number, number][] = [];
    let missing = false;
    list.forEach((s, k) => {
      const i = s.times.indexOf(t);
      if (i >= 0) xs.push([s.values[i]!, weights[k]!]);
      else missing = true;
    });
    if ((missing && !skipna) || !xs.length) continue;
    const v = xs.map((x) => x[0]);
    let r: number;
    if (op === 'row-min') r = Math.min(...v);
    else if (op === 'row-max') r = Math.max(...v);
    else if (op === 'row-mean') r = xs.reduce((a, [x, w]) => a + x * w, 0) / xs.reduce((a, [, w]) => a + w, 0);
    else {
      if (v.length < 2) continue;
      const m = v.reduce((a, b) => a + b, 0) / v.length;
      r = Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / (v.length - 1));
    }
    out.push([t, r]);
  }
  return out;
}

describe('row-wise reductions', () => {
  it('match an outer-join reference for every reduction, weights and skipna', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(arbSeries, fc.integer({ min: 1, max: 3 })), { minLength: 1, maxLength: 4 }),
        fc.constantFrom('row-min', 'row-max', 'row-mean', 'std'),
        fc.boolean(),
        async (specs, op, skipna) => {
          const r = new MemoryResolver(Object.fromEntries(specs.map(([s], k) => [`s${k}`, { tzaware: false, valueType: 'float64' as const, ...s }])));
          const args = specs.map(([, w], k) => `(series "s${k}" #:weight ${w})`).join(' ');
          const res = await evaluate(`(${op} ${args} #:skipna ${skipna ? '#t' : '#f'})`, r);
          if (res.kind !== 'series') throw new Error('series expected');
          const got = [...res.series.times].map((t, i) => [t, (res.series.values as Float64Array)[i]!]);
          const want = reference(specs.map(([s]) => s), op === 'row-mean' ? specs.map(([, w]) => w) : specs.map(() => 1), op, skipna);
          expect(got.length).toBe(want.length);
          got.forEach(([t, v], i) => {
            expect(t).toBe(want[i]![0]);
            expect(v).toBeCloseTo(want[i]![1], 9);
          });
        },
      ),
      { numRuns: 300 },
    );
  });
});
