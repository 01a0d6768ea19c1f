import type { TimeSeries } from '../series/series.js';
import type { SpanSet } from '../spans/condition.js';
import type { Table } from '../spans/aggregate.js';
import type { FType } from './types.js';

/** A point in time produced by `date`, `today`, `timedelta`...; `tz` is the zone used for calendar arithmetic. */
export interface TimestampValue {
  type: 'timestamp';
  /** µs since the epoch: a UTC instant when tzaware, a wall-clock reading otherwise. */
  us: number;
  tzaware: boolean;
  /** IANA zone the timestamp was expressed in (null = UTC for aware values, none for naive ones). */
  tz: string | null;
}

/** How missing points of a series are filled when it is combined with others. */
export type Fill = { kind: 'methods'; methods: ('ffill' | 'bfill')[] } | { kind: 'value'; value: number };

/** A series flowing through a formula, with the options `series`/`options` attached to it. */
export interface SeriesValue {
  type: 'series';
  series: TimeSeries;
  fill: Fill | null;
  /** Max consecutive points filled per gap (ffill/bfill), or in total for a value fill. */
  limit: number | null;
  /** Weight used by `row-mean` (1 when null). */
  weight: number | null;
}

/** A set of periods (core/spans SpanSet: begins/ends in µs, end NaN = open), from `spans-when` and the span algebra. */
export interface SpansValue extends SpanSet {
  type: 'spans';
  /** Whether begins/ends are UTC instants (like the series they came from) or wall-clock readings. */
  tzaware: boolean;
}

/** A table (core/spans Table: columns, column types, rows), e.g. per-span aggregates from `spans-stats`. */
export interface TableValue extends Table {
  type: 'table';
  /** Whether the timestamp columns hold UTC instants or wall-clock readings. */
  tzaware: boolean;
}

/** Runtime value of a formula expression. */
export type Value = number | string | boolean | null | TimestampValue | SeriesValue | SpansValue | TableValue;

export function isSpansValue(v: unknown): v is SpansValue {
  return typeof v === 'object' && v !== null && (v as SpansValue).type === 'spans';
}

export function isTableValue(v: unknown): v is TableValue {
  return typeof v === 'object' && v !== null && (v as TableValue).type === 'table';
}

export function isSeriesValue(v: unknown): v is SeriesValue {
  return typeof v === 'object' && v !== null && (v as SeriesValue).type === 'series';
}

export function isTimestampValue(v: unknown): v is TimestampValue {
  return typeof v === 'object' && v !== null && (v as TimestampValue).type === 'timestamp';
}

export function seriesValue(series: TimeSeries, from?: Pick<SeriesValue, 'fill' | 'limit' | 'weight'>): SeriesValue {
  return { type: 'series', series, fill: from?.fill ?? null, limit: from?.limit ?? null, weight: from?.weight ?? null };
}

export function typeOfValue(v: Value): FType {
  if (v === null) return 'nil';
  switch (typeof v) {
    case 'number':
      return Number.isInteger(v) ? 'int' : 'number';
    case 'string':
      return 'string';
    case 'boolean':
      return 'bool';
    default:
      return v.type;
  }
}
