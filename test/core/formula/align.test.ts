import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { align, combineNumeric, compact, type CombineOp } from '../../../core/formula/align.js';
import { seriesValue, type Fill, type SeriesValue } from '../../../core/formula/values.js';

/** A series from sorted unique small integer timestamps. */
const arbSeries = fc.uniqueArray(fc.integer({ min: 0, max: 40 }), { maxLength: 25 }).chain((ts) =>
  fc.array(fc.integer({ min: -5, max: 5 }), { minLength: ts.length, maxLength: ts.length }).map((vs) => {
    const order = [...ts].sort((a, b) => a - b);
    return { times: Float64Array.from(order), values: Float64Array.from(vs) };
  }),
);
const arbFill: fc.Arbitrary<Fill | null> = fc.oneof(
  fc.constant(null),
  fc.integer({ min: -2, max: 2 }).map((value) => ({ kind: 'value' as const, value })),
  fc.constantFrom<('ffill' | 'bfill')[]>(['ffill'], ['bfill'], ['ffill', 'bfill']).map((methods) => ({ kind: 'methods' as const, methods })),
);

/** Reference: outer join by Map, pandas fillna per column, dropna, then fold. */
function reference(inputs: SeriesValue[], op: CombineOp): [number, number][] {
  const all = [...new Set(inputs.flatMap((s) => [...s.series.times]))].sort((a, b) => a - b);
  const cols = inputs.map((s) => {
    const m = new Map<number, number>();
    s.series.times.forEach((t, i) => m.set(t, (s.series.values as Float64Array)[i]!));
    let col = all.map((t) => (m.has(t) ? m.get(t)! : NaN));
    const f = s.fill;
    if (f?.kind === 'value') col = col.map((x) => (x === x ? x : f.value));
    if (f?.kind === 'methods') {
      for (const meth of f.methods) {
        if (meth === 'ffill') for (let i = 1; i < col.length; i++) col[i] = col[i] === col[i] ? col[i]! : col[i - 1]!;
        else for (let i = col.length - 2; i >= 0; i--) col[i] = col[i] === col[i] ? col[i]! : col[i + 1]!;
      }
    }
    return col;
  });
  const out: [number, number][] = [];
  all.forEach((t, i) => {
    let acc = cols[0]![i]!;
    for (let k = 1; k < cols.length; k++) {
      const y = cols[k]![i]!;
      acc = op === 'add' ? acc + y : op === 'sub' ? acc - y : op === 'mul' ? acc * y : acc / y;
    }
    if (acc === acc) out.push([t, acc]);
  });
  return out;
}

describe('combineNumeric', () => {
  it('matches an outer-join + fill + dropna reference, with and without fills, for every operation', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(arbSeries, arbFill), { minLength: 1, maxLength: 4 }), fc.constantFrom<CombineOp>('add', 'sub', 'mul', 'div'), (specs, op) => {
        const inputs = specs.map(([s, fill]) => ({ ...seriesValue({ tzaware: true, valueType: 'float64', ...s }), fill }));
        const got = combineNumeric(inputs, String, op);
        const pairs = [...got.times].map((t, i) => [t, (got.values as Float64Array)[i]!]);
        expect(pairs).toEqual(reference(inputs, op));
      }),
      { numRuns: 500 },
    );
  });

  it('aligns three or more inputs on the union with position maps', () => {
    const s = (times: number[]) => seriesValue({ tzaware: false, valueType: 'float64', times: Float64Array.from(times), values: Float64Array.from(times) });
    const al = align([s([1, 3]), s([2, 3]), s([0, 3, 4])], String);
    expect([...al.times]).toEqual([0, 1, 2, 3, 4]);
    expect(al.pos.map((p) => [...p])).toEqual([[-1, 0, -1, 1, -1], [-1, -1, 0, 1, -1], [0, -1, -1, 1, 2]]);
  });

  it('compact drops NaN values and keeps the arrays when none is missing', () => {
    const t = Float64Array.from([1, 2, 3]);
    const v = Float64Array.from([1, 2, 3]);
    expect(compact(t, v, true).times).toBe(t);
    expect([...compact(t, Float64Array.from([1, NaN, 3]), true).times]).toEqual([1, 3]);
  });
});
