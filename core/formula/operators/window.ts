import { compact } from '../align.js';
import { OperatorFailure } from '../errors.js';
import { bucketer, parseFreq, validateFreq } from '../freq.js';
import type { OperatorSpec } from '../registry.js';
import type { SeriesQuery } from '../resolver.js';
import { seriesValue } from '../values.js';
import { parseDuration } from '../../series/duration.js';
import { numSer } from './util.js';

export const RESAMPLE_METHODS = ['mean', 'sum', 'min', 'max', 'first', 'last', 'median', 'count', 'std', 'var', 'prod'] as const;
export const ROLLING_METHODS = ['mean', 'sum', 'min', 'max', 'median', 'std', 'var', 'count'] as const;

/** Aggregates xs[lo..hi) with a pandas method name. */
export function aggregate(method: string, xs: Float64Array, lo: number, hi: number): number {
  const n = hi - lo;
  switch (method) {
    case 'count':
      return n;
    case 'first':
      return xs[lo]!;
    case 'last':
      return xs[hi - 1]!;
    case 'sum': {
      let s = 0;
      for (let i = lo; i < hi; i++) s += xs[i]!;
      return s;
    }
    case 'prod': {
      let s = 1;
      for (let i = lo; i < hi; i++) s *= xs[i]!;
      return s;
    }
    case 'mean': {
      let s = 0;
      for (let i = lo; i < hi; i++) s += xs[i]!;
      return s / n;
    }
    case 'min': {
      let m = Infinity;
      for (let i = lo; i < hi; i++) if (xs[i]! < m) m = xs[i]!;
      return m;
    }
    case 'max': {
      let m = -Infinity;
      for (let i = lo; i < hi; i++) if (xs[i]! > m) m = xs[i]!;
      return m;
    }
    case 'median': {
      const a = xs.slice(lo, hi).sort();
      return n % 2 ? a[(n - 1) / 2]! : (a[n / 2 - 1]! + a[n / 2]!) / 2;
    }
    case 'std':
    case 'var': {
      if (n < 2) return NaN;
      let m = 0;
      for (let i = lo; i < hi; i++) m += xs[i]!;
      m /= n;
      let ss = 0;
      for (let i = lo; i < hi; i++) ss += (xs[i]! - m) ** 2;
      return method === 'var' ? ss / (n - 1) : Math.sqrt(ss / (n - 1));
    }
    default:
      throw new OperatorFailure('bad_value', `unknown method ${JSON.stringify(method)}`, 'method');
  }
}

/** A time window as µs: a pandas fixed frequency ("7D", "15min", "2h") or a duration ("PT1H", "30s"). */
function windowUs(text: string): number {
  let us: number;
  try {
    const f = parseFreq(text);
    if (f.kind !== 'fixed') throw new OperatorFailure('bad_value', `window ${JSON.stringify(text)} has no fixed length (use days, hours, minutes...)`, 'window');
    us = f.us;
  } catch (e) {
    if (e instanceof OperatorFailure && /fixed length/.test(e.message)) throw e;
    try {
      us = parseDuration(text, 'window');
    } catch {
      throw new OperatorFailure('bad_value', `invalid window ${JSON.stringify(text)} (expected a number of points or a duration like "7D", "12h", "30min")`, 'window');
    }
  }
  if (!(us > 0)) throw new OperatorFailure('bad_value', 'window must be a positive duration', 'window');
  return us;
}

