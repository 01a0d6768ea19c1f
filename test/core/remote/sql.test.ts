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
    expect(sql.bucketExpr(ts, 'float64', 60e6, t0)).toBe("time_bucket('60000000 microseconds'::interval, tag_value_changed_at, '2024-01-01T00:00:00Z'::timestamptz)");
    expect(sql.bucketExpr(pg, 'float64', 60e6, t0)).toBe("date_bin('60000000 microseconds'::interval, tag_value_changed_at, '2024-01-01T00:00:00Z'::timestamptz)");
    expect(sql.bucketExpr({ ...pg, bucket: 'arithmetic' }, 'float64', 60e6, t0)).toContain("* 1000000 / 60000000) * 60000000 * '1 microsecond'::interval");
    // Naive columns get naive literals.
    expect(sql.bucketExpr({ ...ts, tzaware: { float64: false, string: false } }, 'float64', 1e6, t0)).toContain("'2024-01-01T00:00:00'::timestamp)");
  });

  it('builds envelopes from per-bucket index ranges, aggregates by the bucket function', () => {
    const e = sql.envelopeSql(ts, 7, all, 1000, t0, 2000);
    expect(e).toContain("FROM (SELECT '2024-01-01T00:00:00Z'::timestamptz + k * '1000 microseconds'::interval AS start FROM generate_series(0, 1999) k) b");
    expect(e).toContain("tag_value_changed_at >= b.start AND tag_value_changed_at < b.start + '1000 microseconds'::interval");
    // Per-point work is scalar aggregates only: µs conversion happens on the O(pixels) rows.
    const lateral = e.slice(e.indexOf('CROSS JOIN LATERAL'));
    expect(lateral).not.toContain('EXTRACT');
    expect(e).toContain('ORDER BY d.tag_value_changed_at DESC LIMIT 1) AS v_last');
    for (const agg of sql.AGGREGATES) expect(sql.aggregateSql(ts, 7, all, 1e6, t0, agg)).toContain('time_bucket(');
    expect(sql.aggregateSql(ts, 7, all, 1e6, t0, 'last')).toContain("max(tag_value_changed_at) FILTER (WHERE tag_value IS NOT NULL AND tag_value <> 'NaN'::float8)");
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
    expect(sql.pointsCopySql(pg, 'float64', 3, w)).toMatch(/TO STDOUT \(FORMAT binary\)$/);
    expect(sql.pointsCopySql(pg, 'string', 3, { ...w, toInclusive: false })).toContain('"plant"."tag_data_str"');
    expect(sql.spansSql(pg, 'float64', 3, w, 10)).toContain("tag_value_changed_at < '2024-01-01T00:00:00.000001Z'::timestamptz");
    expect(sql.spansSql(pg, 'float64', 3, w, 10)).toMatch(/ORDER BY t DESC LIMIT 10$/);
    expect(sql.spansSql(pg, 'float64', 3, w, null)).toMatch(/ORDER BY t DESC$/);
  });
});
