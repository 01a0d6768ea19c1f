import { lowerBound } from '../../series/series.js';
import { civilFromDays, daysFromCivil, daysInMonth, US_PER_DAY } from '../../series/time.js';
import { OperatorFailure } from '../errors.js';
import type { OperatorSpec } from '../registry.js';
import type { SeriesQuery } from '../resolver.js';
import { seriesValue } from '../values.js';
import { numSer } from './util.js';
import { aggregate } from './window.js';

export const DOY_METHODS = ['mean', 'median', 'min', 'max', 'sum', 'prod', 'std', 'var', 'first', 'last', 'count'] as const;
export const LEAP_DAY_RULES = ['linear', 'ignore', 'as_is'] as const;

/** Day number `years` years after `day` (Feb 29 clamped to Feb 28, as relativedelta does). */
function addYears(day: number, years: number): number {
  const [y, m, d] = civilFromDays(day);
  return daysFromCivil(y + years, m, Math.min(d, daysInMonth(y + years, m)));
}

function shiftYears(us: number | null | undefined, years: number): number | null | undefined {
  if (us == null) return us;
  const day = Math.floor(us / US_PER_DAY);
  return addYears(day, years) * US_PER_DAY + (us - day * US_PER_DAY);
}

const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const FEB29 = 229;

/**
 * Day-of-year aggregation: for each day of each target year, aggregates the points that fell on the same
 * month-day in the `depth` years before. See the operator doc for the rules.
 */
export function doyAggregate(
  times: Float64Array,
  values: Float64Array,
  depth: number,
  method: string,
  leapRule: string,
  validRatio: number,
  checkAborted: () => void = () => {},
): { times: Float64Array; values: Float64Array } {
  const outT: number[] = [];
  const outV: number[] = [];
  const n = times.length;
  if (!n) return { times: new Float64Array(0), values: new Float64Array(0) };
  const start = addYears(Math.floor(times[0]! / US_PER_DAY), depth);
  const end = addYears(Math.floor(times[n - 1]! / US_PER_DAY), 1);
  if (start > end) return { times: new Float64Array(0), values: new Float64Array(0) };
  const md = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const [, m, d] = civilFromDays(Math.floor(times[i]! / US_PER_DAY));
    md[i] = m * 100 + d;
  }
  const [y0] = civilFromDays(start);
  const [y1] = civilFromDays(end);
  for (let year = y0; year <= y1; year++) {
    checkAborted();
    // Points of the years [year - depth, year - 1], grouped by month-day (in calendar order).
    const lo = lowerBound(times, daysFromCivil(year - depth, 1, 1) * US_PER_DAY);
    const hi = lowerBound(times, daysFromCivil(year, 1, 1) * US_PER_DAY);
    const groups = new Map<number, number[]>();
    for (let i = lo; i < hi; i++) {
      const g = groups.get(md[i]!);
      if (g) g.push(values[i]!);
      else groups.set(md[i]!, [values[i]!]);
    }
    const keys = [...groups.keys()].sort((a, b) => a - b);
    const segT: number[] = [];
    const segV: number[] = [];
    for (const k of keys) {
      if (k === FEB29 && (!isLeap(year) || leapRule !== 'as_is')) continue;
      const day = daysFromCivil(year, Math.floor(k / 100), k % 100);
      if (day < start || day > end) continue;
      const g = Float64Array.from(groups.get(k)!);
      segT.push(day);
      segV.push(g.length / depth < validRatio ? NaN : aggregate(method, g, 0, g.length));
    }
    if (leapRule === 'linear' && isLeap(year)) {
      // Feb 29 interpolated between the nearest days around it, weighted by distance.
      const d = daysFromCivil(year, 2, 29);
      const next = segT.findIndex((t) => t > d);
      if (next > 0) {
        const pg = d - segT[next - 1]!;
        const ng = segT[next]! - d;
        segT.splice(next, 0, d);
        segV.splice(next, 0, (segV[next - 1]! * ng + segV[next]! * pg) / (pg + ng));
      }
    }
    for (let i = 0; i < segT.length; i++) {
      if (segV[i] === segV[i]) {
        outT.push(segT[i]! * US_PER_DAY);
        outV.push(segV[i]!);
      }
    }
  }
  return { times: Float64Array.from(outT), values: Float64Array.from(outV) };
}

const choice = (name: string, list: readonly string[]) => (v: unknown) =>
  typeof v === 'string' && !list.includes(v) ? `${name} must be one of ${list.join(', ')}` : undefined;

export const doyOperators: OperatorSpec[] = [
  {
    name: 'doy-agg',
    family: 'window',
    origin: 'tshistory',
    params: [
      { name: 'series', type: 'series', doc: 'The series (any resolution: every point of a day counts for that day).' },
      { name: 'depth', type: 'int', doc: 'Number of past years aggregated for each day.', validate: (v) => (typeof v === 'number' && v < 1 ? 'depth must be at least 1' : undefined) },
      { name: 'method', type: 'string', default: 'mean', doc: `Aggregation: ${DOY_METHODS.join(', ')}.`, validate: choice('method', DOY_METHODS) },
      { name: 'leap_day_rule', type: 'string', default: 'linear', doc: 'February 29: "linear" (interpolated between its neighbours), "ignore" (left out), "as_is" (aggregated from past February 29ths).', validate: choice('leap_day_rule', LEAP_DAY_RULES) },
      { name: 'valid_aggr_ratio', type: 'number', default: 1, doc: 'A day gets no value when its number of past points divided by depth is below this ratio.' },
    ],
    returns: 'series',
    doc:
      'Day-of-year profile: each day of a year gets the aggregate (method) of the points that fell on the same month and day during the `depth` years before. ' +
      'The result is a naive daily series from the input\'s first day plus depth years to its last day plus one year; the inputs are read from depth years before the ' +
      'value window to one year before its end. Days are read on the input\'s clock (UTC for a tz-aware series).',
    examples: ['(doy-agg (series "foo") 4)', '(doy-agg (series "bar") 10 #:method "median")', '(doy-agg (series "quux") 4 #:leap_day_rule "ignore" #:valid_aggr_ratio 0.)'],
    scope: (a, q): SeriesQuery => {
      const depth = typeof a.depth === 'number' ? a.depth : 0;
      return { ...q, from: shiftYears(q.from, -depth), to: shiftYears(q.to, -1) };
    },
    impl: ({ args }, ctx) => {
      const s = numSer(args.series!, 'series');
      const depth = args.depth as number;
      if (!Number.isInteger(depth) || depth < 1) throw new OperatorFailure('bad_value', 'depth must be an integer of at least 1', 'depth');
      const method = args.method as string;
      if (!(DOY_METHODS as readonly string[]).includes(method)) throw new OperatorFailure('bad_value', `method must be one of ${DOY_METHODS.join(', ')}`, 'method');
      const rule = args.leap_day_rule as string;
      if (!(LEAP_DAY_RULES as readonly string[]).includes(rule)) throw new OperatorFailure('bad_value', `leap_day_rule must be one of ${LEAP_DAY_RULES.join(', ')}`, 'leap_day_rule');
      const r = doyAggregate(s.series.times, s.series.values as Float64Array, depth, method, rule, args.valid_aggr_ratio as number, ctx.checkAborted);
      return seriesValue({ tzaware: false, valueType: 'float64', times: r.times, values: r.values });
    },
  },
];
