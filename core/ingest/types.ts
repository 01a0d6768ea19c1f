import type { TimeSeries, ValueType } from '../series/series.js';

/** What the input is: `auto` sniffs it (magic bytes, then the CSV layout). */
export type IngestFormat = 'auto' | 'long' | 'wide' | 'arrow' | 'parquet';

/** How a text time column is written. */
export type TimeFormat = 'iso' | 'epoch_s' | 'epoch_ms' | 'epoch_us' | 'epoch_ns';

/** What to do with a second point at the same timestamp of one series. */
export type DuplicatePolicy = 'error' | 'first' | 'last';

/** Why a row was not imported (the kinds of DuckDB's rejects table, plus time-zone problems). */
export type RejectKind =
  | 'bad_number'
  | 'bad_timestamp'
  | 'column_count'
  | 'unterminated_quote'
  | 'bad_quote'
  | 'invalid_encoding'
  | 'tz_mismatch'
  | 'tz_ambiguous'
  | 'tz_nonexistent'
  | 'missing_channel';

/** One rejected row: where (1-based physical line and 1-based column) and why. */
export interface Reject {
  line: number;
  column: number;
  /** The column's header name when the file has one. */
  columnName?: string;
  kind: RejectKind;
  reason: string;
}

export interface ProgressEvent {
  /** Bytes read from the source so far (raw bytes, before decoding). */
  bytesRead: number;
  /** Total size when known (files), else null. */
  totalBytes: number | null;
  /** Data rows seen so far (accepted + rejected). */
  rows: number;
  elapsedMs: number;
  rowsPerSecond: number;
}

/** Options of the import engine (all optional; `auto` detection fills the gaps). */
export interface IngestOptions {
  format?: IngestFormat;
  /** Prefix of every series name: long `<prefix><channel_id>`, wide `<prefix><column name>`. */
  prefix?: string;
  /** IANA zone to localise naive timestamps; without it naive stays naive. */
  tz?: string;
  onDuplicate?: DuplicatePolicy;
  /** CSV field delimiter; detected when absent. */
  delimiter?: string;
  /** Whether the first CSV line is a header; detected when absent. */
  header?: boolean;
  /** Time column format; detected when absent. */
  timeFormat?: TimeFormat;
  /** Force the value type of every series (default: numeric when the sampled values are numbers). */
  valueType?: ValueType;
  /** Value type per series name, wins over detection. */
  valueTypes?: Record<string, ValueType>;
  /** Value type of a series when known elsewhere (e.g. already in the store); wins over everything. */
  valueTypeOf?: (name: string) => ValueType | undefined;
  /** At most this many rejects are listed (all are counted); default 10 000. */
  maxRejects?: number;
  /** Bytes read ahead to detect the layout; default 64 KiB. */
  sampleBytes?: number;
  /** Longest quoted field before it counts as an unterminated quote; default 8 MiB. */
  maxFieldBytes?: number;
  onProgress?: (e: ProgressEvent) => void;
  /** Minimum milliseconds between two progress events; default 100. */
  progressIntervalMs?: number;
  signal?: AbortSignal;
  /** CSV byte-level fast paths (default on; same results either way: tests compare both). */
  fastPath?: boolean;
  /** Size of the source in bytes when known, for progress (ETA). */
  totalBytes?: number;
  /**
   * A CSV file of several MiB is parsed by several threads, one byte range each, with the same result as
   * one thread (see csv-parallel.ts); `false` keeps it to one thread.
   */
  parallel?: false | ParallelOptions;
}

/** The CSV layout the parser used (detected or given), reported so the user can check it. */
export interface CsvDialect {
  layout: 'long' | 'wide';
  delimiter: string;
  /** Decimal separator of numbers ('.' or ','). */
  decimal: string;
  header: boolean;
  /** Header names, or generated names `column<N>` when there is no header. */
  columns: string[];
  /** Index of the time column, or of the date column when date and time are split. */
  timeColumn: number;
  /** Index of the time-of-day column when date and time are split, else -1. */
  clockColumn: number;
  timeFormat: TimeFormat;
  /** Long layout: channel and value columns (-1 in wide). */
  channelColumn: number;
  valueColumn: number;
}

export interface SeriesSummary {
  name: string;
  valueType: ValueType;
  tzaware: boolean;
  /** Points after deduplication. */
  count: number;
  duplicates: number;
  first: number | null;
  last: number | null;
}

/** What an import did, as printed by `strata import --json`. */
export interface IngestSummary {
  format: 'long' | 'wide' | 'arrow' | 'parquet';
  series: SeriesSummary[];
  /** Data rows read (accepted + rejected). */
  rows: number;
  accepted: number;
  rejected: number;
  /** The first `maxRejects` rejects, in file order. */
  rejects: Reject[];
  rejectsTruncated: boolean;
  /** Points dropped because another point of the same series had the same timestamp. */
  duplicates: number;
  bytes: number;
  dialect?: CsvDialect;
}

/** One parsed series, ready for the store: sorted, unique timestamps, no missing values. */
export interface ParsedSeries {
  name: string;
  series: TimeSeries;
}

export interface IngestResult {
  series: ParsedSeries[];
  summary: IngestSummary;
}

/**
 * How a CSV file is split between threads (csv-parallel.ts). The threads take ranges one after the
 * other, so a thread that starts late still helps.
 */
export interface ParallelOptions {
  /** Files smaller than this are parsed by one thread (default 8 MiB: below it a thread costs more than it gives). */
  minBytes?: number;
  /** Bytes per range (default 4 MiB). */
  rangeBytes?: number;
  /** Threads in all, the caller's included (default: the machine's cores, at most 4). */
  threads?: number;
  /** Told how the file was read: in how many ranges, how many of them by other threads, or why by one thread. */
  report?: (how: ParallelReport) => void;
}

export interface ParallelReport {
  /** The ranges were joined (else one thread read the file, for `reason`). */
  joined: boolean;
  ranges: number;
  /** Ranges parsed by other threads than the caller's. */
  byWorkers: number;
  reason?: 'small' | 'one_thread' | 'duplicate_error_policy' | 'encoding' | 'no_split' | 'range_not_at_record_start' | 'value_type' | 'range_failed';
}
