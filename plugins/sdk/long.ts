/**
 * Long-format tables for hooks: columns `series` (utf8), `ts` (timestamp[µs], int64) and `value`
 * (float64). Hooks receive their inputs and return their outputs in this shape.
 */
import { Field, Float64, makeData, RecordBatch, Schema, Struct, Table, TimestampMicrosecond, Utf8, tableFromIPC, tableToIPC, vectorFromArray } from 'apache-arrow';

/** One series: timestamps in µs since the epoch, values (NaN = no value). */
export interface Points {
  ts: number[];
  value: number[];
}

export function readLong(payload: Uint8Array): Map<string, Points> {
  const out = new Map<string, Points>();
  if (!payload.length) return out;
  const t = tableFromIPC(payload);
  const names = t.getChild('series')!;
  const value = t.getChild('value')!;
  let row = 0;
  for (const chunk of t.getChild('ts')!.data) {
    const raw = (chunk.values as BigInt64Array).subarray(chunk.offset, chunk.offset + chunk.length);
    for (let i = 0; i < chunk.length; i++, row++) {
      const name = String(names.get(row));
      const p = out.get(name) ?? { ts: [], value: [] };
      p.ts.push(Number(raw[i]!));
      const v = value.get(row);
      p.value.push(v === null ? NaN : Number(v));
      out.set(name, p);
    }
  }
  return out;
}

export function writeLong(series: ReadonlyMap<string, Points>): Uint8Array {
  const names: string[] = [];
  const ts: number[] = [];
  const value: number[] = [];
  for (const [name, p] of series) for (let i = 0; i < p.ts.length; i++) (names.push(name), ts.push(p.ts[i]!), value.push(p.value[i]!));
  const n = names.length;
  const fields = [new Field('series', new Utf8(), false), new Field('ts', new TimestampMicrosecond('UTC'), false), new Field('value', new Float64(), true)];
  const children = [
    vectorFromArray(names, new Utf8()).data[0]!,
    makeData({ type: new TimestampMicrosecond('UTC'), data: BigInt64Array.from(ts, (x) => BigInt(x)), length: n }),
    makeData({ type: new Float64(), data: Float64Array.from(value), length: n }),
  ];
  return tableToIPC(new Table([new RecordBatch(new Schema(fields), makeData({ type: new Struct(fields), length: n, nullCount: 0, children }))]), 'stream');
}
