import { DataType, Field, Float64, makeData, RecordBatch, Schema, Struct, Table, TimestampMicrosecond, tableFromIPC, tableToIPC, type Data } from 'apache-arrow';
import { StrataError } from '../base/errors.js';
import type { Frame } from '../ops/frame.js';
import { isNumeric, numbersOf, timesOf, toInt64 } from './series-arrow.js';

/** Index column of a frame sent to a plugin: `ts` (timestamp[µs]) for a time index, `frequency_hz` for a spectrum. */
export const TIME_INDEX = 'ts';
export const FREQUENCY_INDEX = 'frequency_hz';

/**
 * A workflow frame as the Arrow table a plugin node type receives: the index column (`ts`
 * timestamp[µs], UTC when tz-aware; or `frequency_hz` float64) then one float64 column per channel
 * (NaN = no value, units in field metadata `strata.unit`), the index kind in schema metadata.
 */
export function frameToTable(frame: Frame): Uint8Array {
  const n = frame.index.length;
  let indexField: Field;
  let indexData: Data;
  if (frame.indexKind === 'time') {
    const ts = toInt64(frame.index);
    const type = new TimestampMicrosecond(frame.tzaware ? 'UTC' : null);
    indexField = new Field(TIME_INDEX, type, false);
    indexData = makeData({ type, data: ts, length: n });
  } else {
    indexField = new Field(FREQUENCY_INDEX, new Float64(), false);
    indexData = makeData({ type: new Float64(), data: frame.index, length: n });
  }
  const fields = [indexField];
  const children = [indexData];
  for (const [name, values] of Object.entries(frame.channels)) {
    const unit = frame.units?.[name];
    fields.push(new Field(name, new Float64(), true, new Map(unit ? [['strata.unit', unit]] : [])));
    children.push(makeData({ type: new Float64(), data: values, length: n }));
  }
  const schema = new Schema(fields, new Map([['strata.index_kind', frame.indexKind]]));
  return tableToIPC(new Table([new RecordBatch(schema, makeData({ type: new Struct(fields), length: n, nullCount: 0, children }))]), 'stream');
}

/**
 * The frame a plugin node returned: a `ts` column (any timestamp unit, or µs numbers) makes a time index,
 * a `frequency_hz` column a frequency index; every other column is a channel and must hold numbers
 * (null → NaN). A time index must be strictly increasing. Throws `plugin_malformed` saying what is wrong.
 */
export function frameFromTable(bytes: Uint8Array, fallbackTz: boolean): Frame {
  let t: Table;
  try {
    t = tableFromIPC(bytes);
  } catch (e) {
    throw new StrataError('plugin_malformed', `returned data that is not an Arrow IPC stream: ${(e as Error).message}`);
  }
  if (!t.schema.fields.length) throw new StrataError('plugin_malformed', 'returned data that is not an Arrow IPC stream (no columns)');
  const names = t.schema.fields.map((f) => f.name);
  const ts = t.getChild(TIME_INDEX);
  const hz = t.getChild(FREQUENCY_INDEX);
  if (!ts === !hz) throw new StrataError('plugin_malformed', `returned a table with ${ts ? 'both' : 'neither'} of the index columns ${TIME_INDEX} and ${FREQUENCY_INDEX} (columns: ${names.join(', ') || 'none'})`);
  let frame: Frame;
  if (ts) {
    const { times, tzaware } = timesOf(ts, fallbackTz, TIME_INDEX);
    for (let i = 1; i < times.length; i++) if (!(times[i]! > times[i - 1]!)) throw new StrataError('plugin_malformed', `returned timestamps that are not strictly increasing at row ${i}`);
    frame = { indexKind: 'time', index: times, channels: {}, tzaware };
  } else {
    if (!isNumeric(hz!.type)) throw new StrataError('plugin_malformed', `returned a ${FREQUENCY_INDEX} column of ${hz!.type}, not numbers`);
    frame = { indexKind: 'frequency', index: numbersOf(hz!), channels: {} };
  }
  const units: Record<string, string> = {};
  for (const f of t.schema.fields) {
    if (f.name === TIME_INDEX || f.name === FREQUENCY_INDEX) continue;
    if (!isNumeric(f.type) && !DataType.isBool(f.type)) throw new StrataError('plugin_malformed', `returned channel ${JSON.stringify(f.name)} of ${f.type}: channels hold numbers`);
    const col = t.getChild(f.name)!;
    frame.channels[f.name] = DataType.isBool(f.type) ? Float64Array.from(col.toArray() as ArrayLike<unknown>, (x) => (x === null ? NaN : Number(x))) : numbersOf(col);
    const unit = f.metadata.get('strata.unit');
    if (unit) units[f.name] = unit;
  }
  if (Object.keys(units).length) frame.units = units;
  return frame;
}

/** A frame as JSON for standard-library plugins: `{index_kind, index: [µs or Hz…], channels: {name: [… null]}, tzaware, units?}`. */
export function frameToJson(frame: Frame): Record<string, unknown> {
  const channels: Record<string, (number | null)[]> = {};
  for (const [name, v] of Object.entries(frame.channels)) channels[name] = Array.from(v, (x) => (Number.isFinite(x) ? x : null));
  return { index_kind: frame.indexKind, index: Array.from(frame.index), channels, tzaware: frame.tzaware ?? false, ...(frame.units ? { units: frame.units } : {}) };
}

/** The frame of a JSON answer `{"type": "frame", "index", "channels", "index_kind"?, "tzaware"?, "units"?}`, checked. */
export function frameFromJson(v: unknown, fallbackTz: boolean, fallbackKind: Frame['indexKind']): Frame {
  const j = v as { index?: unknown; channels?: unknown; index_kind?: unknown; tzaware?: unknown; units?: unknown };
  if (!Array.isArray(j.index) || !j.index.every((x) => typeof x === 'number' && Number.isFinite(x))) throw new StrataError('plugin_malformed', 'answered a JSON frame whose "index" is not a list of numbers');
  if (typeof j.channels !== 'object' || j.channels === null || Array.isArray(j.channels)) throw new StrataError('plugin_malformed', 'answered a JSON frame without a "channels" object');
  const kind = j.index_kind === undefined ? fallbackKind : j.index_kind;
  if (kind !== 'time' && kind !== 'frequency') throw new StrataError('plugin_malformed', `answered a JSON frame with index_kind ${JSON.stringify(kind)}`);
  const index = Float64Array.from(j.index as number[]);
  if (kind === 'time') for (let i = 1; i < index.length; i++) if (!(index[i]! > index[i - 1]!)) throw new StrataError('plugin_malformed', `returned timestamps that are not strictly increasing at row ${i}`);
  const frame: Frame = { indexKind: kind, index, channels: {} };
  if (kind === 'time') frame.tzaware = typeof j.tzaware === 'boolean' ? j.tzaware : fallbackTz;
  for (const [name, vals] of Object.entries(j.channels as Record<string, unknown>)) {
    if (!Array.isArray(vals) || vals.length !== index.length || !vals.every((x) => x === null || typeof x === 'number')) throw new StrataError('plugin_malformed', `answered channel ${JSON.stringify(name)} that is not ${index.length} numbers or nulls`);
    frame.channels[name] = Float64Array.from(vals as (number | null)[], (x) => (x === null ? NaN : x));
  }
  if (typeof j.units === 'object' && j.units !== null) frame.units = Object.fromEntries(Object.entries(j.units as Record<string, unknown>).filter(([, u]) => typeof u === 'string')) as Record<string, string>;
  return frame;
}
