import type { SeriesValues, TimeSeries, ValueType } from '../series/series.js';

/** The outcome of applying a write to the points it covers. */
export interface MergeResult {
  times: Float64Array;
  values: SeriesValues;
  added: number;
  changed: number;
  deleted: number;
  /** Value-date range of the actual changes (µs), NaN when nothing changed. */
  diffFirst: number;
  diffLast: number;
}

function hasMissing(values: SeriesValues, isFloat: boolean): boolean {
  if (isFloat) {
    const v = values as Float64Array;
    for (let i = 0; i < v.length; i++) if (v[i] !== v[i]) return true;
    return false;
  }
  return (values as (string | null)[]).some((x) => x == null);
}

/**
 * Merges stored points (`old`, no missing values) with a write (`incoming`, sorted, unique, NaN/null =
 * delete), counting what changed.
 * - `update`: stored points the write does not mention stay; a missing value deletes the point.
 * - `replace`: the write is the complete new state; stored points it does not mention are deleted.
 * Equal values are not changes, so a write that repeats what is stored changes nothing.
 * The result may share the incoming arrays (when nothing is stored and nothing is missing).
 */
export function mergePoints(
  valueType: ValueType,
  oldTimes: Float64Array,
  oldValues: SeriesValues,
  incoming: TimeSeries,
  mode: 'update' | 'replace',
): MergeResult {
  const isFloat = valueType === 'float64';
  const nOld = oldTimes.length;
  const inTimes = incoming.times;
  const inValues = incoming.values;
  const nIn = inTimes.length;
  // Nothing stored yet (a first write, e.g. an import into a fresh store): every point is added as it is.
  if (nOld === 0 && nIn > 0 && !hasMissing(inValues, isFloat)) {
    return { times: inTimes, values: inValues, added: nIn, changed: 0, deleted: 0, diffFirst: inTimes[0]!, diffLast: inTimes[nIn - 1]! };
  }
  const cap = nOld + nIn;
  const times = new Float64Array(cap);
  const fv = isFloat ? new Float64Array(cap) : null;
  const sv: (string | null)[] | null = isFloat ? null : new Array(cap);
  const of = oldValues as Float64Array;
  const os = oldValues as (string | null)[];
  const inf = inValues as Float64Array;
  const ins = inValues as (string | null)[];
  let n = 0;
  let added = 0;
  let changed = 0;
  let deleted = 0;
  let diffFirst = NaN;
  let diffLast = NaN;
  const mark = (t: number) => {
    if (Number.isNaN(diffFirst)) diffFirst = t;
    diffLast = t;
  };
  let i = 0;
  let j = 0;
  while (i < nOld || j < nIn) {
    const to = i < nOld ? oldTimes[i]! : Infinity;
    const ti = j < nIn ? inTimes[j]! : Infinity;
    if (to < ti) {
      // Stored point the write does not mention.
      if (mode === 'replace') {
        deleted++;
        mark(to);
      } else {
        times[n] = to;
        if (fv) fv[n] = of[i]!;
        else sv![n] = os[i]!;
        n++;
      }
      i++;
    } else if (ti < to) {
      // New timestamp: added unless it is a deletion of nothing.
      const missing = isFloat ? Number.isNaN(inf[j]!) : ins[j] == null;
      if (!missing) {
        times[n] = ti;
        if (fv) fv[n] = inf[j]!;
        else sv![n] = ins[j]!;
        n++;
        added++;
        mark(ti);
      }
      j++;
    } else {
      const missing = isFloat ? Number.isNaN(inf[j]!) : ins[j] == null;
      if (missing) {
        deleted++;
        mark(ti);
      } else {
        const same = isFloat ? of[i] === inf[j] : os[i] === ins[j];
        times[n] = ti;
        if (fv) fv[n] = inf[j]!;
        else sv![n] = ins[j]!;
        n++;
        if (!same) {
          changed++;
          mark(ti);
        }
      }
      i++;
      j++;
    }
  }
  return {
    times: times.subarray(0, n),
    values: fv ? fv.subarray(0, n) : (sv!.length = n, sv!),
    added,
    changed,
    deleted,
    diffFirst,
    diffLast,
  };
}
