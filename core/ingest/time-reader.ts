import { formatTimestamp, parseTimestamp } from '../series/time.js';
import type { CsvPlan } from './detect.js';
import { bytesEqual, fieldText } from './fields.js';
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

  constructor(private readonly plan: CsvPlan, private readonly zone: ZoneLocalizer | null) {}

  private fail(column: number, kind: RejectKind, reason: string): number {
    this.problem = { column: column + 1, kind, reason };
    return NaN;
  }

  read(rec: CsvRecord): number {
    const { timeColumn: tc, clockColumn: cc, timeFormat } = this.plan;
    const buf = rec.buf;
    const s = rec.starts[tc]!;
    const e = rec.ends[tc]!;
    // consecutive rows of a long file often share the timestamp: reuse the last result
    if (cc < 0 && e - s === this.lastLen && bytesEqual(this.last.subarray(0, this.lastLen), buf, s, e)) return this.lastValue;
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
    if (cc < 0 && e - s <= this.last.length) {
      this.last.set(buf.subarray(s, e));
      this.lastLen = e - s;
      this.lastValue = us;
    }
    return us;
  }
}
