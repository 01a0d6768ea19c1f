import { StrataError } from '../base/errors.js';
import type { TimeSeries } from '../series/series.js';
import { formatTimestamp } from '../series/time.js';
import { readSeries } from '../store/formulas.js';
import type { Store } from '../store/store.js';
import type { ReadOptions } from '../store/types.js';
import { escapeCopy } from './copy-text.js';
import { createSchemaSql, cvecLayoutSql } from './ddl.js';
import type { RemoteSources } from './source.js';
import { quoteIdent } from './sql.js';

export interface ExportOptions extends ReadOptions {
  /** Schema to write into (default: the connection's). */
  schema?: string;
  /** Prefix for the tag names (default none: a tag is named like its series). */
  tagPrefix?: string;
  /** `update` (default): insert new points, change changed ones; `replace`: also delete the tag's points the series lacks. */
  mode?: 'update' | 'replace';
  /** Create the CVec tables (and indexes, and the metrics view) when missing (default true). */
  create?: boolean;
}

export interface ExportedSeries {
  series: string;
  tag: string;
  tagId: number;
  table: 'tag_data' | 'tag_data_str';
  points: number;
  added: number;
  changed: number;
  deleted: number;
  /** Whether the tag row was created by this export. */
  created: boolean;
}

export interface ExportReport {
  connection: string;
  schema: string;
  series: ExportedSeries[];
}

const q = (s: string) => JSON.stringify(s);

/**
 * Writes Strata series (primary, formula results, or another connection's) into a CVec-style schema,
 * idempotently: each series is streamed with COPY into a temporary table, and the server then inserts the
 * points the tag lacks, updates those whose value differs, and (replace mode) deletes those the series
 * lacks — so exporting again with nothing changed writes nothing. One transaction per series.
 * Naive series are written as UTC wall-clock times (the session runs in UTC).
 */
export async function exportToRemote(store: Store, sources: RemoteSources, connection: string, names: readonly string[], opts: ExportOptions = {}): Promise<ExportReport> {
  const client = sources.client(connection);
  const schema = opts.schema ?? client.conn.schema;
  const S = quoteIdent(schema);
  const mode = opts.mode ?? 'update';
  if (!names.length) throw new StrataError('usage', 'name at least one series to export');
  const prefix = opts.tagPrefix ?? '';
  // Read everything first: a bad name fails before anything is written.
  const inputs: { name: string; series: TimeSeries }[] = [];
  for (const name of names) {
    if (store.connectionOf(name) === connection) throw new StrataError('bad_input', `${q(name)} is already a series of connection ${connection}`);
    const s = await readSeries(store, name, { revisionDate: opts.revisionDate ?? null, from: opts.from ?? null, to: opts.to ?? null });
    inputs.push({ name, series: s });
  }
  if (opts.create !== false) {
    await client.transaction(async (s) => {
      const has = await s.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
      if (!has.rows.length) await s.query(createSchemaSql(schema));
      await s.query(cvecLayoutSql(schema));
    });
  }
  const out: ExportedSeries[] = [];
  for (const { name, series } of inputs) {
    const tag = prefix + name;
    const isString = series.valueType === 'string';
    const table = isString ? 'tag_data_str' : 'tag_data';
    const T = `${S}.${quoteIdent(table)}`;
    const res = await client.transaction(async (s) => {
      await s.query(`SET LOCAL TimeZone = 'UTC'`);
      const cols = await s.query(`SELECT data_type FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 AND column_name = 'tag_value_changed_at'`, [schema, table]);
      if (!cols.rows.length) throw new StrataError('remote_schema', `connection ${connection}: schema ${q(schema)} has no ${table} table (run without --no-create to create the CVec layout)`);
      const remoteTz = cols.rows[0].data_type !== 'timestamp without time zone';
      if (remoteTz !== series.tzaware && series.times.length) {
        throw new StrataError('tz_mismatch', `${q(name)} has ${series.tzaware ? 'tz-aware' : 'naive'} timestamps; ${schema}.${table} stores ${remoteTz ? 'instants (timestamptz)' : 'wall-clock times (timestamp)'}`);
      }
      const found = await s.query(`SELECT id FROM ${S}.tag_names WHERE normalized_name = $1 ORDER BY id LIMIT 1`, [tag]);
      let tagId: number;
      let created = false;
      const birth = series.times.length ? formatTimestamp(series.times[0]!, true) : null;
      const death = store.exists(name) ? store.info(name).deathAt : null;
      if (found.rows.length) tagId = found.rows[0].id as number;
      else {
        const ins = await s.query(`INSERT INTO ${S}.tag_names (normalized_name, birth_at, death_at) VALUES ($1, $2, $3) RETURNING id`, [tag, birth, death === null ? null : formatTimestamp(death, true)]);
        tagId = ins.rows[0].id as number;
        created = true;
      }
      // Times cross as integer µs (cheaper to format than ISO text, and exact); the server makes them timestamps.
      await s.query(`CREATE TEMP TABLE strata_export_us (us int8 NOT NULL, v ${isString ? 'text' : 'float8'}) ON COMMIT DROP`);
      await client.copyIn(s, 'COPY strata_export_us (us, v) FROM STDIN', copyLines(series));
      await s.query(
        `CREATE TEMP TABLE strata_export ON COMMIT DROP AS SELECT 'epoch'::${remoteTz ? 'timestamptz' : 'timestamp'} + us * '1 microsecond'::interval AS t, v FROM strata_export_us`,
      );
      await s.query('ANALYZE strata_export');
      const changed = await s.query(
        `UPDATE ${T} d SET tag_value = x.v FROM strata_export x WHERE d.tag_name_id = $1 AND d.tag_value_changed_at = x.t AND d.tag_value IS DISTINCT FROM x.v`,
        [tagId],
      );
      const added = await s.query(
        `INSERT INTO ${T} (tag_name_id, tag_value_changed_at, tag_value) SELECT $1, x.t, x.v FROM strata_export x
         WHERE NOT EXISTS (SELECT 1 FROM ${T} d WHERE d.tag_name_id = $1 AND d.tag_value_changed_at = x.t)`,
        [tagId],
      );
      let deleted = 0;
      if (mode === 'replace') {
        const del = await s.query(`DELETE FROM ${T} d WHERE d.tag_name_id = $1 AND NOT EXISTS (SELECT 1 FROM strata_export x WHERE x.t = d.tag_value_changed_at)`, [tagId]);
        deleted = del.rowCount ?? 0;
      }
      return { tagId, created, added: added.rowCount ?? 0, changed: changed.rowCount ?? 0, deleted };
    });
    out.push({ series: name, tag, table, points: series.times.length, ...res });
  }
  // New tags and new points: the next read sees them (the cache notices the change by itself).
  await sources.directory(connection, true).catch(() => undefined);
  return { connection, schema, series: out };
}

/** COPY text rows `µs<TAB>value`, NULL (`\N`) for "no value". */
function* copyLines(s: TimeSeries): Generator<string> {
  const n = s.times.length;
  for (let i = 0; i < n; i++) {
    const v = s.values[i];
    const field = v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v)) ? '\\N' : typeof v === 'number' ? String(v) : escapeCopy(v);
    yield `${s.times[i]!}\t${field}\n`;
  }
}
