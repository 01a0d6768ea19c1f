import { StrataError } from '../base/errors.js';

/**
 * Timestamps are integer microseconds since 1970-01-01T00:00:00 held in a JS number (float64).
 * Integers are exact up to 2^53 µs, i.e. roughly years 1685–2255; parsing rejects anything outside
 * MIN_YEAR..MAX_YEAR so every stored timestamp is exact. Tz-aware instants count from the UTC epoch;
 * naive (wall-clock) timestamps count from the same calendar origin without a zone.
 *
 * Hand-written rather than Date.parse: Date keeps milliseconds only and accepts many non-ISO forms.
 */
export const MIN_YEAR = 1700;
export const MAX_YEAR = 2200;

export const US_PER_MS = 1_000;
export const US_PER_SECOND = 1_000_000;
export const US_PER_MINUTE = 60 * US_PER_SECOND;
export const US_PER_HOUR = 60 * US_PER_MINUTE;
export const US_PER_DAY = 24 * US_PER_HOUR;

export interface ParsedTimestamp {
  /** Microseconds since the epoch (UTC for instants, wall-clock origin for naive values). */
  us: number;
  /** True when the text carried `Z` or a UTC offset. */
  tzaware: boolean;
}

// Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar (H. Hinnant's days_from_civil).
export function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

// Inverse of daysFromCivil (H. Hinnant's civil_from_days).
export function civilFromDays(z: number): [number, number, number] {
  z += 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const y = yoe + era * 400;
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp + (mp < 10 ? 3 : -9);
  return [m <= 2 ? y + 1 : y, m, d];
}

export function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

const ISO_RE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;

function bad(text: string, why: string, where?: string): StrataError {
  return new StrataError('bad_timestamp', `${where ? where + ': ' : ''}invalid timestamp ${JSON.stringify(text)}: ${why}`, {
    text,
    ...(where ? { where } : {}),
  });
}

/**
 * Parses an ISO 8601 date or date-time (`2024-03-01`, `2024-03-01T12:00`, `2024-03-01 12:00:00.123456+01:00`,
 * `...Z`). Fractions beyond microseconds are accepted only when the extra digits are zeros.
 * `where` names the place in the input for the error message (e.g. `points[3]`).
 */
export function parseTimestamp(text: string, where?: string): ParsedTimestamp {
  if (typeof text !== 'string') throw bad(String(text), 'expected an ISO 8601 string', where);
  const m = ISO_RE.exec(text.trim());
  if (!m) throw bad(text, 'expected ISO 8601 like 2024-03-01T12:00:00Z', where);
  const year = +m[1]!;
  const month = +m[2]!;
  const day = +m[3]!;
  const hour = m[4] ? +m[4] : 0;
  const minute = m[5] ? +m[5] : 0;
  const second = m[6] ? +m[6] : 0;
  if (year < MIN_YEAR || year > MAX_YEAR) throw bad(text, `year must be within ${MIN_YEAR}..${MAX_YEAR}`, where);
  if (month < 1 || month > 12) throw bad(text, 'month out of range', where);
  if (day < 1 || day > daysInMonth(year, month)) throw bad(text, 'day out of range for the month', where);
  if (hour > 23) throw bad(text, 'hour out of range', where);
  if (minute > 59) throw bad(text, 'minute out of range', where);
  if (second > 59) throw bad(text, 'second out of range (leap seconds are not supported)', where);
  let frac = 0;
  if (m[7]) {
    const digits = m[7];
    if (digits.length > 6 && /[^0]/.test(digits.slice(6))) {
      throw bad(text, 'sub-microsecond precision is not supported', where);
    }
    frac = +digits.slice(0, 6).padEnd(6, '0');
  }
  let offsetUs = 0;
  const zone = m[8];
  if (zone && zone !== 'Z' && zone !== 'z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const rest = zone.slice(1).replace(':', '');
    const oh = +rest.slice(0, 2);
    const om = rest.length > 2 ? +rest.slice(2, 4) : 0;
    if (oh > 23 || om > 59) throw bad(text, 'UTC offset out of range', where);
    offsetUs = sign * (oh * US_PER_HOUR + om * US_PER_MINUTE);
  }
  const us =
    daysFromCivil(year, month, day) * US_PER_DAY + hour * US_PER_HOUR + minute * US_PER_MINUTE + second * US_PER_SECOND + frac - offsetUs;
  return { us, tzaware: zone !== undefined };
}

/** Parses and requires a tz-aware instant (insertion dates, revision dates). Naive text is read as UTC. */
export function parseInstant(text: string, where?: string): number {
  return parseTimestamp(text, where).us;
}

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

/**
 * Formats microseconds as ISO 8601: `YYYY-MM-DDTHH:MM:SS[.ffffff]` followed by `Z` for instants and
 * nothing for naive timestamps. The fraction is written only when non-zero (as Python's isoformat does).
 */
export function formatTimestamp(us: number, tzaware: boolean): string {
  const days = Math.floor(us / US_PER_DAY);
  let rem = us - days * US_PER_DAY;
  const [y, mo, d] = civilFromDays(days);
  const h = Math.floor(rem / US_PER_HOUR);
  rem -= h * US_PER_HOUR;
  const mi = Math.floor(rem / US_PER_MINUTE);
  rem -= mi * US_PER_MINUTE;
  const s = Math.floor(rem / US_PER_SECOND);
  const frac = rem - s * US_PER_SECOND;
  const base = `${pad(y, 4)}-${pad(mo)}-${pad(d)}T${pad(h)}:${pad(mi)}:${pad(s)}`;
  return base + (frac ? '.' + pad(frac, 6) : '') + (tzaware ? 'Z' : '');
}

/** The current instant in microseconds (millisecond resolution from the system clock). */
export function nowUs(): number {
  return Date.now() * US_PER_MS;
}
