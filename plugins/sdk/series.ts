/**
 * Formula operators: arguments arrive as JSON (`params.args`, `params.rest`) with series as Arrow tables
 * in the payload (`{"type": "series", "table": k}` → the k-th table, columns `ts` and `value`).
 */
import { Field, Float64, makeData, RecordBatch, Schema, Struct, Table, TimestampMicrosecond, tableFromIPC, tableToIPC, type Vector } from 'apache-arrow';
import { unpackTables } from '../../core/plugins/wire.js';
import type { MethodResult } from './index.js';

/** A series argument: µs timestamps and float64 values (NaN = no value). */
export interface SeriesArg {
  ts: Float64Array;
  value: Float64Array;
  tzaware: boolean;
}

export type ArgValue = number | string | boolean | null | SeriesArg | { type: 'timestamp'; us: number; tzaware: boolean; tz: string | null };

export interface OperatorArgs {
  args: Record<string, ArgValue>;
  rest: ArgValue[];
}

/** Reads a series table (`ts` timestamp[µs] or µs numbers, numeric `value`). */
export function readSeries(bytes: Uint8Array): SeriesArg {
  const t = tableFromIPC(bytes);
  const tsCol = t.getChild('ts')!;
  const ts = new Float64Array(t.numRows);
  let row = 0;
  for (const chunk of tsCol.data) {
    const raw = chunk.values as BigInt64Array | Float64Array;
    for (let i = 0; i < chunk.length; i++, row++) ts[row] = Number(raw[chunk.offset + i]!);
  }
  const tz = (tsCol.type as { timezone?: string | null }).timezone;
  return { ts, value: floats(t.getChild('value')!), tzaware: tz != null && tz !== '' };
}

function floats(v: Vector): Float64Array {
  const out = new Float64Array(v.length);
  for (let i = 0; i < v.length; i++) {
    const x = v.get(i) as number | null;
    out[i] = x === null ? NaN : Number(x);
  }
  return out;
}

/** A series as the table a plugin returns (NaN values are dropped by the host). */
export function writeSeries(s: { ts: ArrayLike<number>; value: ArrayLike<number>; tzaware?: boolean }): Uint8Array {
  const n = s.ts.length;
  const type = new TimestampMicrosecond(s.tzaware === false ? null : 'UTC');
  const fields = [new Field('ts', type, false), new Field('value', new Float64(), true)];
  const children = [makeData({ type, data: BigInt64Array.from(Array.from(s.ts), (x) => BigInt(Math.round(x))), length: n }), makeData({ type: new Float64(), data: Float64Array.from(s.value), length: n })];
  return tableToIPC(new Table([new RecordBatch(new Schema(fields), makeData({ type: new Struct(fields), length: n, nullCount: 0, children }))]), 'stream');
}

/** Decodes the arguments of an `operator.<name>` call. */
export function operatorArgs(params: unknown, payload: Uint8Array): OperatorArgs {
  const p = (params ?? {}) as { args?: Record<string, unknown>; rest?: unknown[]; tables?: unknown };
  const tables = unpackTables(p.tables ?? [], payload);
  const decode = (v: unknown): ArgValue => {
    if (typeof v === 'object' && v !== null && (v as { type?: unknown }).type === 'series') return readSeries(tables[(v as { table: number }).table]!);
    return v as ArgValue;
  };
  return { args: Object.fromEntries(Object.entries(p.args ?? {}).map(([k, v]) => [k, decode(v)])), rest: (p.rest ?? []).map(decode) };
}

/** Answers an operator call with a series. */
export function seriesResult(s: { ts: ArrayLike<number>; value: ArrayLike<number>; tzaware?: boolean }): MethodResult {
  return { value: { type: 'series' }, payload: writeSeries(s) };
}
