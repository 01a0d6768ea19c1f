import { StrataError } from '../base/errors.js';
import type { SeriesValues, TimeSeries, ValueType } from '../series/series.js';
import { emptySeries, lowerBound, seriesEqual, sliceSeries, upperBound } from '../series/series.js';
import { formatTimestamp, nowUs } from '../series/time.js';
import { CODEC, decodeFloatsInto, decodeStringsInto, decodeTimesInto, encodeTimes, encodeValues, floatsOf } from './codec.js';
import { decodeManifest, encodeManifest, manifestCount, overlapping, type ManifestEntry } from './manifest.js';
import { mergePoints } from './merge.js';
import { buildEnvelopes, chartData, type ChartData } from './chart.js';
import { EnvelopeTable } from './envelope-table.js';
import { openDatabase, type SqliteDatabase } from './sqlite.js';
import type { HistoryOptions, ReadOptions, RevisionInfo, SeriesInfo, Version, WriteOptions, WriteResult } from './types.js';
import { readOnlyRemote } from './sources.js';

export interface StoreOptions {
  /** Target points per chunk; tests use tiny chunks to exercise boundaries. */
  chunkSize?: number;
}

interface SeriesRow {
  id: number;
  name: string;
  kind: 'primary' | 'formula';
  value_type: ValueType;
  tzaware: number;
  unit: string;
  metadata: string;
  created_at: number;
  death_at: number | null;
}

interface RevisionRow {
  id: number;
  insertion_date: number;
  author: string;
  source: string;
  metadata: string;
  count: number;
  first_ts: number | null;
  last_ts: number | null;
  added: number;
  changed: number;
  deleted: number;
  diff_first: number | null;
  diff_last: number | null;
  manifest: Buffer;
}

const DEFAULT_CHUNK = 65536;
/** How long after a commit the Store checkpoints its WAL (see Store.scheduleCheckpoint). */
const CHECKPOINT_DELAY_MS = 250;
const MAX_NAME = 512;

/**
 * The versioned series store (tshistory semantics) over SQLite.
 *
 * Every write to a primary series is a revision with an insertion date, author and source. Points live
 * in immutable columnar chunks shared between revisions (copy-on-write): a write stores only the chunks
 * its change touched plus a manifest listing the state's chunks, so reading any revision — the latest
 * or an old one — is a handful of blob reads and memcpys, never a replay of revisions.
 *
 * Synchronous (better-sqlite3); use `StoreWorker` to keep it off a UI's event loop.
 */
export class Store {
  readonly db: SqliteDatabase;
  readonly path: string;
  private readonly chunkSize: number;
  private readonly q;
  private readonly envelopes: EnvelopeTable;

