import { StrataError } from '../base/errors.js';
import type { ValueType } from '../series/series.js';
import { formatTimestamp } from '../series/time.js';

/**
 * The SQL Strata sends to a CVec-style schema (`tag_names`, `tag_data`, `tag_data_str`): pure functions
 * from a request to a statement, so what is pushed down is testable without a server. Timestamps cross as
 * integer microseconds since the epoch (`EXTRACT(EPOCH ...)` is exact numeric since PostgreSQL 14) and as
 * ISO literals Strata formats itself, so no precision is lost either way and no value is ever spliced in
 * unchecked (COPY takes no bind parameters, so inlined literals are built only from numbers we checked).
 */

/** How a server buckets time: TimescaleDB's `time_bucket`, PostgreSQL 14+'s `date_bin`, or plain arithmetic. */
export type BucketFunction = 'time_bucket' | 'date_bin' | 'arithmetic';

/** What Strata learned about the remote schema when it connected (see client.ts `probe`). */
export interface Layout {
  schema: string;
  /** Whether `tag_value_changed_at` is `timestamptz` (tz-aware series) in tag_data / tag_data_str. */
  tzaware: Record<ValueType, boolean>;
  bucket: BucketFunction;
  /** TimescaleDB's `first(value, time)` / `last(value, time)` aggregates are available. */
  timescale: boolean;
}

