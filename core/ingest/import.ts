import type { TimeSeries } from '../series/series.js';
import { nowUs } from '../series/time.js';
import type { SeriesInfo, WriteOptions, WriteResult } from '../store/types.js';
import { absolutePath, parseFile } from './node-file.js';
import { checkAborted } from './progress.js';
import type { IngestOptions, IngestSummary } from './types.js';

/** The part of the Store an import uses (the Store class satisfies it). */
export interface ImportTarget {
  transaction<T>(fn: () => T): T;
  exists(name: string): boolean;
  info(name: string): SeriesInfo;
  update(name: string, points: TimeSeries, opts?: WriteOptions): WriteResult;
  replace(name: string, points: TimeSeries, opts?: WriteOptions): WriteResult;
}

export interface ImportOptions extends IngestOptions {
  /** Insertion date of every revision written (µs); default now. */
  insertionDate?: number;
  author?: string;
  /** `update` (default) merges into stored series; `replace` makes the file the whole new state. */
  mode?: 'update' | 'replace';
}

/** What was written per series. */
export interface WrittenSeries {
  name: string;
  /** False when the file changed nothing in a stored series (no revision is created). */
  revision: boolean;
  added: number;
  changed: number;
  deleted: number;
}

export interface ImportSummary extends IngestSummary {
  /** Absolute path of the file, recorded as each revision's source. */
  source: string;
  written: WrittenSeries[];
}

/**
 * Imports a file: parses it (streaming, rejects collected), then writes one revision per series inside a
 * single store transaction, so the store holds all of the import or none of it (cancel, crash, kill -9).
 */
export async function importFile(store: ImportTarget, path: string, opts: ImportOptions = {}): Promise<ImportSummary> {
  const source = absolutePath(path);
  const valueTypeOf = (name: string) => (store.exists(name) ? store.info(name).valueType : undefined);
  const { series, summary } = await parseFile(path, { ...opts, valueTypeOf: opts.valueTypeOf ?? valueTypeOf });
  checkAborted(opts.signal);
  const insertionDate = opts.insertionDate ?? nowUs();
  const revisionMetadata = { import: { format: summary.format, rows: summary.rows, accepted: summary.accepted, rejected: summary.rejected, duplicates: summary.duplicates } };
  const written = store.transaction(() =>
    series.map(({ name, series: points }) => {
      const w: WriteOptions = { insertionDate, source, revisionMetadata };
      if (opts.author !== undefined) w.author = opts.author;
      const r = opts.mode === 'replace' ? store.replace(name, points, w) : store.update(name, points, w);
      return { name, revision: r.revision !== null, added: r.added, changed: r.changed, deleted: r.deleted };
    }),
  );
  return { ...summary, source, written };
}
