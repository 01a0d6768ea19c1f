import { Field, Float64, makeData, RecordBatch, Schema, Struct, Table, tableFromIPC, tableToIPC } from 'apache-arrow';
import { StrataError } from '../base/errors.js';
import type { Frame } from '../ops/frame.js';

/** Name of the index column; channel names are free text, so the index is also marked in metadata. */
const INDEX = '__index__';

/**
 * A frame as an Arrow IPC stream: a float64 index column (µs or Hz) then one float64 column per channel
 * (NaN = no value), with the index kind, tz-awareness and units in schema and field metadata.
 */
export function frameToIPC(frame: Frame): Uint8Array {
  const n = frame.index.length;
  const fields = [new Field(INDEX, new Float64(), false, new Map([['strata.role', 'index']]))];
  const children = [makeData({ type: new Float64(), data: frame.index, length: n })];
  for (const [name, values] of Object.entries(frame.channels)) {
    const unit = frame.units?.[name];
    fields.push(new Field(name, new Float64(), false, new Map(unit ? [['strata.unit', unit]] : [])));
    children.push(makeData({ type: new Float64(), data: values, length: n }));
  }
  const meta = new Map([
    ['strata.index_kind', frame.indexKind],
    ['strata.tzaware', frame.tzaware ? 'true' : 'false'],
  ]);
  const schema = new Schema(fields, meta);
  const batch = new RecordBatch(schema, makeData({ type: new Struct(fields), length: n, nullCount: 0, children }));
  return tableToIPC(new Table([batch]), 'stream');
}

export function frameFromIPC(bytes: Uint8Array): Frame {
  const table = tableFromIPC(bytes);
  const kind = table.schema.metadata.get('strata.index_kind');
  if (kind !== 'time' && kind !== 'frequency') throw new StrataError('corrupt_store', 'a cached workflow output has no index kind');
  const fields = table.schema.fields;
  if (fields[0]?.name !== INDEX) throw new StrataError('corrupt_store', 'a cached workflow output has no index column');
  const column = (k: number): Float64Array => {
    const v = table.getChildAt(k)!;
    // One batch: the column's buffer is used as is; several (never written by us): copied together.
    return v.data.length === 1 ? (v.data[0]!.values as Float64Array).subarray(0, v.length) : Float64Array.from(v.toArray() as Float64Array);
  };
  const frame: Frame = { indexKind: kind, index: column(0), channels: {} };
  if (kind === 'time') frame.tzaware = table.schema.metadata.get('strata.tzaware') === 'true';
  const units: Record<string, string> = {};
  for (let k = 1; k < fields.length; k++) {
    const f = fields[k]!;
    frame.channels[f.name] = column(k);
    const unit = f.metadata.get('strata.unit');
    if (unit) units[f.name] = unit;
  }
  if (Object.keys(units).length) frame.units = units;
  return frame;
}
