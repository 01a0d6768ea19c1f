import { DataType, RecordBatchReader, TimeUnit, type Vector } from 'apache-arrow';
import { StrataError } from '../base/errors.js';
import type { ValueType } from '../series/series.js';
import { US_PER_DAY } from '../series/time.js';
import { finishBuilders } from './csv.js';
import { checkAborted, ProgressMeter } from './progress.js';
import { RejectLog } from './rejects.js';
import { pickTimeColumn, type TableShape, TableRowSink, type TableTimeKind } from './table-rows.js';
import type { IngestOptions, IngestResult } from './types.js';

/** What apache-arrow can read: a stream of bytes, all the bytes, or a random-access file handle. */
export type ArrowInput = AsyncIterable<Uint8Array> | Uint8Array | { stat(): Promise<{ size: number }> };

const US_PER_UNIT: Record<number, number> = { [TimeUnit.SECOND]: 1e6, [TimeUnit.MILLISECOND]: 1e3, [TimeUnit.MICROSECOND]: 1, [TimeUnit.NANOSECOND]: 1e-3 };

function valueTypeOf(t: DataType): ValueType {
  return DataType.isUtf8(t) || DataType.isLargeUtf8(t) || DataType.isDictionary(t) || DataType.isTimestamp(t) || DataType.isDate(t) ? 'string' : 'float64';
}

/** Timestamp cells as µs, read from the raw int64 values so microseconds stay exact (null → null). */
function timestampsUs(v: Vector, unit: TimeUnit): (number | null)[] {
  const out: (number | null)[] = new Array(v.length);
  let i = 0;
  for (const d of v.data) {
    const vals = d.values as BigInt64Array | Int32Array;
    for (let k = 0; k < d.length; k++, i++) {
      if (!d.getValid(k)) {
        out[i] = null;
        continue;
      }
      if (vals instanceof BigInt64Array) {
        const raw = vals[d.offset + k]!;
        out[i] = unit === TimeUnit.NANOSECOND ? Number(raw / 1000n) - (raw < 0n && raw % 1000n !== 0n ? 1 : 0) : Number(raw) * US_PER_UNIT[unit]!;
      } else {
        // int64 as two int32 words (little-endian)
        const lo = vals[2 * (d.offset + k)]! >>> 0;
        const hi = vals[2 * (d.offset + k) + 1]!;
        out[i] = Math.floor((hi * 4294967296 + lo) * US_PER_UNIT[unit]!);
      }
    }
  }
  return out;
}

function cells(v: Vector, t: DataType): ArrayLike<unknown> {
  if (DataType.isTimestamp(t)) return timestampsUs(v, t.unit);
  if (DataType.isDate(t)) {
    return Array.from({ length: v.length }, (_, i) => {
      const x = v.get(i) as Date | number | null;
      if (x === null) return null;
      const ms = x instanceof Date ? x.getTime() : Number(x);
      return Math.round(ms / 86_400_000) * US_PER_DAY;
    });
  }
  if (v.nullCount === 0 && (DataType.isFloat(t) || DataType.isInt(t))) return v.toArray() as ArrayLike<unknown>;
  return Array.from({ length: v.length }, (_, i) => v.get(i));
}

/**
 * Reads an Arrow IPC file or stream batch by batch (a file handle gives random access; a byte stream is
 * read as it comes) into series, with the same long/wide rules and rejects as CSV (`line` = row number).
 */
export async function parseArrow(input: ArrowInput, opts: IngestOptions = {}): Promise<IngestResult> {
  const meter = new ProgressMeter(opts.onProgress, opts.signal, opts.totalBytes ?? null, opts.progressIntervalMs);
  const rejects = new RejectLog(opts.maxRejects);
  let reader;
  try {
    reader = await RecordBatchReader.from(input as AsyncIterable<Uint8Array>);
    await reader.open();
  } catch (err) {
    throw new StrataError('bad_input', `not a readable Arrow IPC file: ${(err as Error).message}`);
  }
  const fields = reader.schema.fields;
  const names = fields.map((f) => f.name);
  const timeColumn = pickTimeColumn(names, fields.map((f) => DataType.isTimestamp(f.type) || DataType.isDate(f.type)));
  const tt = fields[timeColumn]?.type;
  if (!tt) throw new StrataError('bad_input', 'the Arrow file has no columns');
  let timeKind: TableTimeKind;
  if (DataType.isTimestamp(tt)) timeKind = tt.timezone ? 'instant' : 'wall';
  else if (DataType.isDate(tt)) timeKind = 'wall';
  else if (DataType.isUtf8(tt) || DataType.isLargeUtf8(tt) || DataType.isDictionary(tt)) timeKind = 'text';
  else timeKind = 'number';
  const shape: TableShape = { names, timeColumn, timeKind, types: fields.map((f) => valueTypeOf(f.type)) };
  const sink = new TableRowSink(shape, opts, rejects);
  let row = 1;
  for await (const batch of reader) {
    checkAborted(opts.signal);
    const cols = fields.map((f, j) => cells(batch.getChildAt(j)!, f.type));
    sink.addBatch(batch.numRows, cols, row);
    row += batch.numRows;
    meter.tick(0, sink.rows);
  }
  meter.tick(opts.totalBytes ?? 0, sink.rows, true);
  const { series, summaries, duplicates } = finishBuilders(sink.builders.values());
  return {
    series,
    summary: {
      format: 'arrow', series: summaries, rows: sink.rows, accepted: sink.accepted, rejected: rejects.count,
      rejects: rejects.list, rejectsTruncated: rejects.truncated, duplicates, bytes: opts.totalBytes ?? 0,
    },
  };
}
