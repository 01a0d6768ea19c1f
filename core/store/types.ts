import type { TimeSeries, ValueType } from '../series/series.js';

/** What a series is, without its points. */
export interface SeriesInfo {
  name: string;
  /** `remote`: a tag of a PostgreSQL connection (`<connection>/<tag>`), read-only and unversioned. */
  kind: 'primary' | 'formula' | 'remote';
  valueType: ValueType;
  tzaware: boolean;
  unit: string;
  metadata: Record<string, unknown>;
  /** Number of points in the latest state. */
  count: number;
  /** First and last timestamp of the latest state (µs), null when empty. */
  first: number | null;
  last: number | null;
  /** Insertion date (µs) of the series' creation and of its latest revision. */
  createdAt: number;
  /** When the series was retired (CVec `death_at`, µs); null while it is alive. */
  deathAt: number | null;
  lastInsertionDate: number | null;
  revisions: number;
}

/** One revision of a primary series: who wrote what, when, from where (for lineage). */
export interface RevisionInfo {
  insertionDate: number;
  author: string;
  /** Where the data came from: a file path, `dag:<workflow>/<node>`, `plugin:<name>`, `cli`, ... */
  source: string;
  metadata: Record<string, unknown>;
  /** Points in the state after this revision. */
  count: number;
  added: number;
  changed: number;
  deleted: number;
  /** Value-date range touched by this revision's change (µs), null when nothing changed. */
  diffFirst: number | null;
  diffLast: number | null;
}

export interface WriteOptions {
  /** Insertion date in µs; defaults to now. Must be later than the series' latest revision. */
  insertionDate?: number;
  author?: string;
  source?: string;
  /** Unit to record when the series is created; an existing series with another unit is an error. */
  unit?: string;
  /** Free metadata merged into the series' metadata. */
  metadata?: Record<string, unknown>;
  /** Metadata recorded on the revision itself (e.g. import statistics). */
  revisionMetadata?: Record<string, unknown>;
}

export interface WriteResult {
  /** The revision written, or null when the write changed nothing (no revision is created). */
  revision: RevisionInfo | null;
  added: number;
  changed: number;
  deleted: number;
}

export interface ReadOptions {
  /** The series as known at this insertion date (µs): the latest revision at or before it. */
  revisionDate?: number | null;
  /** Value-date window, inclusive at both ends (µs). */
  from?: number | null;
  to?: number | null;
}

export interface HistoryOptions {
  from?: number | null;
  to?: number | null;
  fromInsertionDate?: number | null;
  toInsertionDate?: number | null;
}

export interface Version {
  revision: RevisionInfo;
  series: TimeSeries;
}
