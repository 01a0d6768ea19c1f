import { OperatorFailure } from '../errors.js';
import type { ArgTypes, OperatorSpec } from '../registry.js';
import type { TypeSpec } from '../types.js';
import { isSeriesValue, seriesValue, type Value } from '../values.js';
import { mapSeries, num, numSer, optNum, withValues } from './util.js';

function scalarOrSeries(t: ArgTypes): TypeSpec {
  const all = [...t.named.values()];
  if (all.some((x) => x.includes('series') && x.length === 1)) return ['series'];
  if (all.some((x) => x.includes('series') || x.includes('any'))) return ['number', 'series'];
  return ['number'];
}

// Parameter names as in tshistory: (+ num num_or_series), (* num num_or_series), (/ num_or_series num).
// Strata also takes the series on either side of + and *.
const NUM = 'num';
const NUM_OR_SERIES = 'num_or_series';

function notBothSeries(t: ArgTypes) {
  const b = t.named.get(NUM_OR_SERIES);
  if (t.named.get(NUM)?.includes('series') && b?.includes('series') && b.length === 1) {
    return { param: NUM_OR_SERIES, message: 'one argument must be a number (use add, mul or div to combine series)' };
  }
  return undefined;
}

/** Applies `+`, `*` or `/` to scalar or (series, scalar) arguments, keeping the series' options. */
function scalarOp(args: Record<string, Value>, first: string, second: string, op: 'add' | 'mul' | 'div'): Value {
  const a = args[first]!;
  const b = args[second]!;
  if (isSeriesValue(a)) return mapSeries(numSer(a, first), op, num(b, second));
  if (isSeriesValue(b)) return mapSeries(numSer(b, second), op, num(a, first)); // + and * commute; / takes no series divisor
  const x = num(a, first);
  const y = num(b, second);
  return op === 'add' ? x + y : op === 'mul' ? x * y : x / y;
}

const ab = (aDoc: string, bDoc: string) =>
  [
    { name: NUM, type: 'number|series', doc: aDoc },
    { name: NUM_OR_SERIES, type: 'number|series', doc: bDoc },
  ] as const;

export { roundHalfEven } from '../kernels.js';

export const arithOperators: OperatorSpec[] = [
  {
    name: '+',
    family: 'arith',
    origin: 'tshistory',
    params: ab('A number (or a series).', 'A number or a series.'),
    returns: 'number|series',
    inferReturn: scalarOrSeries,
    checkArgs: notBothSeries,
    doc: 'Adds a number to every point of a series (or two numbers). The series keeps its options.',
    examples: ['(+ 42 (series "i-feel-undervalued"))', '(+ 1 2)'],
    impl: ({ args }) => scalarOp(args, NUM, NUM_OR_SERIES, 'add'),
  },
  {
    name: '*',
    family: 'arith',
    origin: 'tshistory',
    params: ab('A number (or a series).', 'A number or a series.'),
    returns: 'number|series',
    inferReturn: scalarOrSeries,
    checkArgs: notBothSeries,
    doc: 'Multiplies every point of a series by a number (or two numbers). The series keeps its options.',
    examples: ['(* -1 (series "positive-things"))'],
    impl: ({ args }) => scalarOp(args, NUM, NUM_OR_SERIES, 'mul'),
  },
  {
    name: '/',
    family: 'arith',
    origin: 'tshistory',
    params: [
      { name: NUM_OR_SERIES, type: 'number|series', doc: 'The dividend: a number or a series.' },
      { name: NUM, type: 'number', doc: 'The divisor.' },
    ],
    returns: 'number|series',
    inferReturn: scalarOrSeries,
    doc: 'Divides a series (or a number) by a number. Division by zero gives infinities, as in pandas.',
    examples: ['(/ (series "div-me") (/ 3 2))'],
    impl: ({ args }) => scalarOp(args, NUM_OR_SERIES, NUM, 'div'),
  },
  {
    name: '**',
    family: 'arith',
    origin: 'tshistory',
    params: [
      { name: 'series', type: 'series', doc: 'The series.' },
      { name: 'num', type: 'number', doc: 'The exponent.' },
    ],
    returns: 'series',
    doc: 'Raises every point of a series to a power; results that are not numbers (e.g. a negative base with a fractional exponent) are dropped.',
    examples: ['(** (series "positive-things") 2)'],
    impl: ({ args }) => {
      const p = num(args.num!, 'num');
      return mapSeries(numSer(args.series!, 'series'), 'pow', p);
    },
  },
  {
    name: 'abs',
    family: 'arith',
    origin: 'tshistory',
    params: [{ name: 'series', type: 'series', doc: 'The series.' }],
    returns: 'series',
    doc: 'Absolute value of every point.',
    examples: ['(abs (series "delta"))'],
    impl: ({ args }) => mapSeries(numSer(args.series!, 'series'), 'abs'),
  },
  {
    name: 'round',
    family: 'arith',
    origin: 'tshistory',
    params: [
      { name: 'series', type: 'series', doc: 'The series.' },
      { name: 'decimals', type: 'int', default: 0, doc: 'Number of decimals kept (may be negative).' },
    ],
    returns: 'series',
    doc: 'Rounds every point to `decimals` decimals, halves to even (as pandas).',
    examples: ['(round (series "foo") #:decimals 2)'],
    impl: ({ args }) => {
      const d = num(args.decimals!, 'decimals');
      if (!Number.isInteger(d) || Math.abs(d) > 15) throw new OperatorFailure('bad_value', 'decimals must be an integer within -15..15', 'decimals');
      return mapSeries(numSer(args.series!, 'series'), 'round', d);
    },
  },
  {
    name: 'clip',
    family: 'arith',
    origin: 'tshistory',
    params: [{ name: 'series', type: 'series', doc: 'The series.' }],
    keywords: [
      { name: 'min', type: 'number|nil', default: null, doc: 'Lower bound.' },
      { name: 'max', type: 'number|nil', default: null, doc: 'Upper bound.' },
      { name: 'replacemin', type: 'bool', default: false, doc: 'Replace points below min by min instead of dropping them.' },
      { name: 'replacemax', type: 'bool', default: false, doc: 'Replace points above max by max instead of dropping them.' },
    ],
    returns: 'series',
    doc: 'Keeps the points within [min, max]; points outside are dropped, or set to the bound with replacemin / replacemax.',
    examples: ['(clip (series "must-be-positive") #:min 0)', '(clip (series "x") #:min 0 #:max 100 #:replacemin #t)'],
    impl: ({ args }) => {
      const lo = optNum(args.min!, 'min') ?? -Infinity;
      const hi = optNum(args.max!, 'max') ?? Infinity;
      const rlo = args.replacemin === true;
      const rhi = args.replacemax === true;
      const s = numSer(args.series!, 'series');
      const src = s.series.values as Float64Array;
      const out = new Float64Array(src.length);
      // NaN marks a dropped point; withValues compacts.
      const below = rlo ? lo : NaN;
      const above = rhi ? hi : NaN;
      for (let i = 0; i < src.length; i++) {
        const x = src[i]!;
        out[i] = x > hi ? above : x < lo ? below : x;
      }
      return withValues(s, out);
    },
  },
];
