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

/**
 * Every tag with its life span and which table holds its values. The probes are ordered like the
 * (tag, time) index so each is one index lookup: a bare EXISTS can make the planner scan the table.
 */
export function tagsSql(layout: Pick<Layout, 'schema'>): string {
  const has = (t: 'tag_data' | 'tag_data_str') =>
    `coalesce((SELECT true FROM ${table(layout, t)} d WHERE d.tag_name_id = n.id ORDER BY d.tag_name_id, d.tag_value_changed_at LIMIT 1), false)`;
  return `SELECT n.id, n.normalized_name AS name, ${epochUs('n.birth_at')} AS birth_at, ${epochUs('n.death_at')} AS death_at,
  ${has('tag_data')} AS has_float, ${has('tag_data_str')} AS has_string
FROM ${table(layout, 'tag_names')} n ORDER BY n.normalized_name, n.id`;
}

/** Points, count, first and last of every tag of one table: one scan (`series list`). */
export function tagStatsSql(layout: Pick<Layout, 'schema'>, valueType: ValueType): string {
  return `SELECT tag_name_id AS id, count(*)::int8 AS n, ${epochUs('min(tag_value_changed_at)')} AS first, ${epochUs('max(tag_value_changed_at)')} AS last
FROM ${dataTable(layout, valueType)} GROUP BY tag_name_id`;
}

/**
 * The fingerprint of a tag's data in a window: point count, first and last time, and a checksum — the
 * exact (numeric) sum over points of hash(time) XOR hash(value), so it does not depend on the order a
 * parallel scan adds them in, and an insert, delete, value change or two values swapping changes it
 * (short of a hash collision). One scan of the window, one row back. Sessions run in UTC, so the
 * timestamp cast inside is the same every time.
 */
export function fingerprintSql(layout: Layout, valueType: ValueType, tagId: number, w: Window): string {
  const hv = valueType === 'float64' ? 'hashfloat8(tag_value)' : 'hashtext(tag_value)';
  const sum = `sum(coalesce(${hv}, 0)::int8 # timestamp_hash(tag_value_changed_at::timestamp))::text`;
  return `SELECT count(*)::int8 AS n, ${epochUs('min(tag_value_changed_at)')} AS first, ${epochUs('max(tag_value_changed_at)')} AS last,
  ${sum} AS sum, count(tag_value)::int8 AS nv
FROM ${dataTable(layout, valueType)} ${where(layout, valueType, tagId, w)}`;
}

/** The server's WAL insert position (not the write position, which lags with asynchronous commit): if it has not moved, nothing in the cluster changed. */
export const LSN_SQL = `SELECT (CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn() ELSE pg_current_wal_insert_lsn() END)::text AS lsn`;

/** The window's points, oldest first, as binary COPY (native µs timestamps and doubles; see copy-binary.ts). */
export function pointsCopySql(layout: Layout, valueType: ValueType, tagId: number, w: Window): string {
  return `COPY (SELECT tag_value_changed_at, ${value(valueType)} FROM ${dataTable(layout, valueType)} ${where(layout, valueType, tagId, w)} ORDER BY tag_value_changed_at) TO STDOUT (FORMAT binary)`;
}

/** How many points the window holds, counting no further than `limit` (so a huge window costs little). */
export function countUpToSql(layout: Layout, valueType: ValueType, tagId: number, w: Window, limit: number): string {
  // Ordered like the (tag, time) index, so the planner walks it rather than scanning the table.
  return `SELECT count(*)::int8 AS n FROM (SELECT 1 FROM ${dataTable(layout, valueType)} ${where(layout, valueType, tagId, w)} ORDER BY tag_name_id, tag_value_changed_at LIMIT ${int(limit, 'a limit')}) x`;
}

/** First and last time of a tag (index lookups on (tag_name_id, tag_value_changed_at)). */
export function boundsSql(layout: Layout, valueType: ValueType, tagId: number): string {
  return `SELECT ${epochUs('min(tag_value_changed_at)')} AS first, ${epochUs('max(tag_value_changed_at)')} AS last FROM ${dataTable(layout, valueType)} WHERE tag_name_id = ${int(tagId, 'a tag id')}`;
}

/** First and last time of a tag within a window. */
export function rangeSql(layout: Layout, tagId: number, w: Window): string {
  return `SELECT ${epochUs('min(tag_value_changed_at)')} AS first, ${epochUs('max(tag_value_changed_at)')} AS last FROM ${dataTable(layout, 'float64')} ${where(layout, 'float64', tagId, w)}`;
}

/** The newest point before `t`. */
export function lastBeforeSql(layout: Layout, valueType: ValueType, tagId: number, t: number): string {
  return `SELECT ${epochUs('tag_value_changed_at')} AS t, ${value(valueType)} AS v FROM ${dataTable(layout, valueType)} WHERE tag_name_id = ${int(tagId, 'a tag id')} AND tag_value_changed_at < ${tsLiteral(t, layout.tzaware[valueType])} ORDER BY tag_value_changed_at DESC LIMIT 1`;
}

/**
 * The bucket of `tag_value_changed_at` (a timestamp), `width` µs wide, aligned on `origin` (µs). Grouped
 * by as a timestamp and turned into µs only for the few rows that come back: EXTRACT is numeric
 * arithmetic, too slow to run per point.
 */
