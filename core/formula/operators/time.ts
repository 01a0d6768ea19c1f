import { sliceSeries, type TimeSeries } from '../../series/series.js';
import { US_PER_DAY, US_PER_HOUR, US_PER_MINUTE } from '../../series/time.js';
import { addCalendar, checkTz, dateArg, parseDateText, setDayOfMonth, validateDateText, validateTz, wallOf, withWall } from '../dates.js';
import { OperatorFailure } from '../errors.js';
import type { OperatorSpec, ParamSpec } from '../registry.js';
import type { SeriesQuery } from '../resolver.js';
import { utcToWall, wallToUtc } from '../tz.js';
import { isTimestampValue, seriesValue, type TimestampValue, type Value } from '../values.js';
import { num, ser } from './util.js';

function ts(v: Value, arg: string): TimestampValue {
  if (!isTimestampValue(v)) throw new OperatorFailure('type_mismatch', `${arg} must be a date`, arg);
  return v;
}

const dateParam: ParamSpec = { name: 'date', type: 'timestamp', doc: 'A date, e.g. (date "2024-01-01") or (today).' };
const intParam = (name: string, doc: string): ParamSpec => ({ name, type: 'int', default: 0, doc });
const tzParam: ParamSpec = { name: 'tz', type: 'string|nil', default: null, doc: 'IANA time zone, e.g. "Europe/Paris" (UTC when absent).', validate: validateTz };
const naiveParam: ParamSpec = { name: 'naive', type: 'bool', default: false, doc: 'Produce a naive (wall-clock) timestamp.' };

/** Maps each timestamp of a series and re-sorts; colliding timestamps are merged (mean for numbers, last for strings). */
function remapTimes(s: TimeSeries, fn: (t: number) => number, tzaware: boolean): TimeSeries {
  const n = s.times.length;
  const t = new Float64Array(n);
  let sorted = true;
  for (let i = 0; i < n; i++) {
    t[i] = fn(s.times[i]!);
    if (i && t[i]! < t[i - 1]!) sorted = false;
  }
  let order: Int32Array | null = null;
  if (!sorted) {
    order = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => t[a]! - t[b]! || a - b);
  }
  const at = (i: number) => (order ? order[i]! : i);
  const times: number[] = [];
  const isNum = s.valueType === 'float64';
  const vals: (number | string | null)[] = [];
  const counts: number[] = [];
  for (let i = 0; i < n; i++) {
    const k = at(i);
    const time = t[k]!;
    const v = s.values[k]!;
    if (times.length && times[times.length - 1] === time) {
      const j = times.length - 1;
      if (isNum) {
        vals[j] = (vals[j] as number) + (v as number);
        counts[j]!++;
      } else vals[j] = v;
    } else {
      times.push(time);
      vals.push(v);
      counts.push(1);
    }
  }
  if (isNum) for (let j = 0; j < vals.length; j++) vals[j] = (vals[j] as number) / counts[j]!;
  return {
    tzaware,
    valueType: s.valueType,
    times: Float64Array.from(times),
    values: isNum ? Float64Array.from(vals as number[]) : (vals as (string | null)[]),
  };
}

/** `now` / `today`: the instant (or its midnight) as an aware timestamp in `tz`, or a naive UTC wall-clock reading. */
function nowValue(args: Record<string, Value>, now: number, midnight: boolean): TimestampValue {
  const tz = args.tz as string | null;
  const floor = (wall: number) => (midnight ? Math.floor(wall / US_PER_DAY) * US_PER_DAY : wall);
  if (args.naive === true) {
    if (tz !== null) throw new OperatorFailure('bad_value', 'tz and naive cannot be used together', 'tz');
    return { type: 'timestamp', us: floor(now), tzaware: false, tz: null };
  }
  const zone = checkTz(tz ?? 'UTC', 'tz');
  const t: TimestampValue = { type: 'timestamp', us: now, tzaware: true, tz };
  return midnight ? { ...t, us: wallToUtc(floor(utcToWall(now, zone)), zone) } : t;
}

function shiftUs(a: Record<string, Value>): number {
  return (num(a.weeks!, 'weeks') * 7 + num(a.days!, 'days')) * US_PER_DAY + num(a.hours!, 'hours') * US_PER_HOUR + num(a.minutes!, 'minutes') * US_PER_MINUTE;
}

function mapBounds(q: SeriesQuery, fn: (t: number) => number): SeriesQuery {
  return { ...q, from: q.from == null ? q.from : fn(q.from), to: q.to == null ? q.to : fn(q.to) };
}

