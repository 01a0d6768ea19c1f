import type { TimeSeries } from '../../series/series.js';
import { align, compact, FILLED, type Aligned } from '../align.js';
import { OperatorFailure } from '../errors.js';
import type { ArgTypes, OperatorSpec, ParamSpec } from '../registry.js';
import type { TypeSpec } from '../types.js';
import { isSeriesValue, isTimestampValue, seriesValue, type SeriesValue, type TimestampValue, type Value } from '../values.js';
import { numSer, ser } from './util.js';

const restName = (i: number) => `series[${i}]`;

function numericInputs(values: Value[]): SeriesValue[] {
  return values.map((v, i) => numSer(v, restName(i)));
}

/** Accumulates inputs on their aligned union with `step`; a missing value (after fills) gives NaN. */
function fold(inputs: SeriesValue[], names: (i: number) => string, init: number, step: (acc: number, x: number) => number): TimeSeries {
  const al = align(inputs, names);
  const n = al.times.length;
  const out = new Float64Array(n).fill(init);
  inputs.forEach((s, k) => {
    const src = s.series.values as Float64Array;
    const pos = al.pos[k]!;
    const fv = s.fill?.kind === 'value' ? s.fill.value : NaN;
    for (let i = 0; i < n; i++) {
      const p = pos[i]!;
      out[i] = step(out[i]!, p >= 0 ? src[p]! : p === FILLED ? fv : NaN);
    }
  });
  return compact(al.times, out, al.tzaware);
}

function twoSeries(a: Value, b: Value, fn: (x: number, y: number) => number): SeriesValue {
  const s1 = numSer(a, 's1');
  const s2 = numSer(b, 's2');
  const names = (i: number) => (i === 0 ? 's1' : 's2');
  const al = align([s1, s2], names);
  const x = valuesOn(s1, al, 0);
  const y = valuesOn(s2, al, 1);
  const out = new Float64Array(al.times.length);
  for (let i = 0; i < out.length; i++) out[i] = fn(x[i]!, y[i]!);
  return seriesValue(compact(al.times, out, al.tzaware));
}

function valuesOn(s: SeriesValue, al: Aligned, k: number): Float64Array {
  const src = s.series.values as Float64Array;
  const pos = al.pos[k]!;
  const fv = s.fill?.kind === 'value' ? s.fill.value : NaN;
  const out = new Float64Array(pos.length);
  for (let i = 0; i < pos.length; i++) {
    const p = pos[i]!;
    out[i] = p >= 0 ? src[p]! : p === FILLED ? fv : NaN;
  }
  return out;
}

/** Row-wise reduction over the present values of each timestamp (skipna) or NaN when any is missing. */
function rowReduce(values: Value[], skipna: boolean, reduce: (xs: Float64Array, ws: Float64Array, n: number) => number): SeriesValue {
  const inputs = numericInputs(values);
  const al = align(inputs, restName);
  const k = inputs.length;
  const cols = inputs.map((s, j) => valuesOn(s, al, j));
  const ws = Float64Array.from(inputs, (s) => s.weight ?? 1);
  const xs = new Float64Array(k);
  const wsRow = new Float64Array(k);
  const out = new Float64Array(al.times.length);
  for (let i = 0; i < out.length; i++) {
    let n = 0;
    let missing = false;
    for (let j = 0; j < k; j++) {
      const x = cols[j]![i]!;
      if (x === x) {
        xs[n] = x;
        wsRow[n++] = ws[j]!;
      } else missing = true;
    }
    out[i] = n === 0 || (missing && !skipna) ? NaN : reduce(xs, wsRow, n);
  }
  return seriesValue(compact(al.times, out, al.tzaware));
}

const rowMin = (xs: Float64Array, _w: Float64Array, n: number) => {
  let m = Infinity;
  for (let i = 0; i < n; i++) if (xs[i]! < m) m = xs[i]!;
  return m;
};
const rowMax = (xs: Float64Array, _w: Float64Array, n: number) => {
  let m = -Infinity;
  for (let i = 0; i < n; i++) if (xs[i]! > m) m = xs[i]!;
  return m;
};

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
    impl: ({ rest }) => (rest.length && isSeriesValue(rest[0]) ? rowReduce(rest, true, pickMax ? rowMax : rowMin) : scalarExtreme(rest, pickMax)),
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
    impl: ({ rest }) => seriesValue(fold(numericInputs(rest), restName, 0, (a, x) => a + x)),
  },
  {
    name: 'sub',
    family: 'combine',
    origin: 'tshistory',
    params: [
      { name: 's1', type: 'series', doc: 'Minuend.' },
      { name: 's2', type: 'series', doc: 'Subtrahend.' },
    ],
    returns: 'series',
    doc: 'Difference s1 - s2 on the union of timestamps (fill policies apply; no point where a side lacks a value).',
    examples: ['(sub (series "produced") (series "consumed" #:fill 0))'],
    impl: ({ args }) => twoSeries(args.s1!, args.s2!, (x, y) => x - y),
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
    impl: ({ rest }) => seriesValue(fold(numericInputs(rest), restName, 1, (a, x) => a * x)),
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
    impl: ({ args }) => twoSeries(args.s1!, args.s2!, (x, y) => x / y),
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
      const chosenK = new Int32Array(n).fill(-1);
      const chosenP = new Int32Array(n);
      for (let k = inputs.length - 1; k >= 0; k--) {
        const pos = al.pos[k]!;
        for (let i = 0; i < n; i++) {
          const p = pos[i]!;
          if (p >= 0 || p === FILLED) {
            chosenK[i] = k;
            chosenP[i] = p;
          }
        }
      }
      let m = 0;
      for (let i = 0; i < n; i++) if (chosenK[i]! >= 0) m++;
      const times = new Float64Array(m);
      const values: Float64Array | (string | null)[] = vt === 'float64' ? new Float64Array(m) : new Array<string | null>(m);
      m = 0;
      for (let i = 0; i < n; i++) {
        const k = chosenK[i]!;
        if (k < 0) continue;
        const s = inputs[k]!;
        const p = chosenP[i]!;
        times[m] = al.times[i]!;
        values[m++] = (p >= 0 ? s.series.values[p] : s.fill?.kind === 'value' ? (vt === 'float64' ? s.fill.value : String(s.fill.value)) : null) as never;
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
    impl: ({ args, rest }) => rowReduce(rest, args.skipna !== false, rowMin),
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
    impl: ({ args, rest }) => rowReduce(rest, args.skipna !== false, rowMax),
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
    impl: ({ args, rest }) =>
      rowReduce(rest, args.skipna !== false, (xs, ws, n) => {
        let s = 0;
        let w = 0;
        for (let i = 0; i < n; i++) {
          s += xs[i]! * ws[i]!;
          w += ws[i]!;
        }
        return s / w;
      }),
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
    impl: ({ args, rest }) =>
      rowReduce(rest, args.skipna !== false, (xs, _w, n) => {
        if (n < 2) return NaN;
        let mean = 0;
        for (let i = 0; i < n; i++) mean += xs[i]!;
        mean /= n;
        let ss = 0;
        for (let i = 0; i < n; i++) ss += (xs[i]! - mean) ** 2;
        return Math.sqrt(ss / (n - 1));
      }),
  },
  extreme('min'),
  extreme('max'),
];
