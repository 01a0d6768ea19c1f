import { parquetMetadataAsync, parquetRead, type AsyncBuffer, type SchemaElement } from 'hyparquet';
import { StrataError } from '../base/errors.js';
import type { ValueType } from '../series/series.js';
import { US_PER_DAY } from '../series/time.js';
import { finishBuilders } from './csv.js';
import { checkAborted, ProgressMeter } from './progress.js';
import { RejectLog } from './rejects.js';
import { pickTimeColumn, type TableShape, TableRowSink, type TableTimeKind } from './table-rows.js';
import type { IngestOptions, IngestResult } from './types.js';

export type { AsyncBuffer } from 'hyparquet';

// timestamps come out as µs numbers (exact), dates as µs at midnight
const PARSERS = {
  timestampFromMilliseconds: (ms: bigint) => Number(ms) * 1000,
  timestampFromMicroseconds: (us: bigint) => Number(us),
  timestampFromNanoseconds: (ns: bigint) => Number(ns / 1000n) - (ns < 0n && ns % 1000n !== 0n ? 1 : 0),
  dateFromDays: (days: number) => days * US_PER_DAY,
};

function timeKindOf(e: SchemaElement): TableTimeKind | null {
  const lt = e.logical_type;
  if (lt?.type === 'TIMESTAMP') return lt.isAdjustedToUTC ? 'instant' : 'wall';
  if (lt?.type === 'DATE' || e.converted_type === 'DATE') return 'wall';
  if (e.converted_type === 'TIMESTAMP_MILLIS' || e.converted_type === 'TIMESTAMP_MICROS' || e.type === 'INT96') return 'instant';
  return null;
}

function isText(e: SchemaElement): boolean {
  return e.type === 'BYTE_ARRAY' || e.type === 'FIXED_LEN_BYTE_ARRAY';
}

/**
 * Reads a Parquet file one row group at a time (hyparquet over random-access reads, so memory holds one
 * row group plus the series) with the same long/wide rules and rejects as CSV (`line` = row number).
 */
export async function parseParquet(file: AsyncBuffer, opts: IngestOptions = {}): Promise<IngestResult> {
  const meter = new ProgressMeter(opts.onProgress, opts.signal, file.byteLength, opts.progressIntervalMs);
  const rejects = new RejectLog(opts.maxRejects);
  let metadata;
  try {
    metadata = await parquetMetadataAsync(file);
  } catch (err) {
    throw new StrataError('bad_input', `not a readable Parquet file: ${(err as Error).message}`);
  }
  const leaves = metadata.schema.slice(1);
  if (leaves.some((e) => e.num_children)) throw new StrataError('bad_input', 'nested Parquet columns are not supported: expect flat time, channel and value columns (or one column per series)');
  const names = leaves.map((e) => e.name);
  const kinds = leaves.map(timeKindOf);
  const timeColumn = pickTimeColumn(names, kinds.map((k) => k !== null));
  const te = leaves[timeColumn];
  if (!te) throw new StrataError('bad_input', 'the Parquet file has no columns');
  const timeKind: TableTimeKind = kinds[timeColumn] ?? (isText(te) ? 'text' : 'number');
  const types: ValueType[] = leaves.map((e, j) => (isText(e) || kinds[j] !== null ? 'string' : 'float64'));
  const shape: TableShape = { names, timeColumn, timeKind, types };
  const sink = new TableRowSink(shape, opts, rejects);
  let rowStart = 0;
  let bytes = 0;
  for (const group of metadata.row_groups) {
    checkAborted(opts.signal);
    const n = Number(group.num_rows);
    const rowEnd = rowStart + n;
    const cols: unknown[][] = names.map(() => new Array(n).fill(null));
    const index = new Map(names.map((name, j) => [name, j]));
    await parquetRead({
      file, metadata, rowStart, rowEnd, parsers: PARSERS,
      onChunk: (chunk) => {
        const j = index.get(chunk.columnName);
        if (j === undefined) return;
        const col = cols[j]!;
        for (let r = Math.max(rowStart, chunk.rowStart); r < Math.min(rowEnd, chunk.rowEnd); r++) col[r - rowStart] = chunk.columnData[r - chunk.rowStart];
      },
    });
    sink.addBatch(n, cols, rowStart + 1);
    rowStart = rowEnd;
    bytes += Number(group.total_compressed_size ?? group.total_byte_size);
    meter.tick(Math.min(bytes, file.byteLength), sink.rows);
  }
  meter.tick(file.byteLength, sink.rows, true);
  const { series, summaries, duplicates } = finishBuilders(sink.builders.values());
  return {
    series,
    summary: {
      format: 'parquet', series: summaries, rows: sink.rows, accepted: sink.accepted, rejected: rejects.count,
      rejects: rejects.list, rejectsTruncated: rejects.truncated, duplicates, bytes: file.byteLength,
    },
  };
}
