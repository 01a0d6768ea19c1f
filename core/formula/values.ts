import type { TimeSeries } from '../series/series.js';
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

/** Runtime value of a formula expression. */
export type Value = number | string | boolean | null | TimestampValue | SeriesValue;

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
      return v.type === 'series' ? 'series' : 'timestamp';
  }
}
