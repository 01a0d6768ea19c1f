import {
  AsyncByteQueue, type Data, Field, Float64, makeData, RecordBatch, RecordBatchFileWriter, Schema, Struct,
  TimestampMicrosecond, Utf8, vectorFromArray,
} from 'apache-arrow';
import { StrataError } from '../base/errors.js';
import type { TimeSeries } from '../series/series.js';
import { formatTimestamp } from '../series/time.js';
import { parquetFile } from './export-parquet.js';
import { TIME_COLUMN, wideBatches } from './export-rows.js';

export { TIME_COLUMN } from './export-rows.js';

/**
 * The export engine: series out as CSV, Arrow IPC or Parquet (export-parquet.ts), in the layouts the importer reads back unchanged
 * (long `timestamp,channel_id,value`, or wide: a time column then one column per series). Pure
 * TypeScript producing byte chunks; `export-file.ts` writes them to disk.
 */

export type ExportFormat = 'csv' | 'arrow' | 'parquet';
export type ExportLayout = 'long' | 'wide';

export interface NamedSeries {
  name: string;
  series: TimeSeries;
}

export interface ExportOptions {
  format?: ExportFormat;
  /** Default: long for CSV (the documented import format), wide for Arrow and Parquet (keeps each column's type). */
  layout?: ExportLayout;
  /** Rows per Arrow record batch, Parquet row group and CSV chunk; default 65 536. */
  batchRows?: number;
}

/** The layout used when none is asked for. */
export function defaultLayout(format: ExportFormat): ExportLayout {
  return format === 'csv' ? 'long' : 'wide';
}


/** Checks what one file can hold: one kind of timestamp; returns whether it is tz-aware. */
export function checkExportable(list: NamedSeries[], format: ExportFormat, layout: ExportLayout): boolean {
  if (list.length === 0) throw new StrataError('usage', 'nothing to export: name at least one series');
  const seen = new Set<string>();
  for (const { name } of list) {
    if (seen.has(name)) throw new StrataError('usage', `series ${JSON.stringify(name)} is named twice`);
    seen.add(name);
    if (layout === 'wide' && name === TIME_COLUMN) throw new StrataError('bad_input', `a series named ${JSON.stringify(TIME_COLUMN)} would clash with the time column of a wide file; use --layout long`);
  }
  // the importer reads one kind of timestamp per file: naive and tz-aware rows together would be rejects
  const aware = list.filter((s) => s.series.tzaware).map((s) => s.name);
  if (aware.length > 0 && aware.length < list.length) {
    const naive = list.find((s) => !s.series.tzaware)!.name;
    throw new StrataError('tz_mismatch', `cannot export naive and tz-aware series into one file (${JSON.stringify(naive)} is naive, ${JSON.stringify(aware[0])} is tz-aware); export them separately`);
  }
  if (format !== 'csv' && layout === 'long' && new Set(list.map((s) => s.series.valueType)).size > 1) {
    throw new StrataError('value_type_mismatch', `a long ${format === 'arrow' ? 'Arrow' : 'Parquet'} file has one value column, but these series mix numbers and text; use --layout wide`);
  }
  return aware.length > 0;
}

/** Rows a file will have: points for long, distinct timestamps for wide. */
export function exportRowCount(list: NamedSeries[], layout: ExportLayout): number {
  if (layout === 'long') return list.reduce((n, s) => n + s.series.times.length, 0);
  let n = 0;
  for (const b of wideBatches(list.map((s) => s.series), 1 << 16)) n += b.length;
  return n;
}

/** The bytes of the export, chunk by chunk (one batch of rows at a time; never the whole file). */
export function* exportChunks(list: NamedSeries[], opts: ExportOptions = {}): Generator<Uint8Array> {
  const format = opts.format ?? 'csv';
  const layout = opts.layout ?? defaultLayout(format);
  const tzaware = checkExportable(list, format, layout);
  const batchRows = opts.batchRows ?? 1 << 16;
  if (format === 'csv') yield* layout === 'long' ? csvLong(list, tzaware, batchRows) : csvWide(list, tzaware, batchRows);
  else if (format === 'arrow') yield* arrowFile(list, tzaware, layout, batchRows);
  else yield* parquetFile(list, tzaware, layout, batchRows);
}

// --- CSV ---