export const timeOperators: OperatorSpec[] = [
  {
    name: 'date',
    family: 'time',
    origin: 'tshistory',
    params: [
      { name: 'strdate', type: 'string', doc: 'ISO 8601 date, e.g. "2024-01-31" or "2024-01-31T06:00".', validate: validateDateText },
      naiveParam,
      { name: 'tz', type: 'string|nil', default: 'UTC', doc: 'IANA zone the text is read in; nil gives a naive timestamp (as tshistory does).', validate: validateTz },
    ],
    returns: 'timestamp',
    doc: 'A timestamp from ISO text: tz-aware, read as wall-clock time in `tz` (UTC by default); naive with #:tz nil or #:naive #t (older tshistory releases; tz and naive exclude each other).',
    examples: ['(date "2020-1-1")', '(date "2024-03-31 02:30" #:tz "Europe/Paris")', '(date "2024-01-01" #:tz nil)', '(date "2024-01-01" #:naive #t)'],
    impl: ({ args }) => {
      const p = parseDateText(args.strdate as string);
      const tz = args.tz as string | null;
      if (args.naive === true || tz === null) {
        if (tz !== null && tz !== 'UTC') throw new OperatorFailure('bad_value', 'tz and naive cannot be used together', 'tz');
        return { type: 'timestamp', us: p.us, tzaware: false, tz: null };
      }
      const zone = checkTz(tz, 'tz');
      return { type: 'timestamp', us: p.tzaware ? p.us : wallToUtc(p.us, zone), tzaware: true, tz: zone === 'UTC' ? null : zone };
    },
  },
  {
    name: 'now',
    family: 'time',
    origin: 'tshistory',
    params: [naiveParam, tzParam],
    returns: 'timestamp',
    doc: 'The current instant (tz-aware, UTC unless `tz`), or the revision date when the formula is read as of a revision, so formulas using it are reproducible. (Older tshistory releases called this `today`.)',
    examples: ['(now)', '(now #:tz "Europe/Paris")', '(asof (shifted (now) #:hours -6) (series "forecast"))'],
    impl: ({ args }, ctx) => nowValue(args, ctx.query.revisionDate ?? ctx.now, false),
  },
  {
    name: 'today',
    family: 'time',
    origin: 'tshistory',
    params: [naiveParam, tzParam],
    returns: 'timestamp',
    doc: 'Midnight at the start of the current day (in `tz`, UTC by default; naive with #:naive #t); the current day is the revision date\'s when the formula is read as of a revision. `now` gives the instant itself.',
    examples: ['(today)', '(today #:tz "Europe/Paris")', '(slice (series "forecast") #:fromdate (today))'],
    impl: ({ args }, ctx) => nowValue(args, ctx.query.revisionDate ?? ctx.now, true),
  },
  {
    name: 'timedelta',
    aliases: ['shifted'],
    family: 'time',
    origin: 'tshistory',
    params: [
      dateParam,
      intParam('years', 'Years to add.'),
      intParam('months', 'Months to add (day clamped to the month end).'),
      intParam('weeks', 'Weeks to add.'),
      intParam('days', 'Days to add.'),
      intParam('hours', 'Hours to add.'),
      intParam('minutes', 'Minutes to add.'),
    ],
    returns: 'timestamp',
    doc: 'Moves a date by calendar amounts (negative to go back), on the wall clock of its time zone.',
    examples: ['(timedelta (date "2020-1-1") #:weeks 1 #:hours 2)', '(shifted (today) #:days -1)'],
    impl: ({ args }) => {
      const t = ts(args.date!, 'date');
      const d = {
        years: num(args.years!, 'years'),
        months: num(args.months!, 'months'),
        weeks: num(args.weeks!, 'weeks'),
        days: num(args.days!, 'days'),
        hours: num(args.hours!, 'hours'),
        minutes: num(args.minutes!, 'minutes'),
      };
      return withWall(t, addCalendar(wallOf(t), d));
    },
  },
  {
    name: 'start-of-month',
    family: 'time',
    origin: 'tshistory',
    params: [dateParam],
    returns: 'timestamp',
    doc: 'Midnight on the first day of the date\'s month (in the date\'s zone).',
    examples: ['(start-of-month (date "1973-05-20 09:00"))'],
    impl: ({ args }) => {
      const t = ts(args.date!, 'date');
      const w = setDayOfMonth(wallOf(t), () => 1);
      return withWall(t, Math.floor(w / US_PER_DAY) * US_PER_DAY);
    },
  },
  {
    name: 'end-of-month',
    family: 'time',
    origin: 'tshistory',
    params: [dateParam],
    returns: 'timestamp',
    doc: 'The same time on the last day of the date\'s month.',
    examples: ['(end-of-month (date "1973-05-20 09:00"))'],
    impl: ({ args }) => {
      const t = ts(args.date!, 'date');
      return withWall(t, setDayOfMonth(wallOf(t), (y, m) => new Date(Date.UTC(y, m, 0)).getUTCDate()));
    },
  },
  {
    name: 'time-shifted',
    family: 'time',
    origin: 'tshistory',
    params: [
      { name: 'series', type: 'series', doc: 'The series.' },
      intParam('weeks', 'Weeks.'),
      intParam('days', 'Days.'),
      intParam('hours', 'Hours.'),
      intParam('minutes', 'Minutes.'),
    ],
    returns: 'series',
    doc: 'Shifts the timestamps of a series by a fixed amount (the inputs are read over the window shifted back accordingly).',
    examples: ['(time-shifted (series "shifted") #:days 2 #:hours 7)'],
    scope: (a, q) => {
      const d = shiftUs(a);
      return mapBounds(q, (t) => t - d);
    },
    impl: ({ args }) => {
      const s = ser(args.series!, 'series');
      const d = shiftUs(args);
      const times = new Float64Array(s.series.times.length);
      for (let i = 0; i < times.length; i++) times[i] = s.series.times[i]! + d;
      return seriesValue({ ...s.series, times }, s);
    },
  },
  {
    name: 'slice',
    family: 'time',
    origin: 'tshistory',
    params: [
      { name: 'series', type: 'series', doc: 'The series.' },
      { name: 'fromdate', type: 'timestamp|string|nil', default: null, doc: 'First value date kept (inclusive): a date or ISO text.', validate: validateDateText },
      { name: 'todate', type: 'timestamp|string|nil', default: null, doc: 'Last value date kept (inclusive).', validate: validateDateText },
    ],
    returns: 'series',
    doc: 'Keeps the points between fromdate and todate (inclusive); the inputs are only read over that window.',
    examples: ['(slice (series "cut-me") #:fromdate "2018-01-01")', '(slice (series "cut-me") #:fromdate (date "2018-01-01") #:todate (date "2018-12-31"))'],
    scope: (a, q) => {
      const f = dateArg(a.fromdate!, 'fromdate');
      const t = dateArg(a.todate!, 'todate');
      return {
        ...q,
        from: f ? Math.max(f.us, q.from ?? -Infinity) : q.from,
        to: t ? Math.min(t.us, q.to ?? Infinity) : q.to,
      };
    },
    impl: ({ args }) => {
      const s = ser(args.series!, 'series');
      const f = dateArg(args.fromdate!, 'fromdate');
      const t = dateArg(args.todate!, 'todate');
      return seriesValue(sliceSeries(s.series, f?.us, t?.us), s);
    },
  },
  {
    name: 'naive',
    family: 'time',
    origin: 'tshistory',
    params: [
      { name: 'series', type: 'series', doc: 'A tz-aware series (a naive one is returned unchanged).' },
      { name: 'tzone', type: 'string', doc: 'Zone whose wall clock the result shows, e.g. "Europe/Warsaw".', validate: validateTz },
    ],
    returns: 'series',
    doc: 'Demotes a tz-aware series to naive wall-clock timestamps in `tzone`; timestamps repeated when clocks go back are averaged.',
    examples: ['(naive (series "tz-aware-series-from-poland") "Europe/Warsaw")'],
    scope: (a, q) => {
      const tz = checkTz(a.tzone as string, 'tzone');
      return mapBounds(q, (t) => wallToUtc(t, tz));
    },
    impl: ({ args }) => {
      const s = ser(args.series!, 'series');
      const tz = checkTz(args.tzone as string, 'tzone');
      if (!s.series.tzaware) return s;
      return seriesValue(remapTimes(s.series, (t) => utcToWall(t, tz), false), s);
    },
  },
  {
    name: 'tzaware',
    family: 'time',
    origin: 'tshistory',
    params: [
      { name: 'series', type: 'series', doc: 'A naive series (a tz-aware one is returned unchanged).' },
      { name: 'tzone', type: 'string', doc: 'Zone in which the naive timestamps are wall-clock readings.', validate: validateTz },
    ],
    returns: 'series',
    doc: 'Promotes a naive series to tz-aware by reading its timestamps as wall-clock time in `tzone` (readings skipped by a DST gap move forward; repeated ones take the first instant).',
    examples: ['(tzaware (series "naive-paris-load") "Europe/Paris")'],
    scope: (a, q) => {
      const tz = checkTz(a.tzone as string, 'tzone');
      return mapBounds(q, (t) => utcToWall(t, tz));
    },
    impl: ({ args }) => {
      const s = ser(args.series!, 'series');
      const tz = checkTz(args.tzone as string, 'tzone');
      if (s.series.tzaware) return s;
      return seriesValue(remapTimes(s.series, (t) => wallToUtc(t, tz), true), s);
    },
  },
];
