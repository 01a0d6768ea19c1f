import { StrataError } from '../base/errors.js';
import { daysFromCivil, US_PER_DAY, US_PER_HOUR, US_PER_MINUTE, US_PER_SECOND } from '../series/time.js';

/** Why a wall-clock time has no single instant in a zone. */
export type LocalizeProblem = 'ambiguous' | 'nonexistent';

interface DayOffsets {
  /** Offset (µs, local = utc + offset) at the start of the UTC day and from `switchAt` on. */
  before: number;
  after: number;
  switchAt: number;
}

/**
 * Turns naive wall-clock times into instants in an IANA zone with the runtime's Intl database.
 * Offsets are cached per UTC day (assumption: at most one transition per day), found by bisection to the second.
 */
export class ZoneLocalizer {
  private readonly fmt: Intl.DateTimeFormat;
  private readonly days = new Map<number, DayOffsets>();
  private memoMinute = NaN;
  private memoOffset = 0;
  /** Set when localize returns NaN. */
  problem: LocalizeProblem = 'nonexistent';

  constructor(readonly zone: string) {
    try {
      this.fmt = new Intl.DateTimeFormat('en-US', {
        timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric',
        hour: 'numeric', minute: 'numeric', second: 'numeric', era: 'short',
      });
    } catch {
      throw new StrataError('bad_input', `unknown time zone ${JSON.stringify(zone)} (expected an IANA name like Europe/Paris)`, { zone });
    }
  }

  /** Offset of the zone at a UTC instant, computed by Intl (to the second). */
  private rawOffset(utcUs: number): number {
    const sec = Math.floor(utcUs / US_PER_SECOND);
    const f: Record<string, string> = {};
    for (const p of this.fmt.formatToParts(sec * 1000)) f[p.type] = p.value;
    let y = +f.year!;
    if (f.era === 'BC' || f.era === 'B') y = 1 - y;
    const local = daysFromCivil(y, +f.month!, +f.day!) * US_PER_DAY + +f.hour! * US_PER_HOUR + +f.minute! * US_PER_MINUTE + +f.second! * US_PER_SECOND;
    return local - sec * US_PER_SECOND;
  }

  offsetAt(utcUs: number): number {
    const day = Math.floor(utcUs / US_PER_DAY);
    let d = this.days.get(day);
    if (!d) {
      const start = day * US_PER_DAY;
      const before = this.rawOffset(start);
      const after = this.rawOffset(start + US_PER_DAY);
      let switchAt = Infinity;
      if (before !== after) {
        let lo = start / US_PER_SECOND;
        let hi = lo + 86400;
        while (hi - lo > 1) {
          const mid = Math.floor((lo + hi) / 2);
          if (this.rawOffset(mid * US_PER_SECOND) === before) lo = mid;
          else hi = mid;
        }
        switchAt = hi * US_PER_SECOND;
      }
      d = { before, after, switchAt };
      this.days.set(day, d);
    }
    return utcUs < d.switchAt ? d.before : d.after;
  }

  private solve(wall: number): number {
    const a = this.offsetAt(wall - US_PER_DAY);
    const b = this.offsetAt(wall + US_PER_DAY);
    const ua = wall - a;
    const okA = this.offsetAt(ua) === a;
    if (a === b) {
      if (okA) return ua;
      this.problem = 'nonexistent';
      return NaN;
    }
    const ub = wall - b;
    const okB = this.offsetAt(ub) === b;
    if (okA && okB) {
      this.problem = 'ambiguous';
      return NaN;
    }
    if (okA) return ua;
    if (okB) return ub;
    this.problem = 'nonexistent';
    return NaN;
  }

  /** The instant of a wall-clock time, or NaN (see `problem`) when it is ambiguous or does not exist. */
  localize(wall: number): number {
    const minute = Math.floor(wall / US_PER_MINUTE);
    if (minute === this.memoMinute) return wall - this.memoOffset;
    const u = this.solve(wall);
    if (u !== u) return u;
    // memoise the minute only when its first and last microsecond map with the same offset
    const first = minute * US_PER_MINUTE;
    const u0 = this.solve(first);
    const u1 = this.solve(first + US_PER_MINUTE - 1);
    if (u0 === u0 && u1 === u1 && first - u0 === first + US_PER_MINUTE - 1 - u1) {
      this.memoMinute = minute;
      this.memoOffset = first - u0;
    }
    return u;
  }
}
