import { DataType, Field, Float64, makeData, RecordBatch, Schema, Struct, Table, TimestampMicrosecond, Utf8, tableFromIPC, tableToIPC, vectorFromArray, type Vector } from 'apache-arrow';
import { StrataError } from '../base/errors.js';
import type { TimeSeries } from '../series/series.js';

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const TWO_32 = 4294967296;

/**
 * µs timestamps (integers in doubles, exact below 2^53) as int64 for Arrow. Written as two 32-bit halves
 * with double arithmetic: BigInt conversions cost ~10× more on 1M rows.
 */
export function toInt64(times: Float64Array): BigInt64Array {
  const n = times.length;
  const out = new BigInt64Array(n);
  if (!LITTLE_ENDIAN) {
    for (let i = 0; i < n; i++) out[i] = BigInt(Math.round(times[i]!));
    return out;
  }
  const w = new Int32Array(out.buffer);
  for (let i = 0; i < n; i++) {
    const x = Math.round(times[i]!);
    const hi = Math.floor(x / TWO_32);
    w[2 * i] = (x - hi * TWO_32) | 0;
    w[2 * i + 1] = hi;
  }
  return out;
}

/** int64 values (`raw[offset .. offset+length)`) as doubles into `out` from `at` (same halves trick). */
export function fromInt64(raw: BigInt64Array, offset: number, length: number, out: Float64Array, at: number): void {
  if (!LITTLE_ENDIAN) {
    for (let i = 0; i < length; i++) out[at + i] = Number(raw[offset + i]!);
    return;
  }
  const w = new Int32Array(raw.buffer, raw.byteOffset + offset * 8, length * 2);
  for (let i = 0; i < length; i++) out[at + i] = w[2 * i + 1]! * TWO_32 + (w[2 * i]! >>> 0);
}

function seriesTable(s: TimeSeries): Table {
  const n = s.times.length;
  // Arrow timestamps are int64: the µs axis is exact in a double, so the conversion loses nothing.
  const ts = toInt64(s.times);
  const tsType = new TimestampMicrosecond(s.tzaware ? 'UTC' : null);
  const tsData = makeData({ type: tsType, data: ts, length: n });
  const valueData =
    s.values instanceof Float64Array
      ? makeData({ type: new Float64(), data: s.values, length: n })
      : vectorFromArray(s.values, new Utf8()).data[0]!;
  const fields = [new Field('ts', tsType, false), new Field('value', valueData.type, true)];
  return new Table([new RecordBatch(new Schema(fields), makeData({ type: new Struct(fields), length: n, nullCount: 0, children: [tsData, valueData] }))]);
}

/**
 * A series as an Arrow IPC file (Feather v2), the layout Timeseer modules read: column `ts`
 * (timestamp[us], UTC when the series is tz-aware) and column `value` (float64 or utf8).
 */
export function seriesToFeather(s: TimeSeries): Uint8Array {
  return tableToIPC(seriesTable(s), 'file');
}

/** The same table as an Arrow IPC stream (what travels over the wire protocol). */
export function seriesToIPC(s: TimeSeries): Uint8Array {
  return tableToIPC(seriesTable(s), 'stream');
}

/**
 * Reads a series a plugin returned: columns `ts` (a timestamp of any unit, or int64/float64 µs) and
 * `value` (numbers or text). Missing values are dropped (a series holds no empty points); timestamps must
 * be strictly increasing. `tzaware` is taken from the timestamp type, else `fallbackTz`. Throws
 * `plugin_malformed` saying what is wrong.
 */
