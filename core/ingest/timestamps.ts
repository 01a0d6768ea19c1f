import { daysFromCivil, daysInMonth, MAX_YEAR, MIN_YEAR, US_PER_DAY, US_PER_HOUR, US_PER_MINUTE, US_PER_SECOND } from '../series/time.js';
import type { TimeFormat } from './types.js';

/**
 * Timestamp parsing straight from bytes for the common ISO 8601 shapes; callers fall back to
 * series/time.ts parseTimestamp (which also explains what is wrong) when these return NaN.
 */

/** Set by the parsers: whether the last parsed text carried a zone (Z or an offset). */
export const parsed = { tzaware: false };

const MIN_US = daysFromCivil(MIN_YEAR, 1, 1) * US_PER_DAY;
const MAX_US = daysFromCivil(MAX_YEAR + 1, 1, 1) * US_PER_DAY - 1;

function dig(buf: Uint8Array, i: number): number {
  const d = buf[i]! - 0x30;
  return d >= 0 && d <= 9 ? d : -1000;
}

function two(buf: Uint8Array, i: number): number {
  return dig(buf, i) * 10 + dig(buf, i + 1);
}

let lastDateKey = -1;
let lastDays = 0;

/** Days since 1970-01-01 of `YYYY-MM-DD` at buf[s]; NaN when not a valid date. */
function dateAt(buf: Uint8Array, s: number): number {
  if (buf[s + 4] !== 0x2d || buf[s + 7] !== 0x2d) return NaN;
  const y = two(buf, s) * 100 + two(buf, s + 2);
  const m = two(buf, s + 5);
  const d = two(buf, s + 8);
  if (y < MIN_YEAR || y > MAX_YEAR || m < 1 || m > 12 || d < 1) return NaN;
  const key = y * 10000 + m * 100 + d;
  if (key === lastDateKey) return lastDays; // rows often share the date
  if (d > daysInMonth(y, m)) return NaN;
  lastDateKey = key;
  lastDays = daysFromCivil(y, m, d);
  return lastDays;
}

/** Microseconds of `HH:MM[:SS[.f{1,9}]]` at buf[s..e); returns [us, index after] or NaN. */
let clockEnd = 0;
function clockAt(buf: Uint8Array, s: number, e: number): number {
  if (s + 5 > e || buf[s + 2] !== 0x3a) return NaN;
  const h = two(buf, s);
  const mi = two(buf, s + 3);
  if (h < 0 || h > 23 || mi < 0 || mi > 59) return NaN;
  let us = h * US_PER_HOUR + mi * US_PER_MINUTE;
  let i = s + 5;
  if (i < e && buf[i] === 0x3a) {
    if (i + 3 > e) return NaN;
    const sec = two(buf, i + 1);
    if (sec < 0 || sec > 59) return NaN;
    us += sec * US_PER_SECOND;
    i += 3;
    if (i < e && (buf[i] === 0x2e || buf[i] === 0x2c)) {
      i++;
      let frac = 0;
      let n = 0;
      for (; i < e; i++) {
        const d = dig(buf, i);
        if (d < 0) break;
        if (n < 6) frac = frac * 10 + d;
        else if (d !== 0) return NaN; // sub-microsecond precision: the fallback explains
        n++;
      }
      if (n === 0 || n > 9) return NaN;
      for (let k = n; k < 6; k++) frac *= 10;
      us += frac;
    }
  }
  clockEnd = i;
  return us;
}

// the date, hour and minute of the last date-time parsed: rows of one minute skip straight to the seconds
const minutePrefix = new Uint8Array(16);
let minutePrefixSet = false;
let minuteUs = 0;

function sameMinute(buf: Uint8Array, s: number): boolean {
  if (!minutePrefixSet) return false;
  for (let k = 15; k >= 0; k--) if (minutePrefix[k] !== buf[s + k]) return false;
  return true;
}

