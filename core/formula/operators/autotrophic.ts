import { emptySeries, sliceSeries, upperBound, type TimeSeries } from '../../series/series.js';
import { civilFromDays, daysFromCivil, daysInMonth, US_PER_DAY, US_PER_HOUR, US_PER_MINUTE, US_PER_SECOND } from '../../series/time.js';
import { addCalendar, checkTz, dateArg, validateTz } from '../dates.js';
import { OperatorFailure } from '../errors.js';
import type { ImplContext, OperatorSpec, ParamSpec } from '../registry.js';
import type { SeriesQuery } from '../resolver.js';
import { utcToWall, wallToUtc } from '../tz.js';
import { seriesValue, type Value } from '../values.js';

/*
 * Operators that build a series from series *names* (or from nothing) rather than from series values:
 * they read their inputs themselves, through the resolver, with queries of their own.
 */

async function read(ctx: ImplContext, name: string, arg: string, query: SeriesQuery, strings = false): Promise<TimeSeries> {
  const ts = await ctx.resolver.get(name, query);
  if (!ts) throw new OperatorFailure('unknown_series', `unknown series ${JSON.stringify(name)}`, arg);
  if (!strings && ts.valueType !== 'float64') throw new OperatorFailure('value_type', `${JSON.stringify(name)} is a string series; this operator needs numbers`, arg);
  return ts;
}

// ---- integration ---------------------------------------------------------------------------------------

/**
 * Stock + integrated flow. Without fill: the stock's points, then after its last point the running sum of
 * the flow added to that last stock value. With fill: also every stretch of flow points where the stock
 * has none (between stock points), integrated from the stock value before the stretch.
 */
export function integrate(stock: TimeSeries, flow: TimeSeries, fill: boolean): TimeSeries {
  const st = stock.times;
  const sv = stock.values as Float64Array;
  const ft = flow.times;
  const fv = flow.values as Float64Array;
  const ns = st.length;
  if (!ns) return emptySeries('float64', stock.tzaware);
  const times = new Float64Array(ns + ft.length);
  const values = new Float64Array(ns + ft.length);
  let n = 0;
  let j = fill ? upperBound(ft, st[0]!) : upperBound(ft, st[ns - 1]!);
  const firstStock = fill ? 0 : ns - 1;
  for (let i = 0; i < ns; i++) {
    times[n] = st[i]!;
    values[n++] = sv[i]!;
    if (i < firstStock) continue;
    // Flow points after this stock point and before the next one (which wins where both have a value).
    const until = i + 1 < ns ? st[i + 1]! : Infinity;
    let acc = sv[i]!;
    while (j < ft.length && ft[j]! < until) {
      acc += fv[j]!;
      times[n] = ft[j]!;
      values[n++] = acc;
      j++;
    }
    if (j < ft.length && ft[j] === until) j++;
  }
  return { tzaware: stock.tzaware, valueType: 'float64', times: times.subarray(0, n), values: values.subarray(0, n) };
}