export function seriesFromIPC(bytes: Uint8Array, fallbackTz: boolean): TimeSeries {
  let t: Table;
  try {
    t = tableFromIPC(bytes);
  } catch (e) {
    throw new StrataError('plugin_malformed', `not an Arrow IPC stream: ${(e as Error).message}`);
  }
  // Arrow JS reads some garbage as a table without columns.
  if (!t.schema.fields.length) throw new StrataError('plugin_malformed', 'not an Arrow IPC stream (no columns)');
  const ts = t.getChild('ts');
  const value = t.getChild('value');
  if (!ts || !value) throw new StrataError('plugin_malformed', `a series table needs columns ts and value (got ${t.schema.fields.map((f) => f.name).join(', ') || 'none'})`);
  const { times, tzaware } = timesOf(ts, fallbackTz, 'ts');
  const text = DataType.isUtf8(value.type) || DataType.isLargeUtf8(value.type);
  if (!text && !isNumeric(value.type)) throw new StrataError('plugin_malformed', `column value must hold numbers or text, not ${value.type}`);
  const keep: number[] = [];
  const n = t.numRows;
  const raw = text ? null : numbersOf(value);
  for (let i = 0; i < n; i++) {
    const missing = text ? value.get(i) === null : Number.isNaN(raw![i]!);
    if (!missing) keep.push(i);
  }
  const outTimes = new Float64Array(keep.length);
  keep.forEach((i, k) => (outTimes[k] = times[i]!));
  for (let k = 1; k < outTimes.length; k++) {
    if (!(outTimes[k]! > outTimes[k - 1]!)) throw new StrataError('plugin_malformed', `timestamps are not strictly increasing at row ${keep[k]}`);
  }
  if (text) return { tzaware, valueType: 'string', times: outTimes, values: keep.map((i) => String(value.get(i))) };
  const values = new Float64Array(keep.length);
  keep.forEach((i, k) => (values[k] = raw![i]!));
  return { tzaware, valueType: 'float64', times: outTimes, values };
}

export function isNumeric(t: DataType): boolean {
  return DataType.isFloat(t) || DataType.isInt(t) || DataType.isDecimal(t);
}

/** A numeric column as float64 (null → NaN), one pass per chunk. */
export function numbersOf(v: Vector): Float64Array {
  const out = new Float64Array(v.length);
  let row = 0;
  for (const chunk of v.data) {
    const vals = chunk.values as ArrayLike<number | bigint>;
    if (chunk.nullCount === 0 && vals instanceof Float64Array) {
      // Fast path (the usual case): one copy of the chunk.
      out.set(vals.subarray(chunk.offset, chunk.offset + chunk.length), row);
      row += chunk.length;
      continue;
    }
    const direct = vals instanceof Float32Array || (DataType.isInt(chunk.type) && chunk.type.bitWidth <= 32);
    for (let i = 0; i < chunk.length; i++, row++) {
      if (chunk.nullCount > 0 && !chunk.getValid(i)) out[row] = NaN;
      else if (direct) out[row] = Number(vals[chunk.offset + i]!);
      else {
        const x = v.get(row) as unknown;
        out[row] = x === null ? NaN : Number(x);
      }
    }
  }
  return out;
}

const UNIT_TO_US = [1e6, 1e3, 1, 1e-3]; // TimeUnit SECOND, MILLISECOND, MICROSECOND, NANOSECOND

/** A time column as µs since the epoch: a timestamp (any unit, its zone saying tz-aware), or int64/float64 µs. */
export function timesOf(col: Vector, fallbackTz: boolean, name: string): { times: Float64Array; tzaware: boolean } {
  const out = new Float64Array(col.length);
  if (DataType.isTimestamp(col.type)) {
    const scale = UNIT_TO_US[col.type.unit]!;
    let row = 0;
    for (const chunk of col.data) {
      const raw = chunk.values as BigInt64Array;
      if (chunk.nullCount === 0 && scale === 1) {
        fromInt64(raw, chunk.offset, chunk.length, out, row);
        row += chunk.length;
        continue;
      }
      for (let i = 0; i < chunk.length; i++, row++) {
        if (chunk.nullCount > 0 && !chunk.getValid(i)) throw new StrataError('plugin_malformed', `column ${name} has an empty timestamp at row ${row}`);
        const x = raw[chunk.offset + i]!;
        out[row] = scale === 1 ? Number(x) : scale < 1 ? Number(x / 1000n) : Number(x) * scale;
      }
    }
    return { times: out, tzaware: col.type.timezone != null && col.type.timezone !== '' };
  }
  if (!DataType.isInt(col.type) && !DataType.isFloat(col.type)) throw new StrataError('plugin_malformed', `column ${name} must be a timestamp, not ${col.type}`);
  const nums = numbersOf(col);
  for (let i = 0; i < nums.length; i++) if (!Number.isFinite(nums[i]!)) throw new StrataError('plugin_malformed', `column ${name} has an empty timestamp at row ${i}`);
  return { times: nums, tzaware: fallbackTz };
}

/**
 * The same series as JSON, for plugins limited to Python's standard library: `{"ts": [µs…], "value": […]}`.
 * Missing values are null.
 */
export function seriesToJson(s: TimeSeries): string {
  const value = Array.from(s.values as ArrayLike<number | string | null>, (v) => (typeof v === 'number' && Number.isNaN(v) ? null : v));
  return JSON.stringify({ ts: Array.from(s.times), value });
}