function validateWindow(v: unknown): string | undefined {
  if (typeof v === 'number') return Number.isInteger(v) && v >= 1 ? undefined : 'window must be a positive integer';
  if (typeof v !== 'string') return undefined;
  try {
    windowUs(v);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

/**
 * Aggregates xs over the sliding windows [lo[i], i] (lo non-decreasing; -1 = no value): running sums,
 * a monotonic deque for min/max (O(n) both), a re-aggregation per window for the others.
 */
function slide(xs: Float64Array, lo: Int32Array, method: string, checkAborted: () => void): Float64Array {
  const n = xs.length;
  const out = new Float64Array(n).fill(NaN);
  if (method === 'mean' || method === 'sum') {
    let acc = 0;
    let from = 0;
    for (let i = 0; i < n; i++) {
      acc += xs[i]!;
      const l = lo[i]!;
      if (l < 0) continue;
      while (from < l) acc -= xs[from++]!;
      // Re-summed exactly now and then to bound floating-point drift.
      if ((i & 4095) === 0) acc = aggregate('sum', xs, l, i + 1);
      out[i] = method === 'sum' ? acc : acc / (i + 1 - l);
    }
  } else if (method === 'min' || method === 'max') {
    const dq = new Int32Array(n);
    let head = 0, tail = 0;
    const isMin = method === 'min';
    for (let i = 0; i < n; i++) {
      const x = xs[i]!;
      while (tail > head && (isMin ? x <= xs[dq[tail - 1]!]! : x >= xs[dq[tail - 1]!]!)) tail--;
      dq[tail++] = i;
      const l = lo[i]!;
      if (l < 0) continue;
      while (dq[head]! < l) head++;
      out[i] = xs[dq[head]!]!;
    }
  } else if (method === 'count') {
    for (let i = 0; i < n; i++) if (lo[i]! >= 0) out[i] = i + 1 - lo[i]!;
  } else {
    for (let i = 0; i < n; i++) {
      if ((i & 0xffff) === 0) checkAborted();
      const l = lo[i]!;
      if (l >= 0) out[i] = aggregate(method, xs, l, i + 1);
    }
  }
  return out;
}

function methodCheck(choices: readonly string[]) {
  return (v: unknown) => (typeof v === 'string' && !choices.includes(v) ? `method must be one of ${choices.join(', ')}` : undefined);
}

export const windowOperators: OperatorSpec[] = [
  {
    name: 'resample',
    family: 'window',
    origin: 'tshistory',
    params: [
      { name: 'series', type: 'series', doc: 'The series.' },
      { name: 'freq', type: 'string', doc: 'Target frequency: "D", "H", "15min", "W", "MS", "M", "YS"...', validate: validateFreq },
      { name: 'method', type: 'string', default: 'mean', doc: `Aggregation: ${RESAMPLE_METHODS.join(', ')}.`, validate: methodCheck(RESAMPLE_METHODS) },
    ],
    returns: 'series',
    doc: 'Aggregates a series into buckets of `freq` labelled as pandas does (fixed and start-anchored buckets by their start, W/M/Q/Y by their end); empty buckets give no point, except for sum and count (0).',
    examples: ['(resample (series "hourly") "D")', '(resample (series "prices") "MS" #:method "last")'],
    scope: (a, q): SeriesQuery => {
      // Widen the window to whole buckets so the first and last buckets see all their points.
      let f;
      try {
        f = parseFreq(a.freq as string);
      } catch {
        return q;
      }
      const out: SeriesQuery = { ...q };
      if (q.from != null) out.from = bucketer(f, q.from).label(q.from) - (f.kind === 'fixed' ? 0 : 366 * 86_400_000_000);
      if (q.to != null) {
        const b = bucketer(f, q.to);
        out.to = b.next(b.label(q.to)) + (f.kind === 'fixed' ? -1 : 366 * 86_400_000_000);
      }
      return out;
    },
    impl: ({ args }, ctx) => {
      const s = numSer(args.series!, 'series');
      const method = args.method as string;
      if (!(RESAMPLE_METHODS as readonly string[]).includes(method)) throw new OperatorFailure('bad_value', `unknown method ${JSON.stringify(method)}`, 'method');
      let freq;
      try {
        freq = parseFreq(args.freq as string);
      } catch (e) {
        throw new OperatorFailure('bad_value', (e as Error).message, 'freq');
      }
      const { times, values } = s.series;
      const xs = values as Float64Array;
      const n = times.length;
      if (!n) return s;
      const b = bucketer(freq, times[0]!);
      const outT: number[] = [];
      const outV: number[] = [];
      const zeroFill = method === 'sum' || method === 'count';
      let i = 0;
      let prevLabel: number | null = null;
      while (i < n) {
        if ((i & 0xffff) === 0) ctx.checkAborted();
        const label = b.label(times[i]!);
        let j = i + 1;
        while (j < n && b.label(times[j]!) === label) j++;
        if (zeroFill && prevLabel !== null) {
          for (let l = b.next(prevLabel); l < label; l = b.next(l)) {
            outT.push(l);
            outV.push(0);
          }
        }
        outT.push(label);
        outV.push(aggregate(method, xs, i, j));
        prevLabel = label;
        i = j;
      }
      return seriesValue(compact(Float64Array.from(outT), Float64Array.from(outV), s.series.tzaware));
    },
  },
  {
    name: 'rolling',
    family: 'window',
    origin: 'tshistory',
    params: [
      { name: 'series', type: 'series', doc: 'The series.' },
      {
        name: 'window',
        type: 'int|string',
        doc: 'A number of points, or a duration ("7D", "12h", "30min", "PT1H"): the window then holds the points of the last `window` of time.',
        validate: validateWindow,
      },
      { name: 'method', type: 'string', default: 'mean', doc: `Aggregation: ${ROLLING_METHODS.join(', ')}.`, validate: methodCheck(ROLLING_METHODS) },
    ],
    returns: 'series',
    doc:
      'Aggregates each point with the points before it in a moving window, as pandas rolling does: with a point count n, the point and the n - 1 before it ' +
      '(the first n - 1 points give no value); with a duration d, the points in (t - d, t], every point getting a value.',
    examples: ['(rolling (series "foo") 30 #:method "median")', '(rolling (series "foo") 7)', '(rolling (series "load") "7D" #:method "max")'],
    impl: ({ args }, ctx) => {
      const s = numSer(args.series!, 'series');
      const method = args.method as string;
      if (!(ROLLING_METHODS as readonly string[]).includes(method)) throw new OperatorFailure('bad_value', `unknown method ${JSON.stringify(method)}`, 'method');
      const { times } = s.series;
      const xs = s.series.values as Float64Array;
      const n = xs.length;
      // lo[i]: first index of point i's window; -1 when the window is not full (point-count windows only).
      const lo = new Int32Array(n);
      const w = args.window!;
      if (typeof w === 'number') {
        if (!Number.isInteger(w) || w < 1) throw new OperatorFailure('bad_value', 'window must be a positive integer', 'window');
        for (let i = 0; i < n; i++) lo[i] = i - w + 1 >= 0 ? i - w + 1 : -1;
      } else {
        const span = windowUs(w as string);
        let j = 0;
        for (let i = 0; i < n; i++) {
          const start = times[i]! - span;
          while (times[j]! <= start) j++;
          lo[i] = j;
        }
      }
      return seriesValue(compact(times, slide(xs, lo, method, ctx.checkAborted), s.series.tzaware), s);
    },
  },
  {
    name: 'cumsum',
    family: 'window',
    origin: 'tshistory',
    params: [{ name: 'series', type: 'series', doc: 'The series.' }],
    returns: 'series',
    doc: 'Cumulative sum of a series from its first point in the read window.',
    examples: ['(cumsum (series "sum-me"))'],
    impl: ({ args }) => {
      const s = numSer(args.series!, 'series');
      const xs = s.series.values as Float64Array;
      const out = new Float64Array(xs.length);
      let acc = 0;
      for (let i = 0; i < xs.length; i++) out[i] = acc += xs[i]!;
      return seriesValue({ ...s.series, values: out }, s);
    },
  },
  {
    name: 'cumprod',
    family: 'window',
    origin: 'tshistory',
    params: [{ name: 'series', type: 'series', doc: 'The series.' }],
    returns: 'series',
    doc: 'Cumulative product of a series from its first point in the read window.',
    examples: ['(cumprod (series "growth-factors"))', '(cumprod (+ 1 (series "daily-returns")))'],
    impl: ({ args }) => {
      const s = numSer(args.series!, 'series');
      const xs = s.series.values as Float64Array;
      const out = new Float64Array(xs.length);
      let acc = 1;
      for (let i = 0; i < xs.length; i++) out[i] = acc *= xs[i]!;
      return seriesValue({ ...s.series, values: out }, s);
    },
  },
];