export function quoteIdent(name: string): string {
  if (typeof name !== 'string' || name.length === 0) throw new StrataError('bad_input', 'an SQL identifier must be a non-empty string');
  if (name.includes('\u0000')) throw new StrataError('bad_input', `identifier ${JSON.stringify(name)} contains a NUL character`);
  return '"' + name.replace(/"/g, '""') + '"';
}

export function table(layout: Pick<Layout, 'schema'>, t: 'tag_names' | 'tag_data' | 'tag_data_str'): string {
  return `${quoteIdent(layout.schema)}.${quoteIdent(t)}`;
}

export function dataTable(layout: Pick<Layout, 'schema'>, valueType: ValueType): string {
  return table(layout, valueType === 'float64' ? 'tag_data' : 'tag_data_str');
}

/** Integer microseconds since the epoch of a timestamp expression. */
export function epochUs(expr: string): string {
  return `(EXTRACT(EPOCH FROM ${expr}) * 1000000)::int8`;
}

function int(n: number, what: string): string {
  if (!Number.isSafeInteger(n)) throw new StrataError('bad_input', `${what} must be a whole number, got ${n}`);
  return String(n);
}

/** A timestamp literal (µs) of the column's kind: an instant (`timestamptz`) or a wall-clock time. */
export function tsLiteral(us: number, tzaware: boolean): string {
  int(us, 'a timestamp');
  return `'${formatTimestamp(us, tzaware)}'::${tzaware ? 'timestamptz' : 'timestamp'}`;
}

export function intervalLiteral(us: number): string {
  if (!(Number.isSafeInteger(us) && us > 0)) throw new StrataError('bad_duration', `a bucket must be a positive whole number of microseconds, got ${us}`);
  return `'${us} microseconds'::interval`;
}

/** A value-date window; each bound optional, `to` inclusive or exclusive. */
export interface Window {
  from: number | null;
  to: number | null;
  /** Whether `to` is included (value windows, charts) or not (spans, metrics: half-open). */
  toInclusive: boolean;
}

function where(layout: Layout, valueType: ValueType, tagId: number, w: Window, extra: string[] = []): string {
  const tz = layout.tzaware[valueType];
  const parts = [`tag_name_id = ${int(tagId, 'a tag id')}`];
  if (w.from !== null) parts.push(`tag_value_changed_at >= ${tsLiteral(w.from, tz)}`);
  if (w.to !== null) parts.push(`tag_value_changed_at ${w.toInclusive ? '<=' : '<'} ${tsLiteral(w.to, tz)}`);
  return 'WHERE ' + [...parts, ...extra].join(' AND ');
}

/** NaN is "no value" in Strata (as NULL is); PostgreSQL would call NaN = NaN, so map it to NULL first. */
function value(valueType: ValueType): string {
  return valueType === 'float64' ? `NULLIF(tag_value, 'NaN'::float8)` : 'tag_value';
}

/** Every tag with its life span and which table holds its values. */
export function tagsSql(layout: Pick<Layout, 'schema'>): string {
  return `SELECT n.id, n.normalized_name AS name, ${epochUs('n.birth_at')} AS birth_at, ${epochUs('n.death_at')} AS death_at,
  EXISTS (SELECT 1 FROM ${table(layout, 'tag_data')} d WHERE d.tag_name_id = n.id) AS has_float,
  EXISTS (SELECT 1 FROM ${table(layout, 'tag_data_str')} d WHERE d.tag_name_id = n.id) AS has_string
FROM ${table(layout, 'tag_names')} n ORDER BY n.normalized_name, n.id`;
}

/** Points, count, first and last of every tag of one table: one scan (`series list`). */
export function tagStatsSql(layout: Pick<Layout, 'schema'>, valueType: ValueType): string {
  return `SELECT tag_name_id AS id, count(*)::int8 AS n, ${epochUs('min(tag_value_changed_at)')} AS first, ${epochUs('max(tag_value_changed_at)')} AS last
FROM ${dataTable(layout, valueType)} GROUP BY tag_name_id`;
}

/**
 * The fingerprint of a tag's data in a window: point count, first and last time and a checksum of the
 * values. Any insert, delete or value change in the window changes it (a change that keeps count, bounds
 * and the value sum alike is the one it cannot see). One scan of the window, one row back.
 */
export function fingerprintSql(layout: Layout, valueType: ValueType, tagId: number, w: Window): string {
  const sum = valueType === 'float64' ? `sum(CASE WHEN tag_value = 'NaN'::float8 THEN 0 ELSE tag_value END)::float8` : `sum(hashtext(tag_value))::numeric::text`;
  return `SELECT count(*)::int8 AS n, ${epochUs('min(tag_value_changed_at)')} AS first, ${epochUs('max(tag_value_changed_at)')} AS last,
  ${sum} AS sum, count(tag_value)::int8 AS nv
FROM ${dataTable(layout, valueType)} ${where(layout, valueType, tagId, w)}`;
}

/** The server's WAL insert position (not the write position, which lags with asynchronous commit): if it has not moved, nothing in the cluster changed. */
export const LSN_SQL = `SELECT (CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn() ELSE pg_current_wal_insert_lsn() END)::text AS lsn`;

/** The window's points, oldest first, as COPY text rows `µs<TAB>value` (streamed, see copy-text.ts). */
export function pointsCopySql(layout: Layout, valueType: ValueType, tagId: number, w: Window): string {
  return `COPY (SELECT ${epochUs('tag_value_changed_at')}, ${value(valueType)} FROM ${dataTable(layout, valueType)} ${where(layout, valueType, tagId, w)} ORDER BY tag_value_changed_at) TO STDOUT`;
}

/** How many points the window holds, counting no further than `limit` (so a huge window costs little). */
export function countUpToSql(layout: Layout, valueType: ValueType, tagId: number, w: Window, limit: number): string {
  return `SELECT count(*)::int8 AS n FROM (SELECT 1 FROM ${dataTable(layout, valueType)} ${where(layout, valueType, tagId, w)} LIMIT ${int(limit, 'a limit')}) x`;
}

/** First and last time of a tag (index lookups on (tag_name_id, tag_value_changed_at)). */
export function boundsSql(layout: Layout, valueType: ValueType, tagId: number): string {
  return `SELECT ${epochUs('min(tag_value_changed_at)')} AS first, ${epochUs('max(tag_value_changed_at)')} AS last FROM ${dataTable(layout, valueType)} WHERE tag_name_id = ${int(tagId, 'a tag id')}`;
}

/** The newest point before `t`. */
export function lastBeforeSql(layout: Layout, valueType: ValueType, tagId: number, t: number): string {
  return `SELECT ${epochUs('tag_value_changed_at')} AS t, ${value(valueType)} AS v FROM ${dataTable(layout, valueType)} WHERE tag_name_id = ${int(tagId, 'a tag id')} AND tag_value_changed_at < ${tsLiteral(t, layout.tzaware[valueType])} ORDER BY tag_value_changed_at DESC LIMIT 1`;
}

/** The start of the bucket of `tag_value_changed_at`, `width` µs wide, aligned on `origin` (µs), as µs. */
export function bucketExpr(layout: Layout, valueType: ValueType, width: number, origin: number): string {
  const tz = layout.tzaware[valueType];
  switch (layout.bucket) {
    case 'time_bucket':
      return epochUs(`time_bucket(${intervalLiteral(width)}, tag_value_changed_at, ${tsLiteral(origin, tz)})`);
    case 'date_bin':
      return epochUs(`date_bin(${intervalLiteral(width)}, tag_value_changed_at, ${tsLiteral(origin, tz)})`);
    case 'arithmetic': {
      const o = int(origin, 'a bucket origin');
      const w = int(width, 'a bucket width');
      return `(${o} + floor((${epochUs('tag_value_changed_at')} - ${o})::numeric / ${w})::int8 * ${w})`;
    }
  }
}

/**
 * A chart envelope: per pixel bucket (`width` µs from `origin`) the exact count, first/last time, min/max
 * and when they happened (first occurrence), first and last value — the M4 summary a chart needs to draw
 * every spike. Arrays compare element by element, so `min(ARRAY[v, t])` is the minimum with its earliest
 * time: an arg-min plain PostgreSQL lacks. TimescaleDB's `first`/`last` replace two of them there.
 */
export function envelopeSql(layout: Layout, tagId: number, w: Window, width: number, origin: number): string {
  const t = `(EXTRACT(EPOCH FROM tag_value_changed_at) * 1000000)::float8`;
  const firstLast = layout.timescale
    ? `first(tag_value, tag_value_changed_at) AS v_first, last(tag_value, tag_value_changed_at) AS v_last`
    : `(min(ARRAY[${t}, tag_value]))[2] AS v_first, (max(ARRAY[${t}, tag_value]))[2] AS v_last`;
  return `SELECT ${bucketExpr(layout, 'float64', width, origin)} AS b, count(*)::int8 AS n,
  ${epochUs('min(tag_value_changed_at)')} AS t_first, ${epochUs('max(tag_value_changed_at)')} AS t_last,
  min(tag_value) AS v_min, max(tag_value) AS v_max,
  (min(ARRAY[tag_value, ${t}]))[2] AS t_min, -(max(ARRAY[tag_value, -${t}]))[2] AS t_max,
  ${firstLast}
FROM ${dataTable(layout, 'float64')} ${where(layout, 'float64', tagId, w, ['tag_value IS NOT NULL', `tag_value <> 'NaN'::float8`])}
GROUP BY 1 ORDER BY 1`;
}

/** Aggregates a bucket can have. */
export type Aggregate = 'mean' | 'min' | 'max' | 'sum' | 'count' | 'first' | 'last';
export const AGGREGATES: readonly Aggregate[] = ['mean', 'min', 'max', 'sum', 'count', 'first', 'last'];

/** One aggregate per bucket of `width` µs aligned on `origin`, over the half-open window; empty buckets absent. */
export function aggregateSql(layout: Layout, tagId: number, w: Window, width: number, origin: number, agg: Aggregate): string {
  const t = `(EXTRACT(EPOCH FROM tag_value_changed_at) * 1000000)::float8`;
  const v = value('float64');
  const expr: Record<Aggregate, string> = {
    mean: `avg(${v})`,
    min: `min(${v})`,
    max: `max(${v})`,
    sum: `sum(${v})`,
    count: `count(${v})::float8`,
    // First and last skip "no value" points, as core/ops resample does.
    first: layout.timescale ? `first(${v}, tag_value_changed_at) FILTER (WHERE ${v} IS NOT NULL)` : `(min(ARRAY[${t}, ${v}]) FILTER (WHERE ${v} IS NOT NULL))[2]`,
    last: layout.timescale ? `last(${v}, tag_value_changed_at) FILTER (WHERE ${v} IS NOT NULL)` : `(max(ARRAY[${t}, ${v}]) FILTER (WHERE ${v} IS NOT NULL))[2]`,
  };
  if (!AGGREGATES.includes(agg)) throw new StrataError('bad_input', `unknown aggregate ${JSON.stringify(agg)}: use ${AGGREGATES.join(', ')}`);
  return `SELECT ${bucketExpr(layout, 'float64', width, origin)} AS b, ${expr[agg]}::float8 AS v
FROM ${dataTable(layout, 'float64')} ${where(layout, 'float64', tagId, w)}
GROUP BY 1 ORDER BY 1`;
}

/**
 * CVec's `sample_metric_data` on the server: the tag as a step function (last observation carried
 * forward, the point before `lo` carried in), and per bucket of `width` µs from `b0` its time-weighted
 * average over [lo, hi). Each segment between two points is cut at bucket edges (generate_series), so a
 * value held across several buckets weighs in each. Answers only the buckets that have a value.
 */
export function locfMeanSql(layout: Layout, tagId: number, b0: number, width: number, lo: number, hi: number): string {
  const T = dataTable(layout, 'float64');
  const tz = layout.tzaware.float64;
  const id = int(tagId, 'a tag id');
  const [L, H, B, W] = [int(lo, 'lo'), int(hi, 'hi'), int(b0, 'b0'), int(width, 'a bucket width')];
  return `WITH p AS (
  (SELECT tag_value_changed_at AS t, tag_value AS v FROM ${T} WHERE tag_name_id = ${id} AND tag_value_changed_at < ${tsLiteral(lo, tz)} ORDER BY tag_value_changed_at DESC LIMIT 1)
  UNION ALL
  SELECT tag_value_changed_at, tag_value FROM ${T} WHERE tag_name_id = ${id} AND tag_value_changed_at >= ${tsLiteral(lo, tz)} AND tag_value_changed_at < ${tsLiteral(hi, tz)}
), s AS (
  SELECT greatest(${epochUs('t')}, ${L}) AS a, least(coalesce(${epochUs('lead(t) OVER (ORDER BY t)')}, ${H}), ${H}) AS e, NULLIF(v, 'NaN'::float8) AS v FROM p
)
SELECT bs AS b, (sum(s.v * (least(s.e, bs + ${W}) - greatest(s.a, bs))) / sum(least(s.e, bs + ${W}) - greatest(s.a, bs)))::float8 AS v
FROM s CROSS JOIN LATERAL generate_series(${B} + floor((s.a - ${B})::numeric / ${W})::int8 * ${W}, s.e - 1, ${W}::int8) AS bs
WHERE s.v IS NOT NULL AND s.e > s.a
GROUP BY bs ORDER BY bs`;
}

/** For string tags: per bucket of `width` µs from `b0`, the value in force at the end of the bucket (capped at hi). */
export function locfLastStringSql(layout: Layout, tagId: number, b0: number, width: number, nb: number, hi: number): string {
  const T = dataTable(layout, 'string');
  const tz = layout.tzaware.string;
  const [B, W, N, H] = [int(b0, 'b0'), int(width, 'a bucket width'), int(nb, 'a bucket count'), int(hi, 'hi')];
  // Exact µs back to a timestamp: epoch plus an interval (to_timestamp goes through float8 seconds).
  const end = `('epoch'::${tz ? 'timestamptz' : 'timestamp'} + least(bs + ${W}, ${H}) * '1 microsecond'::interval)`;
  return `SELECT bs AS b, x.v FROM generate_series(${B}::int8, ${B} + (${N} - 1)::int8 * ${W}, ${W}::int8) AS bs
CROSS JOIN LATERAL (SELECT tag_value AS v FROM ${T} WHERE tag_name_id = ${int(tagId, 'a tag id')} AND tag_value_changed_at < ${end} ORDER BY tag_value_changed_at DESC LIMIT 1) x
ORDER BY bs`;
}

/**
 * Constant-value spans with the CVec SDK's semantics, on the server with window functions: in [from, to)
 * a span begins at the first point and at every point whose value differs from the one before it (NULL
 * and NaN are one "no value"); it ends where the next begins; the newest has no end. Newest first.
 */
export function spansSql(layout: Layout, valueType: ValueType, tagId: number, w: Window, limit: number | null): string {
  return `SELECT ${epochUs('t')} AS begin_at, v, ${epochUs('lead(t) OVER (ORDER BY t)')} AS end_at FROM (
  SELECT tag_value_changed_at AS t, ${value(valueType)} AS v,
    lag(${value(valueType)}) OVER (ORDER BY tag_value_changed_at) AS pv,
    row_number() OVER (ORDER BY tag_value_changed_at) AS rn
  FROM ${dataTable(layout, valueType)} ${where(layout, valueType, tagId, { ...w, toInclusive: false })}
) x WHERE rn = 1 OR v IS DISTINCT FROM pv
ORDER BY t DESC${limit === null ? '' : ` LIMIT ${int(limit, 'a limit')}`}`;
}
