import { StrataError } from '../base/errors.js';
import type { ValueType } from '../series/series.js';

/** PostgreSQL timestamps count µs from 2000-01-01; Strata's from 1970-01-01. */
const PG_EPOCH_US = 946_684_800_000_000;
const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
const INT8_MAX = 0x7fffffffffffffffn;
const INT8_MIN = -0x8000000000000000n;

/**
 * A streaming reader of `COPY (SELECT timestamp, value ...) TO STDOUT (FORMAT binary)`: the server sends
 * timestamps as their native int8 µs and floats as IEEE doubles, so neither side formats or parses text
 * per point (the binary format is PostgreSQL's own; no library reads it into columns). Values fill a
 * Float64Array (NULL → NaN) or a string array (NULL → null).
 */
export class CopyBinaryPointsReader {
  private times = new Float64Array(1024);
  private nums: Float64Array | null;
  private strs: (string | null)[] | null;
  private n = 0;
  private rest: Buffer = Buffer.alloc(0);
  private headerDone = false;
  private ended = false;

  constructor(readonly valueType: ValueType) {
    this.nums = valueType === 'float64' ? new Float64Array(1024) : null;
    this.strs = valueType === 'string' ? [] : null;
  }

  push(chunk: Uint8Array): void {
    const buf = this.rest.length ? Buffer.concat([this.rest, chunk]) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let p = 0;
    if (!this.headerDone) {
      if (buf.length < 19) {
        this.rest = Buffer.from(buf);
        return;
      }
      if (!buf.subarray(0, 11).equals(SIGNATURE)) throw bad('the server\'s binary COPY stream has no PGCOPY signature');
      const ext = buf.readInt32BE(15);
      if (buf.length < 19 + ext) {
        this.rest = Buffer.from(buf);
        return;
      }
      p = 19 + ext;
      this.headerDone = true;
    }
    for (;;) {
      if (buf.length - p < 2) break;
      const fields = buf.readInt16BE(p);
      if (fields === -1) {
        this.ended = true;
        p += 2;
        break;
      }
      if (fields !== 2) throw bad(`binary COPY row with ${fields} fields, 2 expected`);
      // Both fields must be complete before anything of the row is taken.
      if (buf.length - p < 6) break;
      const tl = buf.readInt32BE(p + 2);
      if (tl !== 8) throw bad(tl === -1 ? 'a point without a timestamp' : `timestamp field of ${tl} bytes`);
      const vAt = p + 2 + 4 + 8;
      if (buf.length - vAt < 4) break;
      const vl = buf.readInt32BE(vAt);
      const end = vAt + 4 + Math.max(0, vl);
      if (buf.length < end) break;
      const raw = buf.readBigInt64BE(p + 6);
      if (raw === INT8_MAX || raw === INT8_MIN) throw bad('an infinite timestamp (Strata timestamps are finite)');
      if (this.n === this.times.length) this.grow();
      this.times[this.n] = Number(raw) + PG_EPOCH_US;
      if (this.nums) {
        if (vl !== -1 && vl !== 8) throw bad(`float8 value of ${vl} bytes`);
        this.nums[this.n] = vl === -1 ? NaN : buf.readDoubleBE(vAt + 4);
      } else {
        this.strs!.push(vl === -1 ? null : buf.toString('utf8', vAt + 4, end));
      }
      this.n++;
      p = end;
    }
    this.rest = p < buf.length ? Buffer.from(buf.subarray(p)) : Buffer.alloc(0);
  }

  finish(): { times: Float64Array; values: Float64Array | (string | null)[] } {
    if (!this.ended || this.rest.length) throw bad('the server\'s binary COPY stream ended early');
    return { times: this.times.slice(0, this.n), values: this.nums ? this.nums.slice(0, this.n) : this.strs! };
  }

  private grow(): void {
    const t = new Float64Array(this.times.length * 2);
    t.set(this.times);
    this.times = t;
    if (this.nums) {
      const v = new Float64Array(this.nums.length * 2);
      v.set(this.nums);
      this.nums = v;
    }
  }
}

function bad(message: string): StrataError {
  return new StrataError('remote_protocol', message);
}
