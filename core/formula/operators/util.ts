import { OperatorFailure } from '../errors.js';
import type { ArgTypes } from '../registry.js';
import { compact } from '../align.js';
import { unary, type UnaryOp } from '../kernels.js';
import type { TypeSpec } from '../types.js';
import { isSeriesValue, seriesValue, type Fill, type SeriesValue, type Value } from '../values.js';

/** The argument as a series (the checker guarantees the type; this guards direct impl calls). */
export function ser(v: Value, arg: string): SeriesValue {
  if (!isSeriesValue(v)) throw new OperatorFailure('type_mismatch', `${arg} must be a series`, arg);
  return v;
}

/** The argument as a float series; a string series is a positioned `value_type` error. */
export function numSer(v: Value, arg: string): SeriesValue {
  const s = ser(v, arg);
  if (s.series.valueType !== 'float64') throw new OperatorFailure('value_type', `${arg} is a string series; this operator needs numbers`, arg);
  return s;
}

export function num(v: Value, arg: string): number {
  if (typeof v !== 'number') throw new OperatorFailure('type_mismatch', `${arg} must be a number`, arg);
  return v;
}

export function optNum(v: Value, arg: string): number | null {
  return v === null ? null : num(v, arg);
}

/** Applies a vectorised kernel to every value of a float series, dropping NaN results; keeps the options. */
export function mapSeries(s: SeriesValue, op: UnaryOp, c = 0): SeriesValue {
  return withValues(s, unary(s.series.values as Float64Array, op, c));
}

/** The series with new values (same timestamps), dropping NaN ones; keeps the options. */
export function withValues(s: SeriesValue, values: Float64Array): SeriesValue {
  return seriesValue(compact(s.series.times, values, s.series.tzaware), s);
}

/** Reads a fill policy: a number, or "ffill", "bfill", "ffill,bfill" (pandas' pad/backfill accepted). */
export function parseFill(v: Value): Fill | null {
  if (v === null) return null;
  if (typeof v === 'number') return { kind: 'value', value: v };
  if (typeof v === 'string') {
    const methods = v.split(',').map((m) => m.trim());
    const out: ('ffill' | 'bfill')[] = [];
    for (const m of methods) {
      if (m === 'ffill' || m === 'pad') out.push('ffill');
      else if (m === 'bfill' || m === 'backfill') out.push('bfill');
      else throw new OperatorFailure('bad_value', `fill must be a number, "ffill", "bfill" or "ffill,bfill", got ${JSON.stringify(v)}`, 'fill');
    }
    return { kind: 'methods', methods: out };
  }
  throw new OperatorFailure('type_mismatch', 'fill must be a number or a string', 'fill');
}

export function validateFill(v: unknown): string | undefined {
  try {
    parseFill(v as Value);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

export const positiveInt = (what: string) => (v: unknown) =>
  typeof v === 'number' && (!Number.isInteger(v) || v < 1) ? `${what} must be a positive integer` : undefined;
export const nonNegativeInt = (what: string) => (v: unknown) =>
  typeof v === 'number' && (!Number.isInteger(v) || v < 0) ? `${what} must be an integer >= 0` : undefined;

export function anySeries(t: ArgTypes): boolean {
  for (const v of t.named.values()) if (v.includes('series') || v.includes('any')) return true;
  return t.rest.some((v) => v.includes('series'));
}

export const SERIES: TypeSpec = ['series'];
