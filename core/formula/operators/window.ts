import { compact } from '../align.js';
import { OperatorFailure } from '../errors.js';
import { bucketer, dateRange, parseFreq, validateFreq, type Freq } from '../freq.js';
import type { OperatorSpec } from '../registry.js';
import type { SeriesQuery } from '../resolver.js';
import { seriesValue, type SeriesValue, type Value } from '../values.js';
import { US_PER_DAY } from '../../series/time.js';
import { parseDuration } from '../../series/duration.js';
import { numSer } from './util.js';

export const RESAMPLE_METHODS = ['mean', 'sum', 'min', 'max', 'first', 'last', 'median', 'count', 'size', 'std', 'var', 'sem', 'prod'] as const;
export const UPSAMPLE_METHODS = ['ffill', 'bfill', 'nearest', 'asfreq', 'interpolate'] as const;
export const ROLLING_METHODS = ['mean', 'sum', 'min', 'max', 'median', 'std', 'var', 'count'] as const;

/** Aggregates xs[lo..hi) with a pandas method name. */
export function aggregate(method: string, xs: Float64Array, lo: number, hi: number): number {
  const n = hi - lo;
  switch (method) {
    case 'count':
    case 'size':
      return n;
    case 'sem':
      return n < 2 ? NaN : aggregate('std', xs, lo, hi) / Math.sqrt(n);
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

const originFreqParam = {
  name: 'origin_freq',
  type: 'string|nil',
  default: null,
  doc: 'Frequency of the input itself, when upsampling: the grid then extends to the end of the input\'s last period.',
  validate: (v: unknown) => (v === null ? undefined : validateFreq(v)),
} as const;

function freqArg(v: Value, arg: string): Freq {
  try {
    return parseFreq(v as string);
  } catch (e) {
    throw new OperatorFailure('bad_value', (e as Error).message, arg);
  }
}

/** Widens the read window to whole buckets (and, when upsampling, to the input periods around it). */
function resampleScope(a: Record<string, Value>, q: SeriesQuery): SeriesQuery {
  let f: Freq;
  let origin: Freq | null = null;
  try {
    f = parseFreq(a.freq as string);
    if (typeof a.origin_freq === 'string') origin = parseFreq(a.origin_freq);
  } catch {
    return q;
  }
  const slack = (g: Freq) => (g.kind === 'fixed' ? g.us : 366 * US_PER_DAY);
  const out: SeriesQuery = { ...q };
  if (q.from != null) out.from = bucketer(f, q.from).label(q.from) - (f.kind === 'fixed' ? 0 : 366 * US_PER_DAY) - (origin ? slack(origin) : 0);
  if (q.to != null) {
    const b = bucketer(f, q.to);
    out.to = b.next(b.label(q.to)) + (f.kind === 'fixed' ? -1 : 366 * US_PER_DAY);
  }
  return out;
}

/** Value at each grid time from the points (times, xs) by an upsampling method; NaN where there is none. */
export function reindex(times: Float64Array, xs: Float64Array, grid: Float64Array, method: string): Float64Array {
  const out = new Float64Array(grid.length).fill(NaN);
  const n = times.length;
  let j = 0; // first point with time > grid[g]
  for (let g = 0; g < grid.length; g++) {
    const t = grid[g]!;
    while (j < n && times[j]! <= t) j++;
    const prev = j - 1; // last point at or before t
    const exact = prev >= 0 && times[prev] === t;
    switch (method) {
      case 'asfreq':
        if (exact) out[g] = xs[prev]!;
        break;
      case 'ffill':
        if (prev >= 0) out[g] = xs[prev]!;
        break;
      case 'bfill':
        if (exact) out[g] = xs[prev]!;
        else if (j < n) out[g] = xs[j]!;
        break;
      case 'nearest':
        if (exact) out[g] = xs[prev]!;
        else if (prev < 0) out[g] = j < n ? xs[j]! : NaN;
        else if (j >= n) out[g] = xs[prev]!;
        else out[g] = t - times[prev]! < times[j]! - t ? xs[prev]! : xs[j]!; // a tie takes the later point, as pandas
        break;
      case 'interpolate':
        if (exact) out[g] = xs[prev]!;
        else if (prev >= 0 && j < n) out[g] = xs[prev]! + ((xs[j]! - xs[prev]!) * (t - times[prev]!)) / (times[j]! - times[prev]!);
        break;
    }
  }
  return out;
}

function resampleImpl(args: Record<string, Value>, checkAborted: () => void): SeriesValue {
  const s = numSer(args.series!, 'series');
  const method = args.method as string;
  const upsampling = (UPSAMPLE_METHODS as readonly string[]).includes(method);
  if (!upsampling && !(RESAMPLE_METHODS as readonly string[]).includes(method)) throw new OperatorFailure('bad_value', `unknown method ${JSON.stringify(method)}`, 'method');
  const freq = freqArg(args.freq!, 'freq');
  const origin = typeof args.origin_freq === 'string' ? freqArg(args.origin_freq, 'origin_freq') : null;
  const { times } = s.series;
  const xs = s.series.values as Float64Array;
  const n = times.length;
  if (!n) return s;
  const b = bucketer(freq, times[0]!);
  if (upsampling) {
    let end = times[n - 1]!;
    if (origin) {
      const ob = bucketer(origin, times[0]!);
      const lastLabel = ob.label(end);
      // Start-labelled input periods run to the next label; end-labelled ones (M, W...) end at their label.
      const periodEnd = origin.kind === 'fixed' || (origin.kind === 'months' && origin.anchor === 'start') ? ob.next(lastLabel) : lastLabel + US_PER_DAY;
      end = Math.max(end, periodEnd - 1);
    }
    const first = b.label(times[0]!);
    const grid = dateRange(first, end, freq);
    return seriesValue(compact(grid, reindex(times, xs, grid, method), s.series.tzaware), s);
  }
  const outT: number[] = [];
  const outV: number[] = [];
  const zeroFill = method === 'sum' || method === 'count' || method === 'size';
  let i = 0;
  let prevLabel: number | null = null;
  while (i < n) {
    if ((i & 0xffff) === 0) checkAborted();
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
      {
        name: 'method',
        type: 'string',
        default: 'mean',
        doc: `Aggregation: ${RESAMPLE_METHODS.join(', ')}; or, to fill a finer grid (upsampling), one of ${UPSAMPLE_METHODS.join(', ')}.`,
        validate: methodCheck([...RESAMPLE_METHODS, ...UPSAMPLE_METHODS]),
      },
      originFreqParam,
    ],
    returns: 'series',
    doc:
      'Aggregates a series into buckets of `freq` labelled as pandas does (fixed and start-anchored buckets by their start, W/M/Q/Y by their end); empty buckets give no point, except for sum, count and size (0). ' +
      'With an upsampling method the series is laid on the `freq` grid instead, as `upsample` does.',
    examples: ['(resample (series "hourly") "D")', '(resample (series "prices") "MS" #:method "last")', '(resample (series "daily") "h" #:method "ffill" #:origin_freq "D")'],
    scope: resampleScope,
    impl: ({ args }, ctx) => resampleImpl(args, ctx.checkAborted),
  },
  {
    name: 'upsample',
    family: 'window',
    origin: 'tshistory',
    params: [
      { name: 'series', type: 'series', doc: 'The series.' },
      { name: 'freq', type: 'string', doc: 'Target (finer) frequency: "h", "15min", "D"...', validate: validateFreq },
      { name: 'method', type: 'string', default: 'ffill', doc: `How grid points get a value: ${UPSAMPLE_METHODS.join(', ')}.`, validate: methodCheck(UPSAMPLE_METHODS) },
      originFreqParam,
    ],
    returns: 'series',
    doc:
      'Lays a series on the `freq` grid from the bucket of its first point to its last point: "ffill" takes the last value at or before each grid time, "bfill" the next one, ' +
      '"nearest" the closest, "asfreq" only exact matches, "interpolate" a time-linear interpolation between the surrounding points. With #:origin_freq (the input\'s own ' +
      'frequency) the grid runs to the end of the last input period, so a daily value fills all the hours of its day.',
    examples: ['(upsample (series "daily") "h")', '(upsample (series "daily-price") "15min" #:origin_freq "D")', '(upsample (series "x") "h" "interpolate")'],
    scope: resampleScope,
    impl: ({ args }, ctx) => resampleImpl(args, ctx.checkAborted),
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

