import { align, compact, FILLED } from '../align.js';
import type { OperatorSpec, ParamSpec } from '../registry.js';
import { seriesValue } from '../values.js';
import { RAD, unary, type UnaryOp } from '../kernels.js';
import { mapSeries, numSer } from './util.js';

const decimals: ParamSpec = { name: 'decimals', type: 'int|nil', default: null, doc: 'Round the result to this many decimals.' };

function direct(name: string, op: UnaryOp, what: string): OperatorSpec {
  return {
    name: `trig.${name}`,
    family: 'trig',
    origin: 'tshistory',
    params: [{ name: 'series', type: 'series', doc: 'Angles in degrees.' }, decimals],
    returns: 'series',
    doc: `${what} of every point of a series of angles in degrees.`,
    examples: [`(trig.${name} (series "degree-series") #:decimals 14)`],
    impl: ({ args }) => {
      const d = args.decimals as number | null;
      const s = numSer(args.series!, 'series');
      // tshistory rounds only for a non-zero decimals.
      return d ? mapSeries({ ...s, series: { ...s.series, values: unary(s.series.values as Float64Array, op) } }, 'round', d) : mapSeries(s, op);
    },
  };
}

function inverse(name: string, op: UnaryOp, what: string): OperatorSpec {
  return {
    name: `trig.${name}`,
    family: 'trig',
    origin: 'tshistory',
    params: [{ name: 'series', type: 'series', doc: 'The series.' }],
    returns: 'series',
    doc: `${what} of every point, in degrees; points outside the domain give no value.`,
    examples: [`(trig.${name} (series "coordinates"))`],
    impl: ({ args }) => mapSeries(numSer(args.series!, 'series'), op),
  };
}

export const trigOperators: OperatorSpec[] = [
  direct('cos', 'cos', 'Cosine'),
  direct('sin', 'sin', 'Sine'),
  direct('tan', 'tan', 'Tangent'),
  inverse('arccos', 'acos', 'Inverse cosine'),
  inverse('arcsin', 'asin', 'Inverse sine'),
  inverse('arctan', 'atan', 'Inverse tangent'),
  {
    name: 'trig.row-arctan2',
    family: 'trig',
    origin: 'tshistory',
    params: [
      { name: 'series1', type: 'series', doc: 'y coordinates.' },
      { name: 'series2', type: 'series', doc: 'x coordinates.' },
    ],
    returns: 'series',
    doc: 'Angle in degrees of the point (series2, series1) with the quadrant chosen correctly, row-wise on the union of timestamps (fill policies apply).',
    examples: ['(trig.row-arctan2 (series "coordinates1") (series "coordinates2"))'],
    impl: (call) => {
      const a = numSer(call.args.series1!, 'series1');
      const b = numSer(call.args.series2!, 'series2');
      const al = align([a, b], (i) => (i ? 'series2' : 'series1'));
      const out = new Float64Array(al.times.length);
      const va = a.series.values as Float64Array;
      const vb = b.series.values as Float64Array;
      const fa = a.fill?.kind === 'value' ? a.fill.value : NaN;
      const fb = b.fill?.kind === 'value' ? b.fill.value : NaN;
      for (let i = 0; i < out.length; i++) {
        const p = al.pos[0]![i]!;
        const q = al.pos[1]![i]!;
        const y = p >= 0 ? va[p]! : p === FILLED ? fa : NaN;
        const x = q >= 0 ? vb[q]! : q === FILLED ? fb : NaN;
        out[i] = Math.atan2(y, x) * RAD;
      }
      return seriesValue(compact(al.times, out, al.tzaware));
    },
  },
];
