import { formatTimestamp, parseTimestamp } from '../series/time.js';
import type { CsvPlan } from './detect.js';
import { fieldText } from './fields.js';
import { parseClockBytes, parseDateBytes, parseEpochBytes, parseIsoBytes, parsed } from './timestamps.js';
import type { CsvRecord } from './tokenizer.js';
import type { RejectKind } from './types.js';
import type { ZoneLocalizer } from './zone.js';

/** Why the last read failed. */
export interface TimeProblem {
  column: number;
  kind: RejectKind;
  reason: string;
}

/**
 * Reads the time of a CSV record (one column or split date + time columns) as µs, applying the zone rules:
 * naive stays naive unless a zone localises it, and one file never mixes naive and tz-aware times.
 */
export class TimeReader {
  problem: TimeProblem = { column: 0, kind: 'bad_timestamp', reason: '' };
  private readonly last = new Uint8Array(64);
  private lastLen = -1;
  private lastValue = 0;
  private lastPlain = false;
  private readonly delim: number;

  constructor(private readonly plan: CsvPlan, private readonly zone: ZoneLocalizer | null) {
    this.delim = plan.delimiter.charCodeAt(0);
  }

  private fail(column: number, kind: RejectKind, reason: string): number {
    this.problem = { column: column + 1, kind, reason };
    return NaN;
  }

  /**
   * The time of a one-column field buf[s, e) when the byte parsers read it and the zone rules accept it;
   * otherwise NaN with no problem recorded (`read` then finds and explains the problem).
   */
  quick(buf: Uint8Array, s: number, e: number): number {
    const len = e - s;
    const last = this.last;
    // consecutive rows of a long file often share the timestamp: reuse the last result
    if (len === this.lastLen) {
      const t = this.cached(buf, s);
      if (t === t) return t;
    }
    let us: number;
    let aware = true;
    if (this.plan.timeFormat === 'iso') {
      us = parseIsoBytes(buf, s, e);
      aware = parsed.tzaware;
    } else us = parseEpochBytes(buf, s, e, this.plan.timeFormat);
    if (us !== us) return NaN;
    if (aware) {
      if (!this.plan.tzaware) return NaN;
    } else if (this.zone) {
      us = this.zone.localize(us);
      if (us !== us) return NaN;
    } else if (this.plan.tzaware) return NaN;
    if (len <= last.length) {
      let plain = true;
      for (let k = 0; k < len; k++) {
        const b = buf[s + k]!;
        if (b === this.delim) plain = false;
        last[k] = b;
      }
      this.lastLen = len;
      this.lastPlain = plain;
      this.lastValue = us;
    }
    return us;
  }

  /** Length of the last field `quick` read when it holds no delimiter (it may be a quoted field), else -1. */
  get plainLength(): number {
    return this.lastPlain ? this.lastLen : -1;
  }

  /** The last field's time when buf[s, s + lastLength) holds the same bytes, else NaN. */
  cached(buf: Uint8Array, s: number): number {
    const last = this.last;
    // compare from the end: timestamps that differ usually differ in their last digits
    for (let i = this.lastLen - 1; i >= 0; i--) if (last[i] !== buf[s + i]) return NaN;
    return this.lastLen < 0 ? NaN : this.lastValue;
  }

  read(rec: CsvRecord): number {
    const { timeColumn: tc, clockColumn: cc, timeFormat } = this.plan;
    const buf = rec.buf;
    const s = rec.starts[tc]!;
    const e = rec.ends[tc]!;
    if (cc < 0) {
      const us = this.quick(buf, s, e);
      if (us === us) return us;
    }
    if (s === e) return this.fail(tc, 'bad_timestamp', 'missing timestamp');
    let us: number;
    let aware: boolean;
    if (cc >= 0) {
      const day = parseDateBytes(buf, s, e);
      const clock = parseClockBytes(buf, rec.starts[cc]!, rec.ends[cc]!);
      if (day !== day) return this.fail(tc, 'bad_timestamp', `invalid date ${JSON.stringify(fieldText(rec, tc))}: expected YYYY-MM-DD`);
      if (clock !== clock) return this.fail(cc, 'bad_timestamp', `invalid time of day ${JSON.stringify(fieldText(rec, cc))}: expected HH:MM[:SS[.ffffff]]`);
      us = day + clock;
      aware = false;
    } else if (timeFormat === 'iso') {
      us = parseIsoBytes(buf, s, e);
      aware = parsed.tzaware;
      if (us !== us) {
        try {
          const p = parseTimestamp(fieldText(rec, tc).trim());
          us = p.us;
          aware = p.tzaware;
        } catch (err) {
          return this.fail(tc, 'bad_timestamp', (err as Error).message);
        }
      }
    } else {
      us = parseEpochBytes(buf, s, e, timeFormat);
      aware = true;
      if (us !== us) {
        const unit = timeFormat.slice(6);
        return this.fail(tc, 'bad_timestamp', `invalid timestamp ${JSON.stringify(fieldText(rec, tc))}: expected epoch ${unit} (an integer within years 1700..2200)`);
      }
    }
    if (aware) {
      if (!this.plan.tzaware) return this.fail(tc, 'tz_mismatch', `tz-aware timestamp ${JSON.stringify(fieldText(rec, tc))} in a file of naive timestamps`);
    } else if (this.zone) {
      const wall = us;
      us = this.zone.localize(wall);
      if (us !== us) {
        const local = formatTimestamp(wall, false);
        const why = this.zone.problem === 'ambiguous'
          ? `local time ${local} is ambiguous in ${this.zone.zone} (it occurs twice when clocks go back)`
          : `local time ${local} does not exist in ${this.zone.zone} (skipped when clocks go forward)`;
        return this.fail(tc, this.zone.problem === 'ambiguous' ? 'tz_ambiguous' : 'tz_nonexistent', why);
      }
    } else if (this.plan.tzaware) {
      return this.fail(tc, 'tz_mismatch', `naive timestamp ${JSON.stringify(fieldText(rec, tc))} in a file of tz-aware timestamps (give --tz to localise it)`);
    }
    return us;
  }
}
