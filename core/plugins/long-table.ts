import { Field, Float64, makeData, RecordBatch, Schema, Struct, Table, TimestampMicrosecond, Utf8, tableFromIPC, tableToIPC, vectorFromArray } from 'apache-arrow';
import { StrataError } from '../base/errors.js';
import type { TimeSeries } from '../series/series.js';

/**
 * Several numeric series in one Arrow table, long format (CVec's shape): columns `series` (utf8),
 * `ts` (timestamp[µs]) and `value` (float64), rows grouped by series. Hooks get and return this.
 */
export function seriesToLongIPC(series: ReadonlyMap<string, TimeSeries>): Uint8Array {
  let n = 0;
  for (const s of series.values()) n += s.times.length;
  const names: string[] = new Array(n);
  const ts = new BigInt64Array(n);
  const value = new Float64Array(n);
  let k = 0;
  for (const [name, s] of series) {
    if (!(s.values instanceof Float64Array)) throw new StrataError('value_type_mismatch', `series ${JSON.stringify(name)} holds text: hooks take numeric series`);
    for (let i = 0; i < s.times.length; i++, k++) {
      names[k] = name;
      ts[k] = BigInt(s.times[i]!);
      value[k] = s.values[i]!;
    }
  }
  const fields = [new Field('series', new Utf8(), false), new Field('ts', new TimestampMicrosecond('UTC'), false), new Field('value', new Float64(), true)];
  const children = [vectorFromArray(names, new Utf8()).data[0]!, makeData({ type: new TimestampMicrosecond('UTC'), data: ts, length: n }), makeData({ type: new Float64(), data: value, length: n })];
  return tableToIPC(new Table([new RecordBatch(new Schema(fields), makeData({ type: new Struct(fields), length: n, nullCount: 0, children }))]), 'stream');
}

/** Reads a long-format table back into series (rows of one series must be in time order). */
export function longIPCToSeries(bytes: Uint8Array): Map<string, { times: Float64Array; values: Float64Array }> {
  const t = tableFromIPC(bytes);
  const names = t.getChild('series');
  const ts = t.getChild('ts');
  const value = t.getChild('value');
  if (!names || !ts || !value) throw new StrataError('plugin_malformed', 'a hook result needs columns series, ts and value');
  const rows = new Map<string, { times: number[]; values: number[] }>();
  let row = 0;
  // Raw int64 µs from each chunk (Arrow JS's get() would give milliseconds as a Date-like number).
  for (const chunk of ts.data) {
    const raw = chunk.values as BigInt64Array;
    if (!(raw instanceof BigInt64Array)) throw new StrataError('plugin_malformed', 'a hook result needs ts as timestamp[us]');
    for (let i = 0; i < chunk.length; i++, row++) {
      const name = String(names.get(row));
      const r = rows.get(name) ?? { times: [], values: [] };
      r.times.push(Number(raw[chunk.offset + i]!));
      const v = value.get(row);
      r.values.push(v === null ? NaN : Number(v));
      rows.set(name, r);
    }
  }
  return new Map([...rows].map(([k, r]) => [k, { times: Float64Array.from(r.times), values: Float64Array.from(r.values) }]));
}