const integration: OperatorSpec = {
  name: 'integration',
  family: 'source',
  origin: 'tshistory',
  params: [
    { name: 'stock_name', type: 'string', doc: 'Name of the stock series (levels).', seriesName: true },
    { name: 'flow_name', type: 'string', doc: 'Name of the flow series (changes per timestamp).', seriesName: true },
    { name: 'fill', type: 'bool', default: false, doc: 'Also integrate the flow over stretches where the stock has no point between two of its points.' },
  ],
  returns: 'series',
  doc:
    'Integrates a flow series onto the last known value of a stock series: the stock\'s points, then, after its last point, that value plus the running sum of the flow. ' +
    'With #:fill #t, every stretch of flow points between two stock points is integrated the same way from the stock value before it (a stock point wins over a flow point at the same timestamp). ' +
    'Both are read at the query\'s revision date; the stock is read before the value window too, so the last stock value before it is found however old.',
  examples: ['(integration "stock-series-name" "flow-series-name")', '(integration "gas-stock" "gas-injections" #:fill #t)'],
  async impl({ args }, ctx) {
    const fill = args.fill === true;
    const q = ctx.query;
    const stock = await read(ctx, args.stock_name as string, 'stock_name', { revisionDate: q.revisionDate, from: null, to: q.to });
    const st = stock.times;
    // The result needs the stock from its last point at or before the window on (the base of what follows).
    const first = q.from == null ? 0 : Math.max(0, upperBound(st, q.from) - 1);
    const flowFrom = st.length ? (fill ? st[first]! : st[st.length - 1]!) : q.from;
    const flow = await read(ctx, args.flow_name as string, 'flow_name', { revisionDate: q.revisionDate, from: flowFrom, to: q.to });
    if (st.length && stock.tzaware !== flow.tzaware) {
      throw new OperatorFailure('tz_mismatch', `cannot integrate a ${flow.tzaware ? 'tz-aware' : 'naive'} flow onto a ${stock.tzaware ? 'tz-aware' : 'naive'} stock`, 'flow_name');
    }
    const s = first ? { ...stock, times: st.subarray(first), values: (stock.values as Float64Array).subarray(first) } : stock;
    return seriesValue(sliceSeries(integrate(s, flow, fill), q.from, q.to));
  },
};

// ---- block-staircase -----------------------------------------------------------------------------------

const FREQ_UNITS = ['years', 'months', 'weeks', 'bdays', 'days', 'hours', 'minutes', 'seconds'] as const;
const TIME_FIELDS = ['year', 'month', 'day', 'weekday', 'hour', 'minute', 'second'] as const;
type FreqUnit = (typeof FREQ_UNITS)[number];
type TimeField = (typeof TIME_FIELDS)[number];
type Delta = Partial<Record<FreqUnit, number>>;
type Fields = Partial<Record<TimeField, number>>;

const RANGES: Record<TimeField, [number, number]> = { year: [1700, 2200], month: [1, 12], day: [1, 31], weekday: [0, 6], hour: [0, 23], minute: [0, 59], second: [0, 59] };

const freqParams = (prefix: string, what: string): ParamSpec[] =>
  FREQ_UNITS.map((u) => ({ name: `${prefix}_${u}`, type: 'int|nil', default: null, doc: `${what}: ${u}${u === 'bdays' ? ' (business days, Monday to Friday)' : ''}.` }));
const timeParams = (prefix: string, what: string): ParamSpec[] =>
  TIME_FIELDS.map((f) => ({
    name: `${prefix}_${f}`,
    type: 'int|nil',
    default: null,
    doc: `${what}: ${f}${f === 'weekday' ? ' (0 = Monday … 6 = Sunday; moves forward to that day)' : ''}.`,
    validate: (v: unknown) => (typeof v === 'number' && (v < RANGES[f][0] || v > RANGES[f][1]) ? `${prefix}_${f} must be within ${RANGES[f][0]}..${RANGES[f][1]}` : undefined),
  }));

function readDelta(args: Record<string, Value>, prefix: string): Delta {
  const d: Delta = {};
  for (const u of FREQ_UNITS) {
    const v = args[`${prefix}_${u}`];
    if (typeof v === 'number' && v !== 0) d[u] = v;
  }
  return d;
}

function readFields(args: Record<string, Value>, prefix: string): Fields {
  const f: Fields = {};
  for (const k of TIME_FIELDS) {
    const v = args[`${prefix}_${k}`];
    if (typeof v === 'number') {
      if (v < RANGES[k][0] || v > RANGES[k][1]) throw new OperatorFailure('bad_value', `${prefix}_${k} must be within ${RANGES[k][0]}..${RANGES[k][1]}`, `${prefix}_${k}`);
      f[k] = v;
    }
  }
  return f;
}

