import { Field, Float64, makeData, RecordBatch, Schema, Struct, Table, TimestampMicrosecond, Utf8, tableToIPC, vectorFromArray } from 'apache-arrow';
import type { TimeSeries } from '../series/series.js';

/**
 * A series as an Arrow IPC file (Feather v2), the layout Timeseer modules read: column `ts`
 * (timestamp[us], UTC when the series is tz-aware) and column `value` (float64 or utf8).
 */
export function seriesToFeather(s: TimeSeries): Uint8Array {
  const n = s.times.length;
  // Arrow timestamps are int64: the µs axis is exact in a double, so the conversion loses nothing.
  const ts = new BigInt64Array(n);
  for (let i = 0; i < n; i++) ts[i] = BigInt(s.times[i]!);
  const tsType = new TimestampMicrosecond(s.tzaware ? 'UTC' : null);
  const tsData = makeData({ type: tsType, data: ts, length: n });
  const valueData =
    s.values instanceof Float64Array
      ? makeData({ type: new Float64(), data: s.values, length: n })
      : vectorFromArray(s.values, new Utf8()).data[0]!;
  const fields = [new Field('ts', tsType, false), new Field('value', valueData.type, true)];
  const batch = new RecordBatch(new Schema(fields), makeData({ type: new Struct(fields), length: n, nullCount: 0, children: [tsData, valueData] }));
  return tableToIPC(new Table([batch]), 'file');
}

/**
 * The same series as JSON, for plugins limited to Python's standard library: `{"ts": [µs…], "value": […]}`.
 * Missing values are null.
 */
export function seriesToJson(s: TimeSeries): string {
  const value = Array.from(s.values as ArrayLike<number | string | null>, (v) => (typeof v === 'number' && Number.isNaN(v) ? null : v));
  return JSON.stringify({ ts: Array.from(s.times), value });
}
