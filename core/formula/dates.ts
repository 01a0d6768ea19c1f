import { daysFromCivil, civilFromDays, daysInMonth, parseTimestamp, US_PER_DAY, US_PER_HOUR, US_PER_MINUTE } from '../series/time.js';
import { OperatorFailure } from './errors.js';
import { isValidTimeZone, utcToWall, wallToUtc } from './tz.js';
import { isTimestampValue, type TimestampValue, type Value } from './values.js';

// Lenient ISO: tshistory users write "2020-1-1" (pandas accepts it), so pad before strict parsing.
const LENIENT_RE = /^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2})(?::(\d{1,2})(?::(\d{1,2})([.,]\d+)?)?)?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?\s*$/;

/** Parses an ISO-like date text (`2020-1-1`, `2020-01-01T10:00+01:00`) into µs and tz-awareness. */
export function parseDateText(text: string): { us: number; tzaware: boolean } {
  const m = LENIENT_RE.exec(text);
  if (!m) throw new OperatorFailure('bad_value', `invalid date ${JSON.stringify(text)} (expected ISO 8601 like 2024-01-31 or 2024-01-31T12:00)`);
  const p2 = (s: string | undefined) => (s ?? '0').padStart(2, '0');
  const norm = `${m[1]}-${p2(m[2])}-${p2(m[3])}T${p2(m[4])}:${p2(m[5])}:${p2(m[6])}${m[7] ?? ''}${m[8] ?? ''}`;
  try {
    return parseTimestamp(norm);
  } catch (e) {
    throw new OperatorFailure('bad_value', (e as Error).message);
  }
}

/** Validation hook for literal date arguments in the registry. */
export function validateDateText(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  try {
    parseDateText(v);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

export function validateTz(v: unknown): string | undefined {
  if (v === null || typeof v !== 'string') return undefined;
  return isValidTimeZone(v) ? undefined : `unknown time zone ${JSON.stringify(v)}`;
}

export function checkTz(tz: string, arg?: string): string {
  if (!isValidTimeZone(tz)) throw new OperatorFailure('bad_value', `unknown time zone ${JSON.stringify(tz)}`, arg);
  return tz;
}

/** A date argument given as a timestamp value or as ISO text, as µs (aware: UTC; naive: wall clock). */
export function dateArg(v: Value, arg: string): TimestampValue | null {
  if (v === null) return null;
  if (isTimestampValue(v)) return v;
  if (typeof v === 'string') {
    const p = parseDateText(v);
    return { type: 'timestamp', us: p.us, tzaware: p.tzaware, tz: null };
  }
  throw new OperatorFailure('type_mismatch', `${arg} must be a date`, arg);
}

/** Wall-clock reading of a timestamp in its own zone (UTC for aware timestamps without a zone). */
export function wallOf(t: TimestampValue): number {
  return t.tzaware ? utcToWall(t.us, t.tz ?? 'UTC') : t.us;
}

/** The timestamp in the same zone whose wall-clock reading is `wall`. */
export function withWall(t: TimestampValue, wall: number): TimestampValue {
  return { ...t, us: t.tzaware ? wallToUtc(wall, t.tz ?? 'UTC') : wall };
}

export interface CalendarDelta {
  years?: number;
  months?: number;
  weeks?: number;
  days?: number;
  hours?: number;
  minutes?: number;
}

/** Adds a calendar delta to a wall-clock reading: years/months first (day clamped to month end), then the rest. */
export function addCalendar(wall: number, d: CalendarDelta): number {
  const months = (d.years ?? 0) * 12 + (d.months ?? 0);
  let out = wall;
  if (months) {
    const day = Math.floor(wall / US_PER_DAY);
    const tod = wall - day * US_PER_DAY;
    const [y, m, dd] = civilFromDays(day);
    const idx = y * 12 + (m - 1) + months;
    const ny = Math.floor(idx / 12);
    const nm = idx - ny * 12 + 1;
    out = daysFromCivil(ny, nm, Math.min(dd, daysInMonth(ny, nm))) * US_PER_DAY + tod;
  }
  return out + ((d.weeks ?? 0) * 7 + (d.days ?? 0)) * US_PER_DAY + (d.hours ?? 0) * US_PER_HOUR + (d.minutes ?? 0) * US_PER_MINUTE;
}

/** Replaces the day of month of a wall-clock reading (time of day kept). */
export function setDayOfMonth(wall: number, pick: (y: number, m: number) => number): number {
  const day = Math.floor(wall / US_PER_DAY);
  const tod = wall - day * US_PER_DAY;
  const [y, m] = civilFromDays(day);
  return daysFromCivil(y, m, pick(y, m)) * US_PER_DAY + tod;
}
