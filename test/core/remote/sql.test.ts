// SQL generation, without a server: TimescaleDB is not in Debian, so its time_bucket path is checked here
// (the date_bin path runs for real in source.test.ts).
import { describe, expect, it } from 'vitest';
import * as sql from '../../../core/remote/sql.js';
import type { Layout } from '../../../core/remote/sql.js';

const pg: Layout = { schema: 'plant', tzaware: { float64: true, string: true }, bucket: 'date_bin', timescale: false };
const ts: Layout = { ...pg, bucket: 'time_bucket', timescale: true };
const t0 = Date.UTC(2024, 0, 1) * 1000;
const all = { from: null, to: null, toInclusive: true };

describe('remote SQL', () => {
  it('buckets with time_bucket on TimescaleDB, date_bin on PostgreSQL 14+, arithmetic before', () => {
    expect(sql.bucketExpr(ts, 'float64', 60e6, t0)).toBe(
      "(EXTRACT(EPOCH FROM time_bucket('60000000 microseconds'::interval, tag_value_changed_at, '2024-01-01T00:00:00Z'::timestamptz)) * 1000000)::int8",
    );
    expect(sql.bucketExpr(pg, 'float64', 60e6, t0)).toBe(
      "(EXTRACT(EPOCH FROM date_bin('60000000 microseconds'::interval, tag_value_changed_at, '2024-01-01T00:00:00Z'::timestamptz)) * 1000000)::int8",
    );
    expect(sql.bucketExpr({ ...pg, bucket: 'arithmetic' }, 'float64', 60e6, t0)).toContain(`floor((${sql.epochUs('tag_value_changed_at')} - ${t0})::numeric / 60000000)`);
    // Naive columns get naive literals.
    expect(sql.bucketExpr({ ...ts, tzaware: { float64: false, string: false } }, 'float64', 1e6, t0)).toContain("'2024-01-01T00:00:00'::timestamp)");
  });

  it('uses TimescaleDB first/last in envelopes and aggregates, array arg-min elsewhere', () => {
    const e = sql.envelopeSql(ts, 7, all, 1000, t0);
    expect(e).toContain('time_bucket(');
    expect(e).toContain('first(tag_value, tag_value_changed_at) AS v_first');
    expect(e).toContain('last(tag_value, tag_value_changed_at) AS v_last');
    expect(e).toContain('GROUP BY 1 ORDER BY 1');
    const p = sql.envelopeSql(pg, 7, all, 1000, t0);
    expect(p).not.toContain('first(');
    expect(p).toContain('(min(ARRAY[(EXTRACT(EPOCH FROM tag_value_changed_at) * 1000000)::float8, tag_value]))[2] AS v_first');
    for (const agg of sql.AGGREGATES) expect(sql.aggregateSql(ts, 7, all, 1e6, t0, agg)).toContain('time_bucket(');
    expect(sql.aggregateSql(ts, 7, all, 1e6, t0, 'last')).toContain("last(NULLIF(tag_value, 'NaN'::float8), tag_value_changed_at) FILTER");
    expect(() => sql.aggregateSql(ts, 7, all, 1e6, t0, 'median' as never)).toThrow(/unknown aggregate/);
  });

  it('quotes identifiers and never splices unchecked numbers', () => {
    expect(sql.quoteIdent('we"ird')).toBe('"we""ird"');
    expect(sql.table({ schema: 'a b' }, 'tag_data')).toBe('"a b"."tag_data"');
    expect(() => sql.pointsCopySql(pg, 'float64', 1.5, all)).toThrow(/whole number/);
    expect(() => sql.pointsCopySql(pg, 'float64', 1, { from: NaN, to: null, toInclusive: true })).toThrow(/whole number/);
    expect(() => sql.intervalLiteral(0)).toThrow(/positive/);
    expect(() => sql.countUpToSql(pg, 'float64', 1, all, 1e20)).toThrow(/whole number/);
  });

  it('keeps windows inclusive or half-open as asked, and spans always half-open', () => {
    const w = { from: t0, to: t0 + 1, toInclusive: true };
    expect(sql.pointsCopySql(pg, 'float64', 3, w)).toContain("tag_value_changed_at <= '2024-01-01T00:00:00.000001Z'::timestamptz");
    expect(sql.pointsCopySql(pg, 'string', 3, { ...w, toInclusive: false })).toContain('"plant"."tag_data_str"');
    expect(sql.spansSql(pg, 'float64', 3, w, 10)).toContain("tag_value_changed_at < '2024-01-01T00:00:00.000001Z'::timestamptz");
    expect(sql.spansSql(pg, 'float64', 3, w, 10)).toMatch(/ORDER BY t DESC LIMIT 10$/);
    expect(sql.spansSql(pg, 'float64', 3, w, null)).toMatch(/ORDER BY t DESC$/);
  });
});
