import type { TimeSeries } from '../../series/series.js';
import { align, combineNumeric, compact, FILLED, gather, type CombineOp } from '../align.js';
import { OperatorFailure } from '../errors.js';
import type { ArgTypes, OperatorSpec, ParamSpec } from '../registry.js';
import type { TypeSpec } from '../types.js';
import { isSeriesValue, isTimestampValue, seriesValue, type SeriesValue, type TimestampValue, type Value } from '../values.js';
import { numSer, ser } from './util.js';

const restName = (i: number) => `series[${i}]`;

function numericInputs(values: Value[]): SeriesValue[] {
  return values.map((v, i) => numSer(v, restName(i)));
}

/** Binary combination; `first`/`second` are the parameter names (tshistory: s1/s2 for div, series1/series2 for sub). */
function twoSeries(args: Record<string, Value>, first: string, second: string, op: CombineOp): SeriesValue {
  const names = (i: number) => (i === 0 ? first : second);
  return seriesValue(combineNumeric([numSer(args[first]!, first), numSer(args[second]!, second)], names, op));
}

type RowOp = 'min' | 'max' | 'mean' | 'std';

/**
 * Row-wise reduction on the union of the inputs' timestamps: over the present values of each timestamp
 * (skipna), or no point where any input lacks one. Column by column, one tight loop per reduction.
 */
function rowReduce(values: Value[], skipna: boolean, op: RowOp): SeriesValue {
  const inputs = numericInputs(values);
  const al = align(inputs, restName);
  const n = al.times.length;
  const out = new Float64Array(n).fill(NaN);
  const missing = skipna ? null : new Uint8Array(n);
  if (op === 'min' || op === 'max') {
    // The common case as one fused loop per input: gather, skip missing, keep the extremum.
    inputs.forEach((s, k) => {
      const src = s.series.values as Float64Array;
      const pos = al.pos[k]!;
      const fv = s.fill?.kind === 'value' ? s.fill.value : NaN;
      for (let i = 0; i < n; i++) {
        const p = pos[i]!;
        const x = p >= 0 ? src[p]! : p === FILLED ? fv : NaN;
        if (x !== x) {
          if (missing) missing[i] = 1;
        } else if (op === 'min' ? !(out[i]! <= x) : !(out[i]! >= x)) out[i] = x;
      }
    });
    if (missing) for (let i = 0; i < n; i++) if (missing[i]) out[i] = NaN;
    return seriesValue(compact(al.times, out, al.tzaware));
  }
  const count = new Float64Array(n);
  const aux = new Float64Array(n);
  inputs.forEach((s, k) => {
    const c = gather(s, al.pos[k]!);
    const w = s.weight ?? 1;
    for (let i = 0; i < n; i++) {
      const x = c[i]!;
      if (x !== x) {
        if (missing) missing[i] = 1;
        continue;
      }
      if (op === 'mean') {
        // Weighted: out = sum of weighted values, aux = sum of weights.
        out[i] = count[i] ? out[i]! + x * w : x * w;
        aux[i] = aux[i]! + w;
      } else {
        // Welford: out = running mean, aux = sum of squared deviations.
        const m = count[i] ? out[i]! : 0;
        const d = x - m;
        const m2 = m + d / (count[i]! + 1);
        out[i] = m2;
        aux[i] = aux[i]! + d * (x - m2);
      }
      count[i]!++;
    }
  });
  if (op === 'mean') for (let i = 0; i < n; i++) out[i] = out[i]! / aux[i]!;
  else for (let i = 0; i < n; i++) out[i] = count[i]! < 2 ? NaN : Math.sqrt(aux[i]! / (count[i]! - 1));
  if (missing) for (let i = 0; i < n; i++) if (missing[i]) out[i] = NaN;
  return seriesValue(compact(al.times, out, al.tzaware));
}

const seriesRest = (min: number): ParamSpec & { min: number } => ({ name: 'series', type: 'series', doc: 'Input series.', min });
const skipnaKw: ParamSpec = { name: 'skipna', type: 'bool', default: true, doc: 'Ignore missing values (#t) or give no point where any input lacks one (#f).' };

