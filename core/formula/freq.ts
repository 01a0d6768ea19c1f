import { civilFromDays, daysFromCivil, daysInMonth, US_PER_DAY, US_PER_HOUR, US_PER_MINUTE, US_PER_MS, US_PER_SECOND } from '../series/time.js';
import { OperatorFailure } from './errors.js';

/**
 * Pandas-style frequency aliases used by `resample` and `constant`: fixed lengths (`D`, `H`/`h`,
 * `T`/`min`, `S`/`s`, `ms`, `us`, with a multiplier like `15min`), weeks (`W` = `W-SUN`, labelled by
 * the closing day), and calendar periods labelled by their end (`M`/`ME`, `Q`/`QE`, `A`/`Y`/`YE`) or
 * start (`MS`, `QS`, `AS`/`YS`).
 */
export type Freq =
  | { kind: 'fixed'; us: number; text: string }
  | { kind: 'week'; n: number; weekday: number; text: string }
  | { kind: 'months'; n: number; months: number; anchor: 'start' | 'end'; text: string };

const FIXED: Record<string, number> = {
  D: US_PER_DAY,
  H: US_PER_HOUR,
  h: US_PER_HOUR,
  T: US_PER_MINUTE,
  min: US_PER_MINUTE,
  S: US_PER_SECOND,
  s: US_PER_SECOND,
  L: US_PER_MS,
  ms: US_PER_MS,
  U: 1,
  us: 1,
};
const MONTHLY: Record<string, [number, 'start' | 'end']> = {
  M: [1, 'end'],
  ME: [1, 'end'],
  MS: [1, 'start'],
  Q: [3, 'end'],
  QE: [3, 'end'],
  'Q-DEC': [3, 'end'],
  QS: [3, 'start'],
  'QS-JAN': [3, 'start'],
  A: [12, 'end'],
  Y: [12, 'end'],
  YE: [12, 'end'],
  'A-DEC': [12, 'end'],
  'Y-DEC': [12, 'end'],
  AS: [12, 'start'],
  YS: [12, 'start'],
  'AS-JAN': [12, 'start'],
  'YS-JAN': [12, 'start'],
};
const WEEKDAYS = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'];

export function parseFreq(text: string): Freq {
  const m = /^\s*(\d+)?\s*([A-Za-z][A-Za-z-]*)\s*$/.exec(String(text));
  const n = m?.[1] ? parseInt(m[1], 10) : 1;
  const unit = m?.[2] ?? '';
  if (m && n > 0) {
    if (unit in FIXED) return { kind: 'fixed', us: n * FIXED[unit]!, text };
    if (unit in MONTHLY) {
      const [months, anchor] = MONTHLY[unit]!;
      return { kind: 'months', n, months, anchor, text };
    }
    const w = /^W(?:-([A-Z]{3}))?$/.exec(unit);
    if (w && (!w[1] || WEEKDAYS.includes(w[1]))) return { kind: 'week', n, weekday: w[1] ? WEEKDAYS.indexOf(w[1]) : 6, text };
  }
  throw new OperatorFailure('bad_value', `unknown frequency ${JSON.stringify(text)} (e.g. "D", "H", "15min", "W", "MS", "M", "YS")`);
}

export function validateFreq(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  try {
    parseFreq(v);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

function weekdayOf(day: number): number {
  // 1970-01-01 was a Thursday (Monday = 0).
  return (((day + 3) % 7) + 7) % 7;
}

function monthIndex(us: number): number {
  const [y, m] = civilFromDays(Math.floor(us / US_PER_DAY));
  return y * 12 + (m - 1);
}

function monthLabel(idx: number, anchor: 'start' | 'end', span: number): number {
  const first = anchor === 'start' ? idx : idx + span - 1;
  const y = Math.floor(first / 12);
  const m = first - y * 12 + 1;
  return daysFromCivil(y, m, anchor === 'start' ? 1 : daysInMonth(y, m)) * US_PER_DAY;
}

/**
 * A function giving the bucket label of a timestamp for resampling; `first` is the first timestamp
 * (fixed buckets start at its midnight, as pandas' default origin `start_day`).
 */
export function bucketer(freq: Freq, first: number): { label(t: number): number; next(label: number): number } {
  switch (freq.kind) {
    case 'fixed': {
      const origin = Math.floor(first / US_PER_DAY) * US_PER_DAY;
      const w = freq.us;
      return { label: (t) => origin + Math.floor((t - origin) / w) * w, next: (l) => l + w };
    }
    case 'week': {
      const step = 7 * freq.n * US_PER_DAY;
      const labelOf = (t: number) => {
        const day = Math.floor(t / US_PER_DAY);
        return (day + ((freq.weekday - weekdayOf(day) + 7) % 7)) * US_PER_DAY;
      };
      const firstLabel = labelOf(first);
      return {
        label: (t) => firstLabel + Math.ceil((labelOf(t) - firstLabel) / step) * step,
        next: (l) => l + step,
      };
    }
    case 'months': {
      const span = freq.months * freq.n;
      // Periods align on calendar quarters/years (months since year 0 divisible by the period length).
      const base = freq.n === 1 ? 0 : monthIndex(first) - (((monthIndex(first) % freq.months) + freq.months) % freq.months);
      const periodStart = (idx: number) => base + Math.floor((idx - base) / span) * span;
      return {
        label: (t) => monthLabel(periodStart(monthIndex(t)), freq.anchor, span),
        next: (l) => monthLabel(periodStart(monthIndex(l)) + span, freq.anchor, span),
      };
    }
  }
}

/** Timestamps from `start` to `end` (inclusive) at `freq` (pandas date_range); calendar freqs snap to anchors. */
export function dateRange(start: number, end: number, freq: Freq, max = 50_000_000): Float64Array {
  const out: number[] = [];
  if (freq.kind === 'fixed') {
    const n = Math.floor((end - start) / freq.us) + 1;
    if (n > max) throw new OperatorFailure('bad_value', `date range of ${n} points is too large`);
    const a = new Float64Array(Math.max(0, n));
    for (let i = 0; i < a.length; i++) a[i] = start + i * freq.us;
    return a;
  }
  const b = bucketer(freq, start);
  const tod = start - Math.floor(start / US_PER_DAY) * US_PER_DAY;
  let t = b.label(start) + tod;
  if (t < start) t = b.next(t - tod) + tod;
  while (t <= end) {
    if (out.length >= max) throw new OperatorFailure('bad_value', `date range is too large`);
    out.push(t);
    t = b.next(t - tod) + tod;
  }
  return Float64Array.from(out);
}
