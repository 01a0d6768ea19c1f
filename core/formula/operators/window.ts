import { compact } from '../align.js';
import { OperatorFailure } from '../errors.js';
import { bucketer, parseFreq, validateFreq } from '../freq.js';
import type { OperatorSpec } from '../registry.js';
import type { SeriesQuery } from '../resolver.js';
import { seriesValue } from '../values.js';
import { numSer, positiveInt } from './util.js';

export const RESAMPLE_METHODS = ['mean', 'sum', 'min', 'max', 'first', 'last', 'median', 'count', 'std', 'var', 'prod'] as const;
export const ROLLING_METHODS = ['mean', 'sum', 'min', 'max', 'median', 'std', 'var', 'count'] as const;

/** Aggregates xs[lo..hi) with a pandas method name. */
function aggregate(method: string, xs: Float64Array, lo: number, hi: number): number {
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
      { name: 'window', type: 'int', doc: 'Number of points in the window.', validate: positiveInt('window') },
      { name: 'method', type: 'string', default: 'mean', doc: `Aggregation: ${ROLLING_METHODS.join(', ')}.`, validate: methodCheck(ROLLING_METHODS) },
    ],
    returns: 'series',
    doc: 'Aggregates each point with the window - 1 points before it (pandas rolling with a point count); the first window - 1 points give no value.',
    examples: ['(rolling (series "foo") 30 #:method "median")', '(rolling (series "foo") 7)'],
    impl: ({ args }, ctx) => {
      const s = numSer(args.series!, 'series');
      const w = args.window as number;
      if (!Number.isInteger(w) || w < 1) throw new OperatorFailure('bad_value', 'window must be a positive integer', 'window');
      const method = args.method as string;
      if (!(ROLLING_METHODS as readonly string[]).includes(method)) throw new OperatorFailure('bad_value', `unknown method ${JSON.stringify(method)}`, 'method');
      const xs = s.series.values as Float64Array;
      const n = xs.length;
      const out = new Float64Array(n).fill(NaN);
      if (method === 'mean' || method === 'sum') {
        // Running sum, re-summed exactly every 4096 steps to bound floating-point drift.
        let acc = 0;
        for (let i = 0; i < n; i++) {
          acc += xs[i]!;
          if (i >= w) acc -= xs[i - w]!;
          if (i >= w - 1) {
            if ((i & 4095) === 0) acc = aggregate('sum', xs, i - w + 1, i + 1);
            out[i] = method === 'sum' ? acc : acc / w;
          }
        }
      } else if (method === 'min' || method === 'max') {
        // Monotonic deque: O(n) sliding extremum.
        const dq = new Int32Array(n);
        let head = 0, tail = 0;
        const better = method === 'min' ? (a: number, b: number) => a <= b : (a: number, b: number) => a >= b;
        for (let i = 0; i < n; i++) {
          while (tail > head && better(xs[i]!, xs[dq[tail - 1]!]!)) tail--;
          dq[tail++] = i;
          if (dq[head]! <= i - w) head++;
          if (i >= w - 1) out[i] = xs[dq[head]!]!;
        }
      } else {
        for (let i = w - 1; i < n; i++) {
          if ((i & 0xffff) === 0) ctx.checkAborted();
          out[i] = aggregate(method, xs, i - w + 1, i + 1);
        }
      }
      return seriesValue(compact(s.series.times, out, s.series.tzaware), s);
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
];

