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
  /** The bytes of the last field `quickInto` read (the fast paths compare lines with them). */
  readonly last = new Uint8Array(64);
  lastLen = -1;
  /** lastLen when those bytes hold no delimiter (the field may have been quoted), else -1. */
  plainLen = -1;
  /** [0]: the time of `last`; [1]: the result of the last quickInto (typed slots keep doubles unboxed). */
  readonly value = new Float64Array(2);
  private readonly delim: number;

  constructor(private readonly plan: CsvPlan, private readonly zone: ZoneLocalizer | null) {
    this.delim = plan.delimiter.charCodeAt(0);
  }

  private fail(column: number, kind: RejectKind, reason: string): number {
    this.problem = { column: column + 1, kind, reason };
    return NaN;
  }

  /** Whether buf[s, s + lastLen) holds the bytes of the last field read. */
  same(buf: Uint8Array, s: number): boolean {
    const last = this.last;
    // compare from the end: timestamps that differ usually differ in their last digits
    for (let i = this.lastLen - 1; i >= 0; i--) if (last[i] !== buf[s + i]) return false;
    return this.lastLen >= 0;
  }

  /**
   * The time of a one-column field buf[s, e), into value[1], when the byte parsers read it and the zone
   * rules accept it; otherwise false with no problem recorded (`read` then finds and explains the problem).
   */
  quickInto(buf: Uint8Array, s: number, e: number): boolean {
    const len = e - s;
    const value = this.value;
    // consecutive rows of a long file often share the timestamp: reuse the last result
    if (len === this.lastLen && this.same(buf, s)) {
      value[1] = value[0]!;
      return true;
    }
    let us: number;
    let aware = true;
    if (this.plan.timeFormat === 'iso') {
      us = parseIsoBytes(buf, s, e);
      aware = parsed.tzaware;
    } else us = parseEpochBytes(buf, s, e, this.plan.timeFormat);
    if (us !== us) return false;
    if (aware) {
      if (!this.plan.tzaware) return false;
    } else if (this.zone) {
      us = this.zone.localize(us);
      if (us !== us) return false;
    } else if (this.plan.tzaware) return false;
    value[1] = us;
    const last = this.last;
    if (len <= last.length) {
      let plain = true;
      for (let k = 0; k < len; k++) {
        const b = buf[s + k]!;
        if (b === this.delim) plain = false;
        last[k] = b;
      }
      this.lastLen = len;
      this.plainLen = plain ? len : -1;
      value[0] = us;
    }
    return true;
  }

  read(rec: CsvRecord): number {
    const { timeColumn: tc, clockColumn: cc, timeFormat } = this.plan;
    const buf = rec.buf;
    const s = rec.starts[tc]!;
    const e = rec.ends[tc]!;
    if (cc < 0 && this.quickInto(buf, s, e)) return this.value[1]!;
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