function scalarExtreme(values: Value[], pickMax: boolean): Value {
  const present = values.filter((v) => v !== null);
  if (present.length === 0) return null;
  if (present.every(isTimestampValue)) {
    const ts = present as TimestampValue[];
    return ts.reduce((a, b) => ((pickMax ? b.us > a.us : b.us < a.us) ? b : a));
  }
  if (present.every((v) => typeof v === 'number')) return (pickMax ? Math.max : Math.min)(...(present as number[]));
  throw new OperatorFailure('type_mismatch', 'arguments must be all numbers or all dates');
}

function extremeReturn(t: ArgTypes): TypeSpec {
  if (t.rest.some((x) => x.length === 1 && x[0] === 'series')) return ['series'];
  if (t.rest.some((x) => x.includes('timestamp'))) return ['timestamp', 'nil'];
  return ['number', 'nil'];
}

function extremeCheck(t: ArgTypes) {
  const isS = t.rest.map((x) => x.length === 1 && x[0] === 'series');
  if (isS.some(Boolean) && !isS.every(Boolean)) {
    const i = isS.indexOf(!isS[0]);
    return { param: 'args', index: i, message: 'cannot mix series with scalars' };
  }
  return undefined;
}

function extreme(name: 'min' | 'max'): OperatorSpec {
  const pickMax = name === 'max';
  return {
    name,
    family: 'combine',
    origin: 'tshistory',
    params: [],
    rest: { name: 'args', type: 'series|number|timestamp|nil', min: 1, doc: 'Series (row-wise form) or numbers/dates (scalar form).' },
    returns: 'series|number|timestamp|nil',
    inferReturn: extremeReturn,
    checkArgs: extremeCheck,
    doc: `Row-wise ${name}imum of series (the older name of row-${name}), or the ${name}imum of numbers or dates (nil arguments ignored).`,
    examples: [`(${name} (series "station0") (series "station1"))`, `(${name} (date "2020-01-01") (date "2021-01-01"))`],
    impl: ({ rest }) => (rest.length && isSeriesValue(rest[0]) ? rowReduce(rest, true, pickMax ? 'max' : 'min') : scalarExtreme(rest, pickMax)),
  };
}