/** Adds a calendar delta to a wall-clock reading (business days skip Saturdays and Sundays). */
function addDelta(wall: number, d: Delta, sign: 1 | -1 = 1): number {
  let w = addCalendar(wall, { years: sign * (d.years ?? 0), months: sign * (d.months ?? 0), weeks: sign * (d.weeks ?? 0), days: sign * (d.days ?? 0), hours: sign * (d.hours ?? 0), minutes: sign * (d.minutes ?? 0) });
  w += sign * (d.seconds ?? 0) * US_PER_SECOND;
  let b = sign * (d.bdays ?? 0);
  const step = b > 0 ? 1 : -1;
  while (b !== 0) {
    w += step * US_PER_DAY;
    const dow = (((Math.floor(w / US_PER_DAY) + 3) % 7) + 7) % 7; // 0 = Monday (1970-01-01 was a Thursday)
    if (dow < 5) b -= step;
  }
  return w;
}

/** Replaces calendar fields of a wall-clock reading; a time-of-day field zeroes the finer ones. */
function applyFields(wall: number, f: Fields): number {
  let day = Math.floor(wall / US_PER_DAY);
  let tod = wall - day * US_PER_DAY;
  if (f.year !== undefined || f.month !== undefined || f.day !== undefined) {
    const [y0, m0, d0] = civilFromDays(day);
    const y = f.year ?? y0;
    const m = f.month ?? m0;
    day = daysFromCivil(y, m, Math.min(f.day ?? d0, daysInMonth(y, m)));
  }
  if (f.weekday !== undefined) {
    const dow = (((day + 3) % 7) + 7) % 7;
    day += (f.weekday - dow + 7) % 7;
  }
  if (f.hour !== undefined || f.minute !== undefined || f.second !== undefined) {
    const h = Math.floor(tod / US_PER_HOUR);
    const mi = Math.floor((tod % US_PER_HOUR) / US_PER_MINUTE);
    const fine = f.second !== undefined ? 's' : f.minute !== undefined ? 'm' : 'h';
    tod = (f.hour ?? h) * US_PER_HOUR + (fine === 'h' ? 0 : (f.minute ?? mi) * US_PER_MINUTE) + (fine === 's' ? f.second! * US_PER_SECOND : 0);
  }
  return day * US_PER_DAY + tod;
}

const MAX_BLOCKS = 200_000;

