import { ByteWriter, type ColumnSource, ParquetWriter, type SchemaElement } from 'hyparquet-writer';
import type { TimeSeries } from '../series/series.js';
import { VERSION } from '../version.js';
import type { ExportLayout, NamedSeries } from './export.js';
import { TIME_COLUMN, wideBatches } from './export-rows.js';

/**
 * Parquet export with hyparquet-writer, one row group per batch of rows: the writer's bytes are taken after
 * each row group, so memory holds one row group (plus the footer's small per-group metadata), never the file.
 *
 * Columns: `timestamp` INT64 TIMESTAMP(MICROS) with isAdjustedToUTC = the series' tz-awareness (naive
 * stays naive), DELTA_BINARY_PACKED (regular sampling packs to a few bits per row); values DOUBLE or
 * UTF8 strings. Long files have `channel_id` (dictionary-encoded) and `value`; wide files one nullable
 * column per series, null where a series has no point.
 */

/** A ByteWriter whose flush (called by ParquetWriter after each row group) moves the bytes out. */
class ChunkWriter extends ByteWriter {
  chunks: Uint8Array[] = [];
  constructor() {
    super(1 << 20);
  }
  flush(): void {
    if (this.index > 0) this.chunks.push(new Uint8Array(this.buffer.slice(0, this.index)));
    this.index = 0;
  }
  override finish(): void {
    this.flush();
  }
  take(): Uint8Array[] {
    const c = this.chunks;
    this.chunks = [];
    return c;
  }
}

function timeElement(tzaware: boolean): SchemaElement {
  const e: SchemaElement = {
    name: TIME_COLUMN, type: 'INT64', repetition_type: 'REQUIRED',
    logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: tzaware, unit: 'MICROS' },
  };
  // the legacy annotation means "UTC-adjusted micros": only for tz-aware timestamps
  if (tzaware) e.converted_type = 'TIMESTAMP_MICROS';
  return e;
}

function valueElement(name: string, s: TimeSeries, required: boolean): SchemaElement {
  const repetition_type = required ? 'REQUIRED' : 'OPTIONAL';
  return s.valueType === 'float64'
    ? { name, type: 'DOUBLE', repetition_type }
    : { name, type: 'BYTE_ARRAY', converted_type: 'UTF8', logical_type: { type: 'STRING' }, repetition_type };
}

/** One series' cells at the rows of a wide batch (point index per row, -1 for none → null). */
function wideCells(s: TimeSeries, rows: Int32Array): (number | string | null)[] {
  const out = new Array<number | string | null>(rows.length);
  const v = s.values;
  for (let i = 0; i < rows.length; i++) {
    const p = rows[i]!;
    out[i] = p < 0 ? null : v[p] ?? null;
  }
  return out;
}

export function* parquetFile(list: NamedSeries[], tzaware: boolean, layout: ExportLayout, batchRows: number): Generator<Uint8Array> {
  const out = new ChunkWriter();
  const leaves: SchemaElement[] =
    layout === 'long'
      ? [timeElement(tzaware), { name: 'channel_id', type: 'BYTE_ARRAY', converted_type: 'UTF8', logical_type: { type: 'STRING' }, repetition_type: 'REQUIRED' }, valueElement('value', list[0]!.series, true)]
      : [timeElement(tzaware), ...list.map((s) => valueElement(s.name, s.series, false))];
  const schema: SchemaElement[] = [{ name: 'root', num_children: leaves.length }, ...leaves];
  const writer = new ParquetWriter({ writer: out, schema, createdBy: `strata version ${VERSION}` });
  const group = (columnData: ColumnSource[]) => {
    writer.write({ columnData, rowGroupSize: Number.MAX_SAFE_INTEGER });
    return out.take();
  };
  const time = (times: Float64Array): ColumnSource => ({ name: TIME_COLUMN, data: times, encoding: 'DELTA_BINARY_PACKED' });
  if (layout === 'long') {
    for (const { name, series } of list) {
      for (let start = 0; start < series.times.length; start += batchRows) {
        const end = Math.min(series.times.length, start + batchRows);
        const values = series.values instanceof Float64Array ? series.values.subarray(start, end) : series.values.slice(start, end);
        yield* group([time(series.times.subarray(start, end)), { name: 'channel_id', data: new Array<string>(end - start).fill(name) }, { name: 'value', data: values }]);
      }
    }
  } else {
    for (const b of wideBatches(list.map((s) => s.series), batchRows)) {
      yield* group([time(b.times), ...list.map((s, k) => ({ name: s.name, data: wideCells(s.series, b.rows[k]!) }))]);
    }
  }
  // an export with no rows still gets its schema
  writer.finish();
  yield* out.take();
}