/** A CSV field, quoted (RFC 4180) only when it has to be: delimiter, quote, line break, edge spaces. */
export function csvField(text: string): string {
  return /[",\r\n]|^\s|\s$/.test(text) || text === '' ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A value as CSV text: numbers in the shortest form that reads back to the same double. */
function csvValue(v: number | string | null | undefined): string {
  if (v === null || v === undefined) return '';
  return typeof v === 'number' ? (Number.isNaN(v) ? '' : String(v)) : csvField(v);
}

const encoder = new TextEncoder();

/**
 * formatTimestamp with the text up to the second kept from the previous call: points of one second share
 * it, which spares most of the formatting (and its garbage) at kHz rates. Same output as formatTimestamp.
 */
function timestampFormatter(tzaware: boolean): (us: number) => string {
  let sec = NaN;
  let head = '';
  const zone = tzaware ? 'Z' : '';
  return (us) => {
    const s = Math.floor(us / 1e6);
    if (s !== sec) {
      sec = s;
      head = formatTimestamp(s * 1e6, false);
    }
    const frac = us - s * 1e6;
    return frac ? `${head}.${String(frac).padStart(6, '0')}${zone}` : head + zone;
  };
}

function* csvLong(list: NamedSeries[], tzaware: boolean, batchRows: number): Generator<Uint8Array> {
  yield encoder.encode(`${TIME_COLUMN},channel_id,value\n`);
  for (const { name, series } of list) {
    const ch = `,${csvField(name)},`;
    const ts = timestampFormatter(tzaware);
    for (let start = 0; start < series.times.length; start += batchRows) {
      const end = Math.min(series.times.length, start + batchRows);
      const lines = new Array<string>(end - start);
      for (let i = start; i < end; i++) lines[i - start] = ts(series.times[i]!) + ch + csvValue(series.values[i]);
      yield encoder.encode(lines.join('\n') + '\n');
    }
  }
}

function* csvWide(list: NamedSeries[], tzaware: boolean, batchRows: number): Generator<Uint8Array> {
  yield encoder.encode([TIME_COLUMN, ...list.map((s) => csvField(s.name))].join(',') + '\n');
  const ts = timestampFormatter(tzaware);
  for (const b of wideBatches(list.map((s) => s.series), batchRows)) {
    let text = '';
    for (let i = 0; i < b.length; i++) {
      text += ts(b.times[i]!);
      for (let k = 0; k < list.length; k++) {
        const p = b.rows[k]![i]!;
        text += ',' + (p < 0 ? '' : csvValue(list[k]!.series.values[p]));
      }
      text += '\n';
    }
    yield encoder.encode(text);
  }
}

// --- Arrow IPC (file format: the importer reads it batch by batch through its footer) ---

/** Keeps the writer's bytes in a list we drain after each batch (the stock queue only drains async). */
class ChunkCollector extends AsyncByteQueue {
  chunks: Uint8Array[] = [];
  override write(value: Parameters<AsyncByteQueue['write']>[0]): void {
    if (!(value instanceof Uint8Array)) throw new StrataError('internal', 'Arrow writer produced a chunk that is not bytes');
    if (value.byteLength > 0) this.chunks.push(value);
  }
  take(): Uint8Array[] {
    const c = this.chunks;
    this.chunks = [];
    return c;
  }
}

function timeData(times: Float64Array, type: TimestampMicrosecond): Data {
  // µs as int64: exact, the importer reads the raw int64 words back
  const data = new BigInt64Array(times.length);
  for (let i = 0; i < times.length; i++) data[i] = BigInt(times[i]!);
  return makeData({ type, length: times.length, nullCount: 0, data });
}

/** A float64 column from (series values, point index per row or -1 for none). */
function floatData(values: Float64Array, rows: Int32Array | null, start: number, length: number): Data {
  const data = new Float64Array(length);
  if (!rows) {
    data.set(values.subarray(start, start + length));
    return makeData({ type: new Float64(), length, nullCount: 0, data });
  }
  const bitmap = new Uint8Array((length + 7) >> 3);
  let nulls = 0;
  for (let i = 0; i < length; i++) {
    const p = rows[i]!;
    if (p < 0) nulls++;
    else {
      data[i] = values[p]!;
      bitmap[i >> 3]! |= 1 << (i & 7);
    }
  }
  return makeData({ type: new Float64(), length, nullCount: nulls, nullBitmap: bitmap, data });
}

function stringData(values: (string | null)[], rows: Int32Array | null, start: number, length: number): Data {
  const cells = rows ? Array.from(rows, (p) => (p < 0 ? null : values[p] ?? null)) : values.slice(start, start + length);
  return vectorFromArray(cells, new Utf8()).data[0]!;
}

function columnData(s: TimeSeries, rows: Int32Array | null, start: number, length: number): Data {
  return s.values instanceof Float64Array ? floatData(s.values, rows, start, length) : stringData(s.values, rows, start, length);
}

/** A Utf8 column holding one text `length` times (the channel id of a long batch), built directly. */
function repeatedUtf8(text: string, length: number): Data {
  const bytes = encoder.encode(text);
  const data = new Uint8Array(bytes.length * length);
  const valueOffsets = new Int32Array(length + 1);
  for (let i = 0; i < length; i++) {
    data.set(bytes, i * bytes.length);
    valueOffsets[i + 1] = (i + 1) * bytes.length;
  }
  return makeData({ type: new Utf8(), length, nullCount: 0, valueOffsets, data });
}

function* arrowFile(list: NamedSeries[], tzaware: boolean, layout: ExportLayout, batchRows: number): Generator<Uint8Array> {
  const timeType = new TimestampMicrosecond(tzaware ? 'UTC' : null);
  const valueType = (s: TimeSeries) => (s.valueType === 'float64' ? new Float64() : new Utf8());
  const fields =
    layout === 'long'
      ? [new Field(TIME_COLUMN, timeType, false), new Field('channel_id', new Utf8(), false), new Field('value', valueType(list[0]!.series), false)]
      : [new Field(TIME_COLUMN, timeType, false), ...list.map((s) => new Field(s.name, valueType(s.series), true))];
  const schema = new Schema(fields);
  const sink = new ChunkCollector();
  const writer = new RecordBatchFileWriter();
  writer.reset(sink, schema);
  const emit = (children: Data[], length: number) => {
    writer.write(new RecordBatch(schema, makeData({ type: new Struct(fields), length, nullCount: 0, children })));
  };
  if (layout === 'long') {
    for (const { name, series } of list) {
      for (let start = 0; start < series.times.length; start += batchRows) {
        const length = Math.min(batchRows, series.times.length - start);
        const channel = repeatedUtf8(name, length);
        emit([timeData(series.times.subarray(start, start + length), timeType), channel, columnData(series, null, start, length)], length);
        yield* sink.take();
      }
    }
  } else {
    for (const b of wideBatches(list.map((s) => s.series), batchRows)) {
      emit([timeData(b.times, timeType), ...list.map((s, k) => columnData(s.series, b.rows[k]!, 0, b.length))], b.length);
      yield* sink.take();
    }
  }
  // an export with no rows still gets its schema
  writer.finish();
  writer.close();
  yield* sink.take();
}