  constructor(path: string, opts: StoreOptions = {}) {
    this.path = path;
    this.chunkSize = Math.max(2, opts.chunkSize ?? DEFAULT_CHUNK);
    this.db = openDatabase(path);
    const db = this.db;
    this.q = {
      seriesByName: db.prepare<[string], SeriesRow>('SELECT * FROM series WHERE name = ?'),
      insertSeries: db.prepare(
        'INSERT INTO series (name, kind, value_type, tzaware, unit, metadata, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      updateSeriesMeta: db.prepare('UPDATE series SET unit = ?, metadata = ? WHERE id = ?'),
      latestRevision: db.prepare<[number], RevisionRow>(
        'SELECT * FROM revision WHERE series_id = ? ORDER BY insertion_date DESC LIMIT 1',
      ),
      revisionAsOf: db.prepare<[number, number], RevisionRow>(
        'SELECT * FROM revision WHERE series_id = ? AND insertion_date <= ? ORDER BY insertion_date DESC LIMIT 1',
      ),
      revisions: db.prepare<[number, number, number], RevisionRow>(
        'SELECT * FROM revision WHERE series_id = ? AND insertion_date >= ? AND insertion_date <= ? ORDER BY insertion_date',
      ),
      insertionDates: db.prepare<[number, number, number], { insertion_date: number }>(
        'SELECT insertion_date FROM revision WHERE series_id = ? AND insertion_date >= ? AND insertion_date <= ? ORDER BY insertion_date',
      ),
      insertChunk: db.prepare(
        'INSERT INTO chunk (series_id, count, first_ts, last_ts, codec, times, vals) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      chunkBlobs: db.prepare<[number], { codec: string; times: Buffer; vals: Buffer }>(
        'SELECT codec, times, vals FROM chunk WHERE id = ?',
      ),
      // A slice of a float chunk by byte offsets (raw1 stores 8 bytes per time and per value).
      chunkSlice: db.prepare<[{ off: number; len: number; id: number }], { codec: string; times: Buffer; vals: Buffer }>(
        'SELECT codec, substr(times, @off, @len) AS times, substr(vals, @off, @len) AS vals FROM chunk WHERE id = @id',
      ),
      insertRevision: db.prepare(
        `INSERT INTO revision (series_id, insertion_date, author, source, metadata, count, first_ts, last_ts,
           added, changed, deleted, diff_first, diff_last, manifest) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      list: db.prepare<[], SeriesRow & { count: number | null; first_ts: number | null; last_ts: number | null; last_idate: number | null; nrev: number }>(
        `SELECT s.*, r.count AS count, r.first_ts AS first_ts, r.last_ts AS last_ts, r.insertion_date AS last_idate,
                (SELECT COUNT(*) FROM revision x WHERE x.series_id = s.id) AS nrev
           FROM series s
           LEFT JOIN revision r ON r.id = (SELECT id FROM revision WHERE series_id = s.id ORDER BY insertion_date DESC LIMIT 1)
          ORDER BY s.name`,
      ),
      rename: db.prepare('UPDATE series SET name = ? WHERE id = ?'),
      retire: db.prepare('UPDATE series SET death_at = ? WHERE id = ?'),
      deleteSeries: db.prepare('DELETE FROM series WHERE id = ?'),
      connection: db.prepare<[string], { name: string }>('SELECT name FROM connection WHERE name = ?'),
    };
    this.envelopes = new EnvelopeTable(db);
  }

  close(): void {
    if (this.checkpointTimer) clearTimeout(this.checkpointTimer);
    this.checkpointTimer = null;
    // Closing the last connection checkpoints the WAL into the database file.
    if (this.db.open) this.db.close();
  }

  /** Runs `fn` in one transaction: every write inside commits together or not at all. */
  transaction<T>(fn: () => T): T {
    if (this.db.inTransaction) return this.db.transaction(fn)();
    const out = this.db.transaction(fn).immediate();
    this.scheduleCheckpoint();
    return out;
  }

  private checkpointTimer: ReturnType<typeof setTimeout> | null = null;

  /**
   * Copies the WAL into the database file a moment after a commit (once for a burst of writes), instead
   * of inside the commit: the writer gets its answer first. PASSIVE never waits for other connections;
   * what it cannot copy now the next one (or close) does. The timer never keeps a process alive.
   */
  private scheduleCheckpoint(): void {
    if (this.checkpointTimer || this.db.readonly) return;
    this.checkpointTimer = setTimeout(() => {
      this.checkpointTimer = null;
      if (!this.db.open) return;
      try {
        if (this.db.inTransaction) return this.scheduleCheckpoint();
        this.db.pragma('wal_checkpoint(PASSIVE)');
      } catch {
        // The connection is busy (an open statement iterator): the next commit or close checkpoints.
      }
    }, CHECKPOINT_DELAY_MS);
    this.checkpointTimer.unref?.();
  }

  /** Copies the WAL into the database file now (e.g. before copying the file); see scheduleCheckpoint. */
  checkpoint(): void {
    if (this.checkpointTimer) clearTimeout(this.checkpointTimer);
    this.checkpointTimer = null;
    if (this.db.open && !this.db.readonly) this.db.pragma('wal_checkpoint(PASSIVE)');
  }

  // ---- metadata ---------------------------------------------------------------------------------

  exists(name: string): boolean {
    return this.q.seriesByName.get(name) !== undefined;
  }

  /**
   * The connection whose namespace `name` is in (`<connection>/<tag>`, core/remote), or null for a local
   * name. Such names are read-only here: the series lives on the connection's server.
   */
  connectionOf(name: string): string | null {
    const i = name.indexOf('/');
    if (i <= 0) return null;
    return this.q.connection.get(name.slice(0, i))?.name ?? null;
  }

  /** Refuses a local write (or new name) inside a connection's namespace. */
  checkLocalName(name: string): void {
    const conn = this.connectionOf(name);
    if (conn !== null) throw readOnlyRemote(name, conn);
  }

  info(name: string): SeriesInfo {
    const row = this.seriesRow(name);
    const latest = this.q.latestRevision.get(row.id);
    const nrev = (this.db.prepare('SELECT COUNT(*) AS n FROM revision WHERE series_id = ?').get(row.id) as { n: number }).n;
    return toInfo(row, latest?.count ?? 0, latest?.first_ts ?? null, latest?.last_ts ?? null, latest?.insertion_date ?? null, nrev);
  }

  list(): SeriesInfo[] {
    return this.q.list.all().map((r) => toInfo(r, r.count ?? 0, r.first_ts, r.last_ts, r.last_idate, r.nrev));
  }

  rename(oldName: string, newName: string): void {
    checkName(newName);
    this.checkLocalName(oldName);
    this.checkLocalName(newName);
    this.transaction(() => {
      const row = this.seriesRow(oldName);
      if (this.exists(newName)) throw new StrataError('series_exists', `cannot rename ${q(oldName)}: a series named ${q(newName)} exists`);
      this.q.rename.run(newName, row.id);
    });
  }

  /** Marks a series retired at `at` (µs; CVec `death_at`), or alive again with null. Its data stays. */
  retire(name: string, at: number | null): void {
    this.checkLocalName(name);
    this.transaction(() => {
      const row = this.seriesRow(name);
      this.q.retire.run(at, row.id);
    });
  }

  /** Whether the latest state has at least one point with from <= t < to (null bounds are open). */
  hasPointsIn(name: string, from: number | null, to: number | null): boolean {
    const row = this.seriesRow(name);
    const latest = this.q.latestRevision.get(row.id);
    if (!latest) return false;
    const lo = from ?? -Infinity;
    const hi = to ?? Infinity;
    for (const e of decodeManifest(latest.manifest)) {
      if (e.last < lo || e.first >= hi) continue;
      if (e.first >= lo || e.last < hi) return true;
      // The chunk straddles the whole window: look inside it.
      const pts = this.readEntries([e], row.value_type).times;
      const i = lowerBound(pts, lo);
      if (i < pts.length && pts[i]! < hi) return true;
    }
    return false;
  }

  /** The newest point with a timestamp before `t` in the latest state, or null (for carry-forward reads). */
  lastPointBefore(name: string, t: number): { time: number; value: number | string | null } | null {
    const row = this.seriesRow(name);
    const latest = this.q.latestRevision.get(row.id);
    if (!latest) return null;
    const entries = decodeManifest(latest.manifest);
    for (let k = entries.length - 1; k >= 0; k--) {
      if (entries[k]!.first >= t) continue;
      const pts = this.readEntries([entries[k]!], row.value_type);
      const i = lowerBound(pts.times, t) - 1;
      return { time: pts.times[i]!, value: pts.values[i] ?? null };
    }
    return null;
  }

  delete(name: string): void {
    this.checkLocalName(name);
    this.transaction(() => {
      const row = this.seriesRow(name);
      this.q.deleteSeries.run(row.id);
    });
  }

  // ---- writes -----------------------------------------------------------------------------------

  /** Stores the points of `points` that differ from the latest state; NaN/null deletes. */
  update(name: string, points: TimeSeries, opts: WriteOptions = {}): WriteResult {
    return this.write(name, points, 'update', opts);
  }

  /** Makes `points` the complete new state of the series. */
  replace(name: string, points: TimeSeries, opts: WriteOptions = {}): WriteResult {
    return this.write(name, points, 'replace', opts);
  }

  private write(name: string, points: TimeSeries, mode: 'update' | 'replace', opts: WriteOptions): WriteResult {
    checkName(name);
    this.checkLocalName(name);
    checkWritePoints(points, name);
    return this.transaction(() => {
      let row = this.q.seriesByName.get(name);
      if (row) {
        if (row.kind !== 'primary') throw new StrataError('read_only_series', `${q(name)} is a ${row.kind} series and cannot be written`);
        if (points.times.length > 0 && row.tzaware !== (points.tzaware ? 1 : 0)) {
          throw new StrataError(
            'tz_mismatch',
            `${q(name)} has ${row.tzaware ? 'tz-aware' : 'naive'} timestamps; the points are ${points.tzaware ? 'tz-aware' : 'naive'}`,
          );
        }
        if (points.times.length > 0 && row.value_type !== points.valueType) {
          throw new StrataError('value_type_mismatch', `${q(name)} holds ${row.value_type} values; the points are ${points.valueType}`);
        }
        if (opts.unit !== undefined && opts.unit !== row.unit) {
          throw new StrataError('unit_mismatch', `${q(name)} has unit ${q(row.unit)}; the write says ${q(opts.unit)}`);
        }
      }
      const latest = row ? this.q.latestRevision.get(row.id) : undefined;
      const entries = latest ? decodeManifest(latest.manifest) : [];
      const valueType = row ? row.value_type : points.valueType;

      let insertionDate: number;
      if (opts.insertionDate !== undefined) {
        insertionDate = opts.insertionDate;
        if (!Number.isInteger(insertionDate)) throw new StrataError('bad_input', `insertion date must be whole microseconds`);
        if (latest && insertionDate <= latest.insertion_date) {
          throw new StrataError(
            'insertion_date_order',
            `insertion date ${formatTimestamp(insertionDate, true)} is not after the latest revision of ${q(name)} (${formatTimestamp(latest.insertion_date, true)})`,
          );
        }
      } else {
        // Two writes within the same millisecond still get distinct, increasing insertion dates.
        insertionDate = Math.max(nowUs(), latest ? latest.insertion_date + 1 : 0);
      }

      // Which stored chunks the write can affect: all for a replace; for an update those overlapping
      // its time range, widened by small neighbours so appends consolidate small chunks.
      let a: number;
      let b: number;
      if (mode === 'replace') {
        a = 0;
        b = entries.length;
      } else {
        if (points.times.length === 0) return noChange();
        [a, b] = overlapping(entries, points.times[0]!, points.times[points.times.length - 1]!);
        const small = this.chunkSize / 2;
        if (a > 0 && entries[a - 1]!.count < small) a--;
        if (b < entries.length && entries[b]!.count < small) b++;
      }
      const old = this.readEntries(entries.slice(a, b), valueType);
      const merged = mergePoints(valueType, old.times, old.values, points, mode);
      if (merged.added + merged.changed + merged.deleted === 0) return noChange();

      if (!row) {
        this.q.insertSeries.run(
          name,
          'primary',
          valueType,
          points.tzaware ? 1 : 0,
          opts.unit ?? '',
          JSON.stringify(opts.metadata ?? {}),
          insertionDate,
        );
        row = this.q.seriesByName.get(name)!;
      } else if (opts.metadata) {
        const meta = { ...JSON.parse(row.metadata), ...opts.metadata };
        this.q.updateSeriesMeta.run(row.unit, JSON.stringify(meta), row.id);
      }

      // Keep loaded chunks that lie wholly outside the changed range and are not small; rewrite the rest.
      const small = this.chunkSize / 2;
      let i0 = a;
      while (i0 < b && entries[i0]!.last < merged.diffFirst) i0++;
      if (i0 > a && entries[i0 - 1]!.count < small) i0--;
      let i1 = b;
      while (i1 > i0 && entries[i1 - 1]!.first > merged.diffLast) i1--;
      if (i1 < b && entries[i1]!.count < small) i1++;
      const leftBound = i0 > a ? entries[i0 - 1]!.last : -Infinity;
      const rightBound = i1 < b ? entries[i1]!.first : Infinity;
      const s = upperBound(merged.times, leftBound);
      const e = lowerBound(merged.times, rightBound);
      const fresh = this.writeChunks(row.id, valueType, merged.times, merged.values, s, e);
      const next = [...entries.slice(0, i0), ...fresh, ...entries.slice(i1)];

      const count = manifestCount(next);
      const first = next.length ? next[0]!.first : null;
      const last = next.length ? next[next.length - 1]!.last : null;
      const revision: RevisionInfo = {
        insertionDate,
        author: opts.author ?? defaultAuthor(),
        source: opts.source ?? '',
        metadata: opts.revisionMetadata ?? {},
        count,
        added: merged.added,
        changed: merged.changed,
        deleted: merged.deleted,
        diffFirst: merged.diffFirst,
        diffLast: merged.diffLast,
      };
      this.q.insertRevision.run(
        row.id,
        insertionDate,
        revision.author,
        revision.source,
        JSON.stringify(revision.metadata),
        count,
        first,
        last,
        merged.added,
        merged.changed,
        merged.deleted,
        merged.diffFirst,
        merged.diffLast,
        encodeManifest(next),
      );
      return { revision, added: merged.added, changed: merged.changed, deleted: merged.deleted };
    });
  }

  private writeChunks(seriesId: number, valueType: ValueType, times: Float64Array, values: SeriesValues, start: number, end: number): ManifestEntry[] {
    const n = end - start;
    if (n <= 0) return [];
    const pieces = Math.ceil(n / this.chunkSize);
    const size = Math.ceil(n / pieces);
    const out: ManifestEntry[] = [];
    for (let s = start; s < end; s += size) {
      const e = Math.min(end, s + size);
      const first = times[s]!;
      const last = times[e - 1]!;
      const res = this.q.insertChunk.run(seriesId, e - s, first, last, CODEC, encodeTimes(times, s, e), encodeValues(valueType, values, s, e));
      // Chart envelopes are built at write time (float chunks only), so a chart never scans raw points.
      if (valueType === 'float64') this.envelopes.write(Number(res.lastInsertRowid), buildEnvelopes(times, values as Float64Array, s, e));
      out.push({ id: Number(res.lastInsertRowid), count: e - s, first, last });
    }
    return out;
  }

  // ---- reads ------------------------------------------------------------------------------------

  /** The series as known at `revisionDate` (default: latest), restricted to the value-date window. */
  get(name: string, opts: ReadOptions = {}): TimeSeries {
    const row = this.primaryRow(name);
    const rev = opts.revisionDate == null ? this.q.latestRevision.get(row.id) : this.q.revisionAsOf.get(row.id, opts.revisionDate);
    if (!rev) return emptySeries(row.value_type, !!row.tzaware);
    return this.readRevision(row, rev, opts.from ?? null, opts.to ?? null);
  }

  /**
   * Chart data of a numeric series for a chart `width` pixels wide: raw points when few, else exact
   * per-column first/last/min/max from the envelope levels stored with each chunk (see chart.ts).
   */
  chart(name: string, opts: ReadOptions & { width: number }): ChartData & { tzaware: boolean } {
    const row = this.primaryRow(name);
    if (row.value_type !== 'float64') throw new StrataError('value_type_mismatch', `${q(name)} holds strings; charts of envelopes need numbers`);
    const rev = opts.revisionDate == null ? this.q.latestRevision.get(row.id) : this.q.revisionAsOf.get(row.id, opts.revisionDate);
    const entries = rev ? decodeManifest(rev.manifest) : [];
    const data = chartData(
      {
        entries,
        readPoints: (e) => this.readFloatSlice(e, 0, e.count),
        readRange: (e, start, end) => this.readFloatSlice(e, start, end),
        readBins: (es, level) => this.envelopes.read(es.map((e) => e.id), level),
      },
      opts.from ?? null,
      opts.to ?? null,
      Math.max(1, Math.floor(opts.width)),
    );
    return { ...data, tzaware: !!row.tzaware };
  }

  /** Revision records of a series, oldest first. */
  revisions(name: string, opts: HistoryOptions = {}): RevisionInfo[] {
    const row = this.primaryRow(name);
    return this.q.revisions.all(row.id, opts.fromInsertionDate ?? -Infinity, opts.toInsertionDate ?? Infinity).map(toRevisionInfo);
  }

  insertionDates(name: string, opts: HistoryOptions = {}): number[] {
    const row = this.primaryRow(name);
    return this.q.insertionDates.all(row.id, opts.fromInsertionDate ?? -Infinity, opts.toInsertionDate ?? Infinity).map((r) => r.insertion_date);
  }

  /**
   * Every version of the series: for each revision in the insertion-date window, the whole series as
   * known then, restricted to the value-date window. With a value window, a version identical (in the
   * window) to the one before it is left out, since nothing changed there.
   */
  history(name: string, opts: HistoryOptions = {}): Version[] {
    const row = this.primaryRow(name);
    const revs = this.q.revisions.all(row.id, opts.fromInsertionDate ?? -Infinity, opts.toInsertionDate ?? Infinity);
    const windowed = opts.from != null || opts.to != null;
    const out: Version[] = [];
    let prev: TimeSeries | null = null;
    for (const rev of revs) {
      const series = this.readRevision(row, rev, opts.from ?? null, opts.to ?? null);
      if (windowed && prev && seriesEqual(prev, series)) continue;
      out.push({ revision: toRevisionInfo(rev), series });
      prev = series;
    }
    return out;
  }

  /**
   * For each value date t, the value as known `delta` µs before t: points with value dates in
   * [idate_i + delta, idate_{i+1} + delta) come from revision i.
   */
  staircase(name: string, delta: number, opts: ReadOptions = {}): TimeSeries {
    const row = this.primaryRow(name);
    const revs = this.q.revisions.all(row.id, -Infinity, Infinity);
    const from = opts.from ?? -Infinity;
    const to = opts.to ?? Infinity;
    const parts: TimeSeries[] = [];
    for (let k = 0; k < revs.length; k++) {
      const lo = Math.max(from, revs[k]!.insertion_date + delta);
      const hiExclusive = k + 1 < revs.length ? revs[k + 1]!.insertion_date + delta : Infinity;
      if (lo > to || lo >= hiExclusive) continue;
      // The upper bound is exclusive: timestamps are whole microseconds, so stop one before it.
      parts.push(this.readRevision(row, revs[k]!, lo, Math.min(to, hiExclusive - 1)));
    }
    return concatSeries(parts, row.value_type, !!row.tzaware);
  }

  private readRevision(row: SeriesRow, rev: RevisionRow, from: number | null, to: number | null): TimeSeries {
    const entries = decodeManifest(rev.manifest);
    const [s, e] = overlapping(entries, from, to);
    const all = this.readEntries(entries.slice(s, e), row.value_type);
    return sliceSeries({ tzaware: !!row.tzaware, valueType: row.value_type, times: all.times, values: all.values }, from, to);
  }

  /** Reads the points of consecutive manifest entries into one pair of columns. */
  private readEntries(entries: readonly ManifestEntry[], valueType: ValueType): { times: Float64Array; values: SeriesValues } {
    const total = manifestCount(entries);
    const times = new Float64Array(total);
    const values: SeriesValues = valueType === 'float64' ? new Float64Array(total) : new Array<string | null>(total);
    let pos = 0;
    for (const e of entries) {
      const blob = this.q.chunkBlobs.get(e.id);
      if (!blob) throw new StrataError('corrupt_store', `chunk ${e.id} is missing from ${this.path}`);
      if (blob.codec !== CODEC) throw new StrataError('corrupt_store', `chunk ${e.id} has unknown codec ${q(blob.codec)}`);
      decodeTimesInto(blob.times, e.count, times, pos);
      if (valueType === 'float64') decodeFloatsInto(blob.vals, e.count, values as Float64Array, pos);
      else decodeStringsInto(blob.vals, e.count, values as (string | null)[], pos);
      pos += e.count;
    }
    return { times, values };
  }

  /** Points [start, end) of a float chunk, by index, reading only their bytes. */
  private readFloatSlice(e: ManifestEntry, start: number, end: number): { times: Float64Array; values: Float64Array } {
    const n = Math.max(0, end - start);
    const blob = this.q.chunkSlice.get({ off: start * 8 + 1, len: n * 8, id: e.id });
    if (!blob) throw new StrataError('corrupt_store', `chunk ${e.id} is missing from ${this.path}`);
    if (blob.codec !== CODEC) throw new StrataError('corrupt_store', `chunk ${e.id} has unknown codec ${q(blob.codec)}`);
    if (blob.times.byteLength !== n * 8 || blob.vals.byteLength !== n * 8) throw new StrataError('corrupt_store', `chunk ${e.id} is shorter than its ${e.count} points`);
    const times = new Float64Array(n);
    decodeTimesInto(blob.times, n, times, 0);
    // The blob is this read's own copy: its values can be used in place.
    return { times, values: floatsOf(blob.vals, n) };
  }

  /**
   * The row of a series whose points are stored. A formula's points are computed (asynchronously, by
   * core/store/formulas.ts), so reading one here would silently give nothing: it is an error instead.
   */
  private primaryRow(name: string): SeriesRow {
    const row = this.seriesRow(name);
    if (row.kind === 'formula') {
      throw new StrataError('formula_series', `${q(name)} is a formula series: read it through the formula resolver (core/store/formulas.ts)`, { name });
    }
    return row;
  }

  private seriesRow(name: string): SeriesRow {
    const row = this.q.seriesByName.get(name);
    if (!row) throw new StrataError('unknown_series', `no series named ${q(name)}`, { name });
    return row;
  }
}

export function openStore(path: string, opts?: StoreOptions): Store {
  return new Store(path, opts);
}

function noChange(): WriteResult {
  return { revision: null, added: 0, changed: 0, deleted: 0 };
}

function q(s: string): string {
  return JSON.stringify(s);
}

function defaultAuthor(): string {
  return process.env.STRATA_AUTHOR ?? process.env.USER ?? process.env.USERNAME ?? 'unknown';
}

/** Checks a new series name (also used for formula series, which are created outside `write`). */
export function checkName(name: string): void {
  if (typeof name !== 'string' || name.length === 0) throw new StrataError('bad_input', 'a series name must be a non-empty string');
  if (name.length > MAX_NAME) throw new StrataError('bad_input', `series name longer than ${MAX_NAME} characters`);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) throw new StrataError('bad_input', `series name ${q(name)} contains control characters`);
  if (name !== name.trim()) throw new StrataError('bad_input', `series name ${q(name)} has leading or trailing spaces`);
}

/** Points handed to a write must be sorted, unique, finite timestamps with one value each. */
function checkWritePoints(p: TimeSeries, name: string): void {
  if (!(p.times instanceof Float64Array)) throw new StrataError('bad_points', `write to ${q(name)}: timestamps must be a Float64Array`);
  if (p.times.length !== p.values.length) {
    throw new StrataError('bad_points', `write to ${q(name)}: ${p.times.length} timestamps but ${p.values.length} values`);
  }
  if ((p.valueType === 'float64') !== p.values instanceof Float64Array) {
    throw new StrataError('bad_points', `write to ${q(name)}: values do not match value type ${p.valueType}`);
  }
  const t = p.times;
  for (let i = 0; i < t.length; i++) {
    const v = t[i]!;
    if (!Number.isSafeInteger(v)) throw new StrataError('bad_timestamp', `write to ${q(name)}: timestamp #${i} is not a whole number of microseconds`);
    if (i > 0 && !(v > t[i - 1]!)) {
      throw new StrataError(
        v === t[i - 1] ? 'duplicate_timestamp' : 'bad_points',
        `write to ${q(name)}: timestamps must be strictly increasing (#${i - 1} and #${i}: ${formatTimestamp(t[i - 1]!, p.tzaware)}, ${formatTimestamp(v, p.tzaware)})`,
      );
    }
  }
  if (p.valueType === 'float64') {
    const v = p.values as Float64Array;
    for (let i = 0; i < v.length; i++) {
      if (v[i] === Infinity || v[i] === -Infinity) throw new StrataError('bad_points', `write to ${q(name)}: value #${i} is infinite`);
    }
  }
}

function toInfo(row: SeriesRow, count: number, first: number | null, last: number | null, lastIdate: number | null, nrev: number): SeriesInfo {
  return {
    name: row.name,
    kind: row.kind,
    valueType: row.value_type,
    tzaware: !!row.tzaware,
    unit: row.unit,
    metadata: JSON.parse(row.metadata),
    count,
    first,
    last,
    createdAt: row.created_at,
    deathAt: row.death_at ?? null,
    lastInsertionDate: lastIdate,
    revisions: nrev,
  };
}

function toRevisionInfo(r: RevisionRow): RevisionInfo {
  return {
    insertionDate: r.insertion_date,
    author: r.author,
    source: r.source,
    metadata: JSON.parse(r.metadata),
    count: r.count,
    added: r.added,
    changed: r.changed,
    deleted: r.deleted,
    diffFirst: r.diff_first,
    diffLast: r.diff_last,
  };
}

export function concatSeries(parts: TimeSeries[], valueType: ValueType, tzaware: boolean): TimeSeries {
  if (parts.length === 1) return parts[0]!;
  const total = parts.reduce((n, p) => n + p.times.length, 0);
  const times = new Float64Array(total);
  const values: SeriesValues = valueType === 'float64' ? new Float64Array(total) : [];
  let pos = 0;
  for (const p of parts) {
    times.set(p.times, pos);
    if (values instanceof Float64Array) values.set(p.values as Float64Array, pos);
    else for (const v of p.values as (string | null)[]) values.push(v);
    pos += p.times.length;
  }
  return { tzaware, valueType, times, values };
}
