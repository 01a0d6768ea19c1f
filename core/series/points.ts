import { StrataError } from '../base/errors.js';
import type { TimeSeries, ValueType } from './series.js';
import { formatTimestamp, parseTimestamp } from './time.js';

/** A point on the wire: `[timestamp, value]`, value a number, a string or null. */
export type WirePoint = [string, number | string | null];

export interface PointsOptions {
  /** Expected value type (e.g. the existing series'); inferred from the values when absent. */
  valueType?: ValueType;
  /** Name of the input for error messages, e.g. a file name. */
  source?: string;
}

/**
 * Reads wire points `[[ts, value], ...]` into a columnar series for a write.
 *
 * Rules (documented in docs/series.md): timestamps are ISO 8601 and must be all naive or all tz-aware;
 * the points may come in any order and are sorted; the same timestamp twice is an error (which value
 * would win is ambiguous); `null` means "delete this point"; numbers and strings cannot be mixed.
 */
export function pointsFromWire(doc: unknown, opts: PointsOptions = {}): TimeSeries {
  const src = opts.source ? `${opts.source}: ` : '';
  const points = doc !== null && typeof doc === 'object' && !Array.isArray(doc) && 'points' in doc ? (doc as { points: unknown }).points : doc;
  if (!Array.isArray(points)) {
    throw new StrataError('bad_points', `${src}expected a JSON array of [timestamp, value] pairs (or {"points": [...]})`);
  }
  const n = points.length;
  const times = new Float64Array(n);
  let valueType: ValueType | undefined = opts.valueType;
  let tzaware: boolean | undefined;
  let firstKind = -1;
  const raw: (number | string | null)[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const p = points[i];
    const where = `${src}points[${i}]`;
    if (!Array.isArray(p) || p.length !== 2) throw new StrataError('bad_points', `${where}: expected [timestamp, value], got ${short(p)}`);
    const [ts, v] = p as [unknown, unknown];
    if (typeof ts !== 'string') throw new StrataError('bad_timestamp', `${where}: timestamp must be an ISO 8601 string, got ${short(ts)}`);
    const parsed = parseTimestamp(ts, where);
    if (tzaware === undefined) {
      tzaware = parsed.tzaware;
      firstKind = i;
    } else if (tzaware !== parsed.tzaware) {
      throw new StrataError(
        'tz_mismatch',
        `${where}: ${parsed.tzaware ? 'tz-aware' : 'naive'} timestamp ${JSON.stringify(ts)} mixed with ${tzaware ? 'tz-aware' : 'naive'} points[${firstKind}]`,
      );
    }
    times[i] = parsed.us;
    if (v === null) {
      raw[i] = null;
    } else if (typeof v === 'number') {
      if (!Number.isFinite(v)) throw new StrataError('bad_points', `${where}: value must be finite`);
      if (valueType === 'string') throw new StrataError('value_type_mismatch', `${where}: number ${v} in a string series`);
      valueType = 'float64';
      raw[i] = v;
    } else if (typeof v === 'string') {
      if (valueType === 'float64') throw new StrataError('value_type_mismatch', `${where}: string ${short(v)} in a float64 series`);
      valueType = 'string';
      raw[i] = v;
    } else {
      throw new StrataError('bad_points', `${where}: value must be a number, a string or null, got ${short(v)}`);
    }
  }
  valueType ??= 'float64';
  // Sort by timestamp (stable) unless already sorted, then reject duplicates.
  let order: number[] | null = null;
  for (let i = 1; i < n; i++) {
    if (times[i]! < times[i - 1]!) {
      order = Array.from({ length: n }, (_, k) => k).sort((a, b) => times[a]! - times[b]! || a - b);
      break;
    }
  }
  const st = order ? Float64Array.from(order, (k) => times[k]!) : times;
  for (let i = 1; i < n; i++) {
    if (st[i] === st[i - 1]) {
      const a = order ? order[i - 1]! : i - 1;
      const b = order ? order[i]! : i;
      throw new StrataError(
        'duplicate_timestamp',
        `${src}points[${Math.min(a, b)}] and points[${Math.max(a, b)}] have the same timestamp ${formatTimestamp(st[i]!, !!tzaware)}`,
      );
    }
  }
  const pick = (k: number) => raw[order ? order[k]! : k] ?? null;
  const values =
    valueType === 'float64'
      ? Float64Array.from({ length: n }, (_, k) => {
          const v = pick(k);
          return v === null ? NaN : (v as number);
        })
      : Array.from({ length: n }, (_, k) => pick(k) as string | null);
  return { tzaware: tzaware ?? false, valueType, times: st, values };
}

/** Writes a series as wire points, sorted by timestamp. */
export function pointsToWire(s: TimeSeries): WirePoint[] {
  const out: WirePoint[] = new Array(s.times.length);
  const isFloat = s.values instanceof Float64Array;
  for (let i = 0; i < s.times.length; i++) {
    const v = s.values[i];
    out[i] = [formatTimestamp(s.times[i]!, s.tzaware), isFloat && Number.isNaN(v) ? null : (v ?? null)];
  }
  return out;
}

function short(v: unknown): string {
  const t = JSON.stringify(v);
  return t === undefined ? String(v) : t.length > 40 ? t.slice(0, 37) + '...' : t;
}
