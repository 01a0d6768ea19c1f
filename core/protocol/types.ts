/** Result shapes of the service contract (plain JSON: numbers, strings, arrays). */

export interface AppInfo {
  version: string;
  storePath: string;
  schemaVersion: number;
}

export interface SeriesSummary {
  name: string;
  /** `remote`: a tag of a PostgreSQL connection (`<connection>/<tag>`), read-only. */
  kind: 'primary' | 'formula' | 'remote';
  valueType: 'float64' | 'string';
  tzaware: boolean;
  unit: string;
  count: number;
  first: number | null;
  last: number | null;
}

export interface SeriesDetails extends SeriesSummary {
  metadata: Record<string, unknown>;
  createdAt: number;
  deathAt: number | null;
  lastInsertionDate: number | null;
  revisions: number;
}

export interface SeriesData {
  name: string;
  tzaware: boolean;
  valueType: 'float64' | 'string';
  times: number[];
  /** null = no value. */
  values: (number | string | null)[];
  /** True when maxPoints cut the window (the newest points were dropped). */
  truncated: boolean;
  /** Set when a remote series' server was unreachable and the answer came from the local cache. */
  notice?: string;
}

export interface HistoryVersion {
  insertionDate: number;
  author: string;
  source: string;
  times: number[];
  values: (number | string | null)[];
}

/**
 * Chart data for a window, shaped for a chart `width` pixels wide. `raw`: the points themselves (few enough).
 * `columns`: one entry per pixel column with the exact first/last/min/max of the points it covers and the
 * time range it covers (columns are whole groups of precomputed bins, so no spike is ever hidden).
 */
export type Envelope = (
  | { mode: 'raw'; name: string; tzaware: boolean; times: number[]; values: number[]; from: number | null; to: number | null }
  | {
      mode: 'columns';
      name: string;
      tzaware: boolean;
      from: number | null;
      to: number | null;
      /** Points summarised. */
      count: number;
      /** Points per bin of the level used (1 = computed from raw points). */
      binSize: number;
      tFirst: number[];
      tLast: number[];
      tMin: number[];
      tMax: number[];
      min: number[];
      max: number[];
      first: number[];
      last: number[];
    }
) & {
  /** Set when a remote series' server was unreachable and the envelope came from the local cache. */
  notice?: string;
};

export interface SpanDto {
  value: number | string | null;
  begin: number;
  end: number | null;
}

export interface TagDto {
  name: string;
  birthAt: number | null;
  deathAt: number | null;
}

/** One row the import refused, and why (its line and column in the file). */
export interface RejectDto {
  line: number;
  column: number;
  columnName?: string;
  kind: string;
  reason: string;
}

export interface ImportProgressDto {
  bytesRead: number;
  totalBytes: number | null;
  rows: number;
  elapsedMs: number;
  rowsPerSecond: number;
}

/** What a finished import did (the parts the import dialog shows). */
export interface ImportResultDto {
  format: string;
  rows: number;
  accepted: number;
  rejected: number;
  duplicates: number;
  rejects: RejectDto[];
  rejectsTruncated: boolean;
  series: { name: string; count: number; revision: boolean; added: number; changed: number; deleted: number }[];
}

/** An import job: its state, latest progress, and its result or error once over. */
export interface ImportJob {
  jobId: string;
  path: string;
  state: 'running' | 'done' | 'failed' | 'cancelled';
  progress: ImportProgressDto | null;
  result: ImportResultDto | null;
  error: { code: string; message: string } | null;
}

/** Result type of each method. */
export interface ApiResults {
  'app.info': AppInfo;
  'series.list': SeriesSummary[];
  'series.info': SeriesDetails;
  'series.get': SeriesData;
  'series.insertionDates': number[];
  'series.history': HistoryVersion[];
  'chart.envelope': Envelope;
  'spans.constant': SpanDto[];
  'tags.list': TagDto[];
  'import.start': ImportJob;
  'import.status': ImportJob;
  'import.cancel': ImportJob;
}