/** ISO 8601 date or date-time with optional zone (`Z`, `±HH`, `±HHMM`, `±HH:MM`); NaN when not recognised. */
export function parseIsoBytes(buf: Uint8Array, s: number, e: number): number {
  while (e > s && buf[e - 1] === 0x20) e--;
  while (s < e && buf[s] === 0x20) s++;
  if (e - s < 10) return NaN;
  parsed.tzaware = false;
  let us: number;
  let i: number;
  if (e - s >= 16 && sameMinute(buf, s)) {
    us = minuteUs;
    i = s + 16;
  } else {
    const days = dateAt(buf, s);
    if (days !== days) return NaN;
    us = days * US_PER_DAY;
    i = s + 10;
    if (i === e) return us;
    const sep = buf[i];
    if (sep !== 0x54 && sep !== 0x20) return NaN;
    if (i + 6 > e || buf[i + 3] !== 0x3a) return NaN;
    const h = two(buf, i + 1);
    const mi = two(buf, i + 4);
    if (h < 0 || h > 23 || mi < 0 || mi > 59) return NaN;
    us += h * US_PER_HOUR + mi * US_PER_MINUTE;
    i += 6;
    for (let k = 0; k < 16; k++) minutePrefix[k] = buf[s + k]!;
    minutePrefixSet = true;
    minuteUs = us;
  }
  if (i < e && buf[i] === 0x3a) {
    if (i + 3 > e) return NaN;
    const sec = two(buf, i + 1);
    if (sec < 0 || sec > 59) return NaN;
    us += sec * US_PER_SECOND;
    i += 3;
    if (i < e && (buf[i] === 0x2e || buf[i] === 0x2c)) {
      i++;
      let frac = 0;
      let n = 0;
      for (; i < e; i++) {
        const d = buf[i]! - 0x30;
        if (d < 0 || d > 9) break;
        if (n < 6) frac = frac * 10 + d;
        else if (d !== 0) return NaN; // sub-microsecond precision: the fallback explains
        n++;
      }
      if (n === 0 || n > 9) return NaN;
      us += n >= 6 ? frac : frac * POW10_FRAC[n]!;
    }
  }
  if (i === e) return us;
  const z = buf[i];
  if (z === 0x5a && i + 1 === e) {
    parsed.tzaware = true;
    return us;
  }
  if (z !== 0x2b && z !== 0x2d) return NaN;
  const n = e - i - 1;
  let oh: number;
  let om = 0;
  if (n === 2) oh = two(buf, i + 1);
  else if (n === 4) {
    oh = two(buf, i + 1);
    om = two(buf, i + 3);
  } else if (n === 5 && buf[i + 3] === 0x3a) {
    oh = two(buf, i + 1);
    om = two(buf, i + 4);
  } else return NaN;
  if (oh < 0 || oh > 23 || om < 0 || om > 59) return NaN;
  const off = oh * US_PER_HOUR + om * US_PER_MINUTE;
  parsed.tzaware = true;
  return z === 0x2b ? us - off : us + off;
}

/** 10^(6-n): scales n fraction digits to microseconds. */
const POW10_FRAC = [1e6, 1e5, 1e4, 1e3, 100, 10, 1];

/** A date-only field `YYYY-MM-DD` (split date + time columns): µs at midnight, NaN when invalid. */
export function parseDateBytes(buf: Uint8Array, s: number, e: number): number {
  while (e > s && buf[e - 1] === 0x20) e--;
  while (s < e && buf[s] === 0x20) s++;
  if (e - s !== 10) return NaN;
  return dateAt(buf, s) * US_PER_DAY;
}

/** A time-of-day field `HH:MM[:SS[.ffffff]]`: µs since midnight, NaN when invalid. */
export function parseClockBytes(buf: Uint8Array, s: number, e: number): number {
  while (e > s && buf[e - 1] === 0x20) e--;
  while (s < e && buf[s] === 0x20) s++;
  const us = clockAt(buf, s, e);
  return us === us && clockEnd === e ? us : NaN;
}

const EPOCH_DIGITS: Record<Exclude<TimeFormat, 'iso'>, number> = { epoch_s: 6, epoch_ms: 3, epoch_us: 0, epoch_ns: -3 };

/**
 * An epoch number in the given unit, as µs (floored: Strata's resolution is one microsecond). Parsed from
 * the digits rather than as a float so 19-digit nanoseconds keep their precision. NaN when invalid/out of range.
 */
export function parseEpochBytes(buf: Uint8Array, s: number, e: number, unit: Exclude<TimeFormat, 'iso'>): number {
  while (e > s && buf[e - 1] === 0x20) e--;
  while (s < e && buf[s] === 0x20) s++;
  let i = s;
  const neg = buf[i] === 0x2d;
  if (neg || buf[i] === 0x2b) i++;
  const shift = EPOCH_DIGITS[unit];
  let intEnd = i;
  while (intEnd < e && dig(buf, intEnd) >= 0) intEnd++;
  if (intEnd === i) return NaN;
  let fracStart = intEnd;
  let fracEnd = intEnd;
  if (intEnd < e) {
    if (buf[intEnd] !== 0x2e) return NaN;
    fracStart = intEnd + 1;
    fracEnd = fracStart;
    while (fracEnd < e && dig(buf, fracEnd) >= 0) fracEnd++;
    if (fracEnd !== e) return NaN;
  }
  // µs = the digits with the decimal point moved `shift` places right; extra digits are dropped (floor)
  let us = 0;
  let rest = false;
  const keepInt = intEnd + Math.min(0, shift);
  for (let k = i; k < keepInt; k++) us = us * 10 + dig(buf, k);
  for (let k = Math.max(i, keepInt); k < intEnd; k++) if (buf[k] !== 0x30) rest = true;
  for (let k = 0; k < Math.max(0, shift); k++) us = us * 10 + (fracStart + k < fracEnd ? dig(buf, fracStart + k) : 0);
  for (let k = fracStart + Math.max(0, shift); k < fracEnd; k++) if (buf[k] !== 0x30) rest = true;
  if (neg) us = rest ? -us - 1 : -us;
  if (!Number.isSafeInteger(us) || us < MIN_US || us > MAX_US) return NaN;
  parsed.tzaware = true;
  return us;
}

/** Guesses the epoch unit from a magnitude (assuming dates after ~1973): 10 digits s, 13 ms, 16 µs, 19 ns. */
export function epochUnitOf(value: number): Exclude<TimeFormat, 'iso'> {
  const a = Math.abs(value);
  if (a < 1e11) return 'epoch_s';
  if (a < 1e14) return 'epoch_ms';
  if (a < 1e17) return 'epoch_us';
  return 'epoch_ns';
}
