import { US_PER_DAY, US_PER_MINUTE } from '../series/time.js';

/**
 * Time-zone offsets from the ECMAScript Intl API (no tz database of our own). Offsets are probed once
 * per UTC day and cached; a day whose two ends differ is bisected to the minute of the transition.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      era: 'short',
    });
    formatters.set(tz, f);
  }
  return f;
}

export function isValidTimeZone(tz: string): boolean {
  if (typeof tz !== 'string' || !tz) return false;
  try {
    formatter(tz);
    return true;
  } catch {
    return false;
  }
}

function isUtc(tz: string): boolean {
  return tz === 'UTC' || tz === 'utc' || tz === 'Etc/UTC' || tz === 'Z' || tz === 'GMT';
}

// Offset (wall - UTC) in µs at a UTC instant, straight from Intl.
function probe(tz: string, us: number): number {
  const ms = Math.floor(us / 1000 / 60000) * 60000;
  const parts = formatter(tz).formatToParts(new Date(ms));
  let y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0, bc = false;
  for (const p of parts) {
    switch (p.type) {
      case 'year': y = +p.value; break;
      case 'month': mo = +p.value; break;
      case 'day': d = +p.value; break;
      case 'hour': h = +p.value; break;
      case 'minute': mi = +p.value; break;
      case 'second': s = +p.value; break;
      case 'era': bc = p.value.startsWith('B'); break;
    }
  }
  const dt = new Date(0);
  dt.setUTCFullYear(bc ? 1 - y : y, mo - 1, d);
  dt.setUTCHours(h, mi, s, 0);
  return (dt.getTime() - ms) * 1000;
}

interface DayOffsets {
  start: number;
  end: number;
  /** First instant (µs) with the `end` offset, when start !== end. */
  switchAt: number;
}

const caches = new Map<string, Map<number, DayOffsets>>();

/** Offset (wall clock minus UTC, µs) of zone `tz` at UTC instant `us`. Throws RangeError on an unknown zone. */
export function offsetAt(tz: string, us: number): number {
  if (isUtc(tz)) return 0;
  let cache = caches.get(tz);
  if (!cache) {
    formatter(tz);
    cache = new Map();
    caches.set(tz, cache);
  }
  const day = Math.floor(us / US_PER_DAY);
  let e = cache.get(day);
  if (!e) {
    const t0 = day * US_PER_DAY;
    const start = probe(tz, t0);
    const end = probe(tz, t0 + US_PER_DAY);
    let switchAt = t0 + US_PER_DAY;
    if (start !== end) {
      let lo = t0;
      let hi = t0 + US_PER_DAY;
      while (hi - lo > US_PER_MINUTE) {
        const mid = lo + Math.floor((hi - lo) / 2 / US_PER_MINUTE) * US_PER_MINUTE;
        if (mid <= lo) break;
        if (probe(tz, mid) === start) lo = mid;
        else hi = mid;
      }
      switchAt = hi;
    }
    e = { start, end, switchAt };
    if (cache.size > 200_000) cache.clear();
    cache.set(day, e);
  }
  return e.start === e.end || us < e.switchAt ? e.start : e.end;
}

/** Wall-clock reading in `tz` of a UTC instant. */
export function utcToWall(us: number, tz: string): number {
  return us + offsetAt(tz, us);
}

/**
 * UTC instant of a wall-clock reading in `tz`. A reading that occurs twice (clocks going back) gives the
 * first instant; a reading skipped by a DST gap is moved forward by the gap (as clocks do).
 */
export function wallToUtc(wall: number, tz: string): number {
  if (isUtc(tz)) return wall;
  const before = offsetAt(tz, wall - US_PER_DAY);
  const after = offsetAt(tz, wall + US_PER_DAY);
  const a = wall - before;
  const b = wall - after;
  const aOk = offsetAt(tz, a) === before;
  const bOk = offsetAt(tz, b) === after;
  if (aOk && bOk) return Math.min(a, b);
  if (aOk) return a;
  if (bOk) return b;
  return a;
}
