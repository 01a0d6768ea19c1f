import { civilFromDays, US_PER_DAY, US_PER_HOUR, US_PER_MINUTE } from '../../series/time.js';
import { checkTz, validateTz } from '../dates.js';
import { OperatorFailure } from '../errors.js';
import type { OperatorSpec, ParamSpec } from '../registry.js';
import { utcToWall } from '../tz.js';
import { seriesValue, type Value } from '../values.js';
import { ser } from './util.js';

/*
 * Calendar filters in cron syntax: `*`, `5`, `1-5`, `*\/15`, `1-10/3`, lists `1,15,30`; month and weekday
 * names (`jan`, `mon-fri`). Weekdays count as in cron: 0 (or 7) is Sunday, 1 Monday … 6 Saturday.
 */

type Field = 'minute' | 'hour' | 'day' | 'month' | 'weekday';
const RANGE: Record<Field, [number, number]> = { minute: [0, 59], hour: [0, 23], day: [1, 31], month: [1, 12], weekday: [0, 7] };
const NAMES: Partial<Record<Field, string[]>> = {
  month: ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'],
  weekday: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'],
};
const ORDER: Field[] = ['minute', 'hour', 'day', 'month', 'weekday'];

/** The allowed values of one cron field as a mask indexed by value; throws a message on bad syntax. */
export function parseCronField(text: string, field: Field): Uint8Array {
  const [lo, hi] = RANGE[field];
  const mask = new Uint8Array(hi + 1);
  const value = (s: string): number => {
    const names = NAMES[field];
    const k = names?.indexOf(s.toLowerCase()) ?? -1;
    const v = k >= 0 ? k + (field === 'month' ? 1 : 0) : /^\d+$/.test(s) ? Number(s) : NaN;
    if (!(v >= lo && v <= hi)) throw new Error(`${field} value ${JSON.stringify(s)} is not within ${lo}..${hi}${names ? ` or a name like ${names[1]}` : ''}`);
    return v;
  };
  for (const part of String(text).trim().split(',')) {
    const m = /^(\*|[A-Za-z0-9]+(?:-[A-Za-z0-9]+)?)(?:\/(\d+))?$/.exec(part.trim());
    if (!m) throw new Error(`invalid ${field} ${JSON.stringify(part)} (expected cron syntax like *, 5, 1-5, */15 or 1,15)`);
    const step = m[2] ? Number(m[2]) : 1;
    if (!(step >= 1)) throw new Error(`${field} step must be at least 1`);
    let a: number, b: number;
    if (m[1] === '*') [a, b] = [lo, hi];
    else if (m[1]!.includes('-')) [a, b] = m[1]!.split('-').map(value) as [number, number];
    else [a, b] = [value(m[1]!), m[2] ? hi : value(m[1]!)];
    if (field === 'weekday' && b === 0 && a > 0) b = 7; // "fri-sun": Sunday closing a range is 7
    if (a > b) throw new Error(`${field} range ${JSON.stringify(m[1])} goes backwards`);
    for (let v = a; v <= b; v += step) mask[v] = 1;
  }
  if (field === 'weekday' && mask[7]) {
    mask[0] = 1;
    mask[7] = 0;
  }
  return mask;
}

const fieldParam = (name: Field, doc: string): ParamSpec => ({
  name,
  type: 'string|int|nil',
  default: null,
  doc,
  validate: (v) => {
    if (v === null || v === undefined || typeof v === 'boolean') return undefined;
    try {
      parseCronField(String(v), name);
      return undefined;
    } catch (e) {
      return (e as Error).message;
    }
  },
});

function cronRule(text: string): Record<Field, string> {
  const parts = text.trim().split(/\s+/);
  if (parts.length !== 5) throw new Error(`cronrule needs 5 fields (minute hour day month weekday), got ${parts.length}`);
  return Object.fromEntries(ORDER.map((f, i) => [f, parts[i]!])) as Record<Field, string>;
}