const blockStaircase: OperatorSpec = {
  name: 'block-staircase',
  family: 'source',
  origin: 'tshistory',
  params: [{ name: 'name', type: 'string', doc: 'Name of the series (typically a forecast with many revisions; numbers or strings).', seriesName: true }],
  keywords: [
    ...freqParams('revision_freq', 'Time between two revisions (daily when none is given)'),
    ...timeParams('revision_time', 'Time of each revision (midnight when none is given)'),
    { name: 'revision_tz', type: 'string', default: 'UTC', doc: 'Zone in which revision and block times are read.', validate: validateTz },
    ...freqParams('maturity_offset', 'Lag from a revision to the start of its block'),
    ...timeParams('maturity_time', 'Time of day (or date fields) of each block start'),
  ],
  returns: 'series',
  doc:
    'Rebuilds a series from successive blocks of its history: revisions at regular times (revision_freq_*, revision_time_*, in revision_tz) each supply the values of one block, ' +
    'which starts at the revision plus maturity_offset_* with maturity_time_* applied and ends where the next block starts. A block reads the series as known at its revision ' +
    '(never later than the query\'s revision date). The blocks cover the query\'s value window, or the series\' span when there is none.',
  examples: [
    '(block-staircase "forecast" #:revision_freq_days 1 #:revision_time_hour 9 #:revision_tz "Europe/Brussels" #:maturity_offset_days 1 #:maturity_time_hour 0)',
    '(block-staircase "weekly-forecast" #:revision_freq_weeks 1 #:revision_time_weekday 0 #:maturity_offset_days 7)',
  ],
  async impl({ args }, ctx) {
    const name = args.name as string;
    const q = ctx.query;
    const tz = checkTz(args.revision_tz as string, 'revision_tz');
    let freq = readDelta(args, 'revision_freq');
    if (!Object.keys(freq).length) freq = { days: 1 };
    const rtime = readFields(args, 'revision_time');
    if (!Object.keys(rtime).length) rtime.hour = 0;
    const moffset = readDelta(args, 'maturity_offset');
    const mtime = readFields(args, 'maturity_time');
    const latest = await read(ctx, name, 'name', { revisionDate: q.revisionDate, from: q.from, to: q.to }, true);
    const aware = latest.tzaware;
    let from = q.from ?? (latest.times.length ? latest.times[0]! : null);
    let to = q.to ?? (latest.times.length ? latest.times[latest.times.length - 1]! : null);
    if (from === null || to === null || from > to) return seriesValue(emptySeries(latest.valueType, aware));
    // Everything below is wall-clock time in revision_tz; value dates of a naive series already are.
    const wall = (us: number) => (aware ? utcToWall(us, tz) : us);
    const value = (w: number) => (aware ? wallToUtc(w, tz) : w);
    const blockStart = (rev: number) => applyFields(addDelta(rev, moffset), mtime);
    const fromW = wall(from);
    const toW = wall(to);
    let rev = applyFields(addDelta(addDelta(fromW, moffset, -1), freq, -1), rtime);
    for (let guard = 0; blockStart(rev) > fromW; guard++) {
      if (guard > MAX_BLOCKS) throw new OperatorFailure('bad_value', 'could not place the first revision before the window (check revision_* and maturity_*)');
      rev = applyFields(addDelta(rev, freq, -1), rtime);
    }
    for (let guard = 0; blockStart(applyFields(addDelta(rev, freq), rtime)) <= fromW; guard++) {
      if (guard > MAX_BLOCKS) throw new OperatorFailure('bad_value', 'too many revisions before the window');
      rev = applyFields(addDelta(rev, freq), rtime);
    }
    const parts: TimeSeries[] = [];
    for (let n = 0; ; n++) {
      if (n > MAX_BLOCKS) throw new OperatorFailure('bad_value', `more than ${MAX_BLOCKS} blocks: use a coarser revision_freq or a narrower window`);
      ctx.checkAborted();
      const next = applyFields(addDelta(rev, freq), rtime);
      if (!(next > rev)) throw new OperatorFailure('bad_value', 'revision_freq and revision_time do not move revisions forward');
      const start = blockStart(rev);
      const end = blockStart(next);
      if (start > toW) break;
      if (!(end > start)) throw new OperatorFailure('bad_value', 'maturity_* make block starts go backwards; blocks must follow each other');
      const lo = Math.max(value(start), from);
      const hi = Math.min(value(end) - 1, to);
      const revUs = wallToUtc(rev, tz);
      const asOf = q.revisionDate == null ? revUs : Math.min(revUs, q.revisionDate);
      if (lo <= hi) parts.push(await read(ctx, name, 'name', { revisionDate: asOf, from: lo, to: hi }, true));
      rev = next;
    }
    const total = parts.reduce((n, p) => n + p.times.length, 0);
    const times = new Float64Array(total);
    const strings = latest.valueType === 'string';
    const values: Float64Array | (string | null)[] = strings ? [] : new Float64Array(total);
    let k = 0;
    for (const p of parts) {
      if (p.valueType !== latest.valueType) throw new OperatorFailure('value_type', `${JSON.stringify(name)} changed value type between revisions`, 'name');
      times.set(p.times, k);
      if (strings) for (const v of p.values as (string | null)[]) (values as (string | null)[]).push(v); // no spread: blocks can be large
      else (values as Float64Array).set(p.values as Float64Array, k);
      k += p.times.length;
    }
    return seriesValue({ tzaware: aware, valueType: latest.valueType, times, values });
  },
};