export function bucketExpr(layout: Layout, valueType: ValueType, width: number, origin: number): string {
  const tz = layout.tzaware[valueType];
  switch (layout.bucket) {
    case 'time_bucket':
      return `time_bucket(${intervalLiteral(width)}, tag_value_changed_at, ${tsLiteral(origin, tz)})`;
    case 'date_bin':
      return `date_bin(${intervalLiteral(width)}, tag_value_changed_at, ${tsLiteral(origin, tz)})`;
    case 'arithmetic': {
      const w = int(width, 'a bucket width');
      return `(${tsLiteral(origin, tz)} + floor(EXTRACT(EPOCH FROM tag_value_changed_at - ${tsLiteral(origin, tz)}) * 1000000 / ${w}) * ${w} * '1 microsecond'::interval)`;
    }
  }
}

const NUMBER = `tag_value IS NOT NULL AND tag_value <> 'NaN'::float8`;

/** The value (or time) of the first point matching `cond`, by the (tag, time) index. */
function lookup(layout: Layout, tagId: number, what: string, cond: string, order = 'ASC'): string {
  return `(SELECT d.${what} FROM ${dataTable(layout, 'float64')} d WHERE d.tag_name_id = ${int(tagId, 'a tag id')} AND ${cond} ORDER BY d.tag_value_changed_at ${order} LIMIT 1)`;
}

/**
 * A chart envelope: per pixel bucket (`width` µs from `origin`, `count` of them) the exact count,
 * first/last time, min/max and when they first happened, and first and last value — the M4 summary a
 * chart needs to draw every spike. Each bucket is one range of the (tag, time) index, aggregated with
 * scalar aggregates (LATERAL), then a handful of index lookups: the values at its first and last time and
 * the first time of its min and of its max (a range scan stopping at the first match). So the work is one
 * pass over this tag's points in the window — never the other tags' — and O(pixels) rows come back.
 * (Plain PostgreSQL has no arg-min aggregate; arrays as one cost 5x more. A GROUP BY of date_bin makes
 * the planner expect a group per point and sort them all.)
 */
export function envelopeSql(layout: Layout, tagId: number, w: Window, width: number, origin: number, count: number): string {
  const T = dataTable(layout, 'float64');
  const tz = layout.tzaware.float64;
  const id = int(tagId, 'a tag id');
  const stride = intervalLiteral(width);
  const inWindow = where(layout, 'float64', tagId, w, [NUMBER]).replace(/^WHERE /, '');
  const lookup = (what: string, cond: string, order = 'ASC') =>
    `(SELECT d.${what} FROM ${T} d WHERE d.tag_name_id = ${id} AND ${cond} ORDER BY d.tag_value_changed_at ${order} LIMIT 1)`;
  const inBucket = (v: string) => `d.tag_value_changed_at BETWEEN x.tf AND x.tl AND d.tag_value = x.${v}`;
  const at = (t: string) => `d.tag_value_changed_at = x.${t} AND d.${NUMBER}`;
  return `SELECT ${epochUs('b.start')} AS b, x.n, ${epochUs('x.tf')} AS t_first, ${epochUs('x.tl')} AS t_last, x.mn AS v_min, x.mx AS v_max,
  ${epochUs(lookup('tag_value_changed_at', inBucket('mn')))} AS t_min,
  ${epochUs(lookup('tag_value_changed_at', inBucket('mx')))} AS t_max,
  ${lookup('tag_value', at('tf'))} AS v_first,
  ${lookup('tag_value', at('tl'), 'DESC')} AS v_last
FROM (SELECT ${tsLiteral(origin, tz)} + k * ${stride} AS start FROM generate_series(0, ${int(count - 1, 'a bucket count')}) k) b
CROSS JOIN LATERAL (
  SELECT count(*)::int8 AS n, min(tag_value_changed_at) AS tf, max(tag_value_changed_at) AS tl, min(tag_value) AS mn, max(tag_value) AS mx
  FROM ${T} WHERE ${inWindow} AND tag_value_changed_at >= b.start AND tag_value_changed_at < b.start + ${stride}
) x
WHERE x.n > 0 ORDER BY b.start`;
}

/** Aggregates a bucket can have. */
export type Aggregate = 'mean' | 'min' | 'max' | 'sum' | 'count' | 'first' | 'last';
export const AGGREGATES: readonly Aggregate[] = ['mean', 'min', 'max', 'sum', 'count', 'first', 'last'];

/**
 * One aggregate per bucket of `width` µs aligned on `origin`, over the window; empty buckets absent.
 * "No value" points (NULL, NaN) are skipped, as core/ops resample skips them; first and last are the
 * values at the bucket's first and last valued time (index lookups per bucket).
 */
export function aggregateSql(layout: Layout, tagId: number, w: Window, width: number, origin: number, agg: Aggregate): string {
  if (!AGGREGATES.includes(agg)) throw new StrataError('bad_input', `unknown aggregate ${JSON.stringify(agg)}: use ${AGGREGATES.join(', ')}`);
  const v = value('float64');
  const inner: Record<Aggregate, string> = {
    mean: `avg(${v})`,
    min: `min(${v})`,
    max: `max(${v})`,
    sum: `sum(${v})`,
    count: `count(${v})::float8`,
    first: `min(tag_value_changed_at) FILTER (WHERE ${NUMBER})`,
    last: `max(tag_value_changed_at) FILTER (WHERE ${NUMBER})`,
  };
  const outer = agg === 'first' || agg === 'last' ? lookup(layout, tagId, 'tag_value', `d.tag_value_changed_at = g.a AND d.${NUMBER}`, agg === 'last' ? 'DESC' : 'ASC') : 'g.a';
  return `WITH g AS (
  SELECT ${bucketExpr(layout, 'float64', width, origin)} AS b, ${inner[agg]} AS a
  FROM ${dataTable(layout, 'float64')} ${where(layout, 'float64', tagId, w)}
  GROUP BY 1
)
SELECT ${epochUs('g.b')} AS b, (${outer})::float8 AS v FROM g ORDER BY g.b`;
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