export const dateFilterOperators: OperatorSpec[] = [
  {
    name: 'date-filter',
    family: 'time',
    origin: 'tshistory',
    params: [{ name: 'series', type: 'series', doc: 'The series (numbers or strings).' }],
    keywords: [
      {
        name: 'cronrule',
        type: 'string|nil',
        default: null,
        doc: 'A whole rule "minute hour day month weekday", e.g. "* 8-19 * * mon-fri"; fields given by keyword are combined with it.',
        validate: (v) => {
          if (typeof v !== 'string') return undefined;
          try {
            const r = cronRule(v);
            for (const f of ORDER) parseCronField(r[f], f);
            return undefined;
          } catch (e) {
            return (e as Error).message;
          }
        },
      },
      fieldParam('minute', 'Minutes kept (0-59).'),
      fieldParam('hour', 'Hours kept (0-23).'),
      fieldParam('day', 'Days of the month kept (1-31).'),
      fieldParam('month', 'Months kept (1-12 or jan-dec).'),
      fieldParam('weekday', 'Days of the week kept (0 or 7 = Sunday, 1 = Monday … 6; or sun-sat).'),
      { name: 'tz', type: 'string|nil', default: null, doc: 'Zone whose wall clock the fields are read in, for a tz-aware series (UTC by default).', validate: validateTz },
    ],
    returns: 'series',
    doc:
      'Keeps the points whose timestamp matches calendar fields written in cron syntax (`*`, `5`, `1-5`, `*/15`, `1,15`, names like `jan` or `mon-fri`), given as a ' +
      '#:cronrule and/or one keyword per field. Every given field must match (unlike cron, day and weekday are not alternatives). A tz-aware series is read on the wall clock of #:tz.',
    examples: ['(date-filter (series "load") #:cronrule "* 8-19 * * mon-fri" #:tz "Europe/Paris")', '(date-filter (series "prices") #:month "6-8")', '(date-filter (series "x") #:weekday "sat,sun" #:hour 12)'],
    impl: ({ args }) => {
      const s = ser(args.series!, 'series');
      const specs: Partial<Record<Field, Uint8Array>> = {};
      const add = (f: Field, text: string, arg: string) => {
        try {
          const m = parseCronField(text, f);
          const prev = specs[f];
          if (prev) for (let i = 0; i < m.length; i++) m[i] = m[i]! & prev[i]!;
          specs[f] = m;
        } catch (e) {
          throw new OperatorFailure('bad_value', (e as Error).message, arg);
        }
      };
      if (typeof args.cronrule === 'string') {
        let r: Record<Field, string>;
        try {
          r = cronRule(args.cronrule);
        } catch (e) {
          throw new OperatorFailure('bad_value', (e as Error).message, 'cronrule');
        }
        for (const f of ORDER) if (r[f] !== '*') add(f, r[f], 'cronrule');
      }
      for (const f of ORDER) {
        const v: Value = args[f]!;
        if (v !== null) add(f, String(v), f);
      }
      const tz = args.tz as string | null;
      if (tz !== null) {
        checkTz(tz, 'tz');
        if (!s.series.tzaware && s.series.times.length) throw new OperatorFailure('bad_value', 'a naive series has no zone to read: drop #:tz', 'tz');
      }
      const { times, values } = s.series;
      const keep = new Uint8Array(times.length);
      let n = 0;
      for (let i = 0; i < times.length; i++) {
        const wall = tz && tz !== 'UTC' ? utcToWall(times[i]!, tz) : times[i]!;
        const day = Math.floor(wall / US_PER_DAY);
        const tod = wall - day * US_PER_DAY;
        let ok = true;
        if (specs.minute) ok = specs.minute[Math.floor((tod % US_PER_HOUR) / US_PER_MINUTE)] === 1;
        if (ok && specs.hour) ok = specs.hour[Math.floor(tod / US_PER_HOUR)] === 1;
        if (ok && specs.weekday) ok = specs.weekday[(((day + 4) % 7) + 7) % 7] === 1; // 1970-01-01 was a Thursday (4)
        if (ok && (specs.day || specs.month)) {
          const [, m, d] = civilFromDays(day);
          if (specs.day) ok = specs.day[d] === 1;
          if (ok && specs.month) ok = specs.month[m] === 1;
        }
        if (ok) {
          keep[i] = 1;
          n++;
        }
      }
      if (n === times.length) return s;
      const t = new Float64Array(n);
      const v: Float64Array | (string | null)[] = values instanceof Float64Array ? new Float64Array(n) : new Array<string | null>(n);
      n = 0;
      for (let i = 0; i < times.length; i++) {
        if (!keep[i]) continue;
        t[n] = times[i]!;
        v[n++] = values[i] as never;
      }
      return seriesValue({ ...s.series, times: t, values: v }, s);
    },
  },
];