export const combineOperators: OperatorSpec[] = [
  {
    name: 'add',
    family: 'combine',
    origin: 'tshistory',
    params: [],
    rest: seriesRest(1),
    returns: 'series',
    doc: 'Sum of series on the union of their timestamps. Where an input has no value (after its fill policy) the result has no point.',
    examples: ['(add (series "wallonie") (series "bruxelles") (series "flandres"))', '(add (series "a" #:fill 0) (series "b"))'],
    impl: ({ rest }) => seriesValue(combineNumeric(numericInputs(rest), restName, 'add')),
  },
  {
    name: 'sub',
    family: 'combine',
    origin: 'tshistory',
    params: [
      { name: 'series1', type: 'series', doc: 'Minuend.' },
      { name: 'series2', type: 'series', doc: 'Subtrahend.' },
    ],
    returns: 'series',
    doc: 'Difference series1 - series2 on the union of timestamps (fill policies apply; no point where a side lacks a value).',
    examples: ['(sub (series "produced") (series "consumed" #:fill 0))'],
    impl: ({ args }) => twoSeries(args, 'series1', 'series2', 'sub'),
  },
  {
    name: 'mul',
    family: 'combine',
    origin: 'tshistory',
    params: [],
    rest: seriesRest(1),
    returns: 'series',
    doc: 'Element-wise product of series on the union of their timestamps (fill policies apply).',
    examples: ['(mul (series "banana-spot-price ($)") (series "$-to-€" #:fill "ffill"))'],
    impl: ({ rest }) => seriesValue(combineNumeric(numericInputs(rest), restName, 'mul')),
  },
  {
    name: 'div',
    family: 'combine',
    origin: 'tshistory',
    params: [
      { name: 's1', type: 'series', doc: 'Dividend.' },
      { name: 's2', type: 'series', doc: 'Divisor.' },
    ],
    returns: 'series',
    doc: 'Element-wise division s1 / s2 on the union of timestamps (fill policies apply). Division by zero gives infinities.',
    examples: ['(div (series "$-to-€") (series "€-to-£"))'],
    impl: ({ args }) => twoSeries(args, 's1', 's2', 'div'),
  },
  {
    name: 'priority',
    family: 'combine',
    origin: 'tshistory',
    params: [],
    rest: seriesRest(1),
    returns: 'series',
    doc: 'Layers series: at each timestamp of the union the value comes from the first series that has one. Works on string series too.',
    examples: ['(priority (series "realized") (series "nominated") (series "forecasted"))'],
    impl: ({ rest }) => {
      const inputs = rest.map((v, i) => ser(v, restName(i)));
      const vt = inputs[0]!.series.valueType;
      inputs.forEach((s, i) => {
        if (s.series.valueType !== vt) throw new OperatorFailure('value_type', `cannot layer a ${s.series.valueType} series over ${vt} ones`, restName(i));
      });
      const al = align(inputs, restName);
      const n = al.times.length;
      const K = inputs.length;
      const fillOf = inputs.map((s) => (s.fill?.kind === 'value' ? s.fill.value : NaN));
      const pos = al.pos;
      // Every union timestamp has a value in at least one input, so the result has exactly n points.
      const times = al.times;
      let values: Float64Array | (string | null)[];
      if (vt === 'float64') {
        const vals = new Float64Array(n);
        const srcs = inputs.map((s) => s.series.values as Float64Array);
        if (K === 2) {
          const [p0, p1] = [pos[0]!, pos[1]!];
          const [s0, s1] = [srcs[0]!, srcs[1]!];
          for (let i = 0; i < n; i++) {
            const p = p0[i]!;
            if (p >= 0) vals[i] = s0[p]!;
            else if (p === FILLED) vals[i] = fillOf[0]!;
            else {
              const q = p1[i]!;
              vals[i] = q >= 0 ? s1[q]! : fillOf[1]!;
            }
          }
        } else {
          for (let i = 0; i < n; i++) {
            for (let k = 0; k < K; k++) {
              const p = pos[k]![i]!;
              if (p >= 0) { vals[i] = srcs[k]![p]!; break; }
              if (p === FILLED) { vals[i] = fillOf[k]!; break; }
            }
          }
        }
        values = vals;
      } else {
        const vals = new Array<string | null>(n).fill(null);
        for (let i = 0; i < n; i++) {
          for (let k = 0; k < K; k++) {
            const p = pos[k]![i]!;
            if (p >= 0) { vals[i] = inputs[k]!.series.values[p] as string | null; break; }
            if (p === FILLED) { vals[i] = String(fillOf[k]); break; }
          }
        }
        values = vals;
      }
      return seriesValue({ tzaware: al.tzaware, valueType: vt, times, values });
    },
  },
  {
    name: 'row-min',
    family: 'combine',
    origin: 'tshistory',
    params: [],
    rest: seriesRest(1),
    keywords: [skipnaKw],
    returns: 'series',
    doc: 'Row-wise minimum of series on the union of their timestamps.',
    examples: ['(row-min (series "station0") (series "station1") (series "station2"))', '(row-min (series "a") (series "b") #:skipna #f)'],
    impl: ({ args, rest }) => rowReduce(rest, args.skipna !== false, 'min'),
  },
  {
    name: 'row-max',
    family: 'combine',
    origin: 'tshistory',
    params: [],
    rest: seriesRest(1),
    keywords: [skipnaKw],
    returns: 'series',
    doc: 'Row-wise maximum of series on the union of their timestamps.',
    examples: ['(row-max (series "station0") (series "station1") (series "station2"))'],
    impl: ({ args, rest }) => rowReduce(rest, args.skipna !== false, 'max'),
  },
  {
    name: 'row-mean',
    family: 'combine',
    origin: 'tshistory',
    params: [],
    rest: seriesRest(1),
    keywords: [skipnaKw],
    returns: 'series',
    doc: 'Row-wise mean weighted by each series\' #:weight (1 by default); a missing point counts as if that series were absent.',
    examples: ['(row-mean (series "station0") (series "station1" #:weight 2) (series "station2"))'],
    impl: ({ args, rest }) => rowReduce(rest, args.skipna !== false, 'mean'),
  },
  {
    name: 'std',
    family: 'combine',
    origin: 'tshistory',
    params: [],
    rest: seriesRest(1),
    keywords: [skipnaKw],
    returns: 'series',
    doc: 'Row-wise sample standard deviation (n - 1 denominator) of series; timestamps with fewer than two values give no point.',
    examples: ['(std (series "station0") (series "station1") (series "station2"))'],
    impl: ({ args, rest }) => rowReduce(rest, args.skipna !== false, 'std'),
  },
  extreme('min'),
  extreme('max'),
];