// ---- holidays ------------------------------------------------------------------------------------------

type HolidayCalendar = { getHolidays(year: number): { date: string; start: Date; end: Date; type: string }[] };
type HolidaysModule = { default: new (country?: string) => HolidayCalendar & { getCountries(): Record<string, string> } };

let holidaysLib: Promise<HolidaysModule> | null = null;
// Loaded on first use: its calendars are large and most formulas never need them.
const loadHolidays = (): Promise<HolidaysModule> => (holidaysLib ??= import('date-holidays') as unknown as Promise<HolidaysModule>);

const holidays: OperatorSpec = {
  name: 'holidays',
  family: 'source',
  origin: 'tshistory',
  params: [
    { name: 'country', type: 'string', doc: 'ISO 3166 country code, e.g. "fr", "be", "de"; a region may follow: "de-by", "us-ca".' },
    { name: 'fromdate', type: 'timestamp|string', doc: 'First day of the horizon.' },
    { name: 'todate', type: 'timestamp|string', doc: 'Last day of the horizon (inclusive).' },
    { name: 'naive', type: 'bool', default: false, doc: 'Produce naive timestamps instead of tz-aware UTC ones.' },
  ],
  returns: 'series',
  doc:
    'The public holidays of a country over a horizon: one point of value 1 at midnight of each holiday day (UTC, or naive with #:naive #t); days that are not holidays have no point ' +
    '(`(options (holidays …) #:fill 0)` gives them 0 in a combination). Calendars come from the date-holidays package (no network needed).',
  examples: ['(holidays "fr" (date "2024-01-01") (date "2024-12-31"))', '(holidays "be" "2020-01-01" "2030-12-31" #:naive #t)'],
  async impl({ args }, ctx) {
    const code = String(args.country).trim();
    const [country, region] = code.toUpperCase().split(/[-_]/);
    const from = dateArg(args.fromdate!, 'fromdate')!;
    const to = dateArg(args.todate!, 'todate')!;
    const naive = args.naive === true;
    const lib = (await loadHolidays()).default;
    if (!country || !(country in new lib().getCountries())) throw new OperatorFailure('bad_value', `unknown country ${JSON.stringify(code)} (expected an ISO 3166 code like "fr")`, 'country');
    const cal = region ? new (lib as unknown as new (c: string, r: string) => HolidayCalendar)(country, region) : new lib(country);
    const d0 = Math.floor(from.us / US_PER_DAY);
    const d1 = Math.floor(to.us / US_PER_DAY);
    if (d1 - d0 > 200 * 366) throw new OperatorFailure('bad_value', 'holiday horizon longer than 200 years', 'todate');
    const days = new Set<number>();
    const [y0] = civilFromDays(d0);
    const [y1] = civilFromDays(d1);
    for (let y = y0; y <= y1; y++) {
      ctx.checkAborted();
      for (const h of cal.getHolidays(y)) {
        if (h.type !== 'public') continue;
        const [yy, mm, dd] = h.date.slice(0, 10).split('-').map(Number) as [number, number, number];
        const first = daysFromCivil(yy, mm, dd);
        const span = Math.max(1, Math.round((h.end.getTime() - h.start.getTime()) / 86_400_000));
        for (let k = 0; k < span; k++) if (first + k >= d0 && first + k <= d1) days.add(first + k);
      }
    }
    const sorted = [...days].sort((a, b) => a - b);
    const times = Float64Array.from(sorted, (d) => d * US_PER_DAY);
    return seriesValue(sliceSeries({ tzaware: !naive, valueType: 'float64', times, values: new Float64Array(times.length).fill(1) }, ctx.query.from, ctx.query.to));
  },
};

export const autotrophicOperators: OperatorSpec[] = [integration, blockStaircase, holidays];
