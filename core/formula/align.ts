import type { TimeSeries } from '../series/series.js';
import { OperatorFailure } from './errors.js';
import type { Fill, SeriesValue } from './values.js';

/** Position marker: the input has no value at this timestamp. */
export const ABSENT = -1;
/** Position marker: the value comes from a constant fill (`#:fill 0`). */
export const FILLED = -2;

/** Union of k sorted timestamp arrays (two-pointer merges). */
export function unionTimes(list: readonly Float64Array[]): Float64Array {
  if (list.length === 0) return new Float64Array(0);
  let acc = list[0]!;
  for (let k = 1; k < list.length; k++) acc = merge2(acc, list[k]!);
  return acc;
}

function sameTimes(a: Float64Array, b: Float64Array): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function merge2(a: Float64Array, b: Float64Array): Float64Array {
  if (sameTimes(a, b)) return a;
  const out = new Float64Array(a.length + b.length);
  let i = 0, j = 0, n = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!, y = b[j]!;
    if (x < y) { out[n++] = x; i++; }
    else if (y < x) { out[n++] = y; j++; }
    else { out[n++] = x; i++; j++; }
  }
  while (i < a.length) out[n++] = a[i++]!;
  while (j < b.length) out[n++] = b[j++]!;
  return n === out.length ? out : out.slice(0, n);
}

/** For each union timestamp, the index of the same timestamp in `times` (a subset), or ABSENT. */
export function positions(union: Float64Array, times: Float64Array): Int32Array {
  const pos = new Int32Array(union.length);
  if (union === times || sameTimes(union, times)) {
    for (let i = 0; i < pos.length; i++) pos[i] = i;
    return pos;
  }
  let j = 0;
  for (let i = 0; i < union.length; i++) {
    if (j < times.length && times[j] === union[i]) pos[i] = j++;
    else pos[i] = ABSENT;
  }
  return pos;
}

/** Applies a fill policy to a position map in place (pandas fillna semantics on the outer-joined frame). */
export function applyFill(pos: Int32Array, fill: Fill | null, limit: number | null): Int32Array {
  if (!fill) return pos;
  const lim = limit ?? Infinity;
  if (fill.kind === 'value') {
    let budget = lim;
    for (let i = 0; i < pos.length && budget > 0; i++) {
      if (pos[i] === ABSENT) {
        pos[i] = FILLED;
        budget--;
      }
    }
    return pos;
  }
  for (const m of fill.methods) {
    if (m === 'ffill') {
      let last = ABSENT;
      let run = 0;
      for (let i = 0; i < pos.length; i++) {
        const p = pos[i]!;
        if (p !== ABSENT) { last = p; run = 0; }
        else if (last !== ABSENT && run < lim) { pos[i] = last; run++; }
      }
    } else {
      let next = ABSENT;
      let run = 0;
      for (let i = pos.length - 1; i >= 0; i--) {
        const p = pos[i]!;
        if (p !== ABSENT) { next = p; run = 0; }
        else if (next !== ABSENT && run < lim) { pos[i] = next; run++; }
      }
    }
  }
  return pos;
}

export interface Aligned {
  times: Float64Array;
  /** One position map per input (index into that input, ABSENT or FILLED). */
  pos: Int32Array[];
  tzaware: boolean;
}

/** Same time zone kind for all non-empty inputs (an empty one has no timestamps to misread), or a positioned error. */
export function checkTzCompat(inputs: readonly SeriesValue[], argName: (i: number) => string): boolean {
  const ref = inputs.find((s) => s.series.times.length > 0) ?? inputs[0];
  const tz = ref?.series.tzaware ?? false;
  inputs.forEach((s, i) => {
    if (s.series.times.length > 0 && s.series.tzaware !== tz) {
      throw new OperatorFailure('tz_mismatch', `cannot combine a ${s.series.tzaware ? 'tz-aware' : 'naive'} series with a ${tz ? 'tz-aware' : 'naive'} one (use naive or tzaware)`, argName(i));
    }
  });
  return tz;
}

/** Aligns series on the union of their timestamps, applying each input's fill policy when `fills`. */
export function align(inputs: readonly SeriesValue[], argName: (i: number) => string, fills = true): Aligned {
  const tzaware = checkTzCompat(inputs, argName);
  const times = unionTimes(inputs.map((s) => s.series.times));
  const pos = inputs.map((s) => {
    const p = positions(times, s.series.times);
    return fills ? applyFill(p, s.fill, s.limit) : p;
  });
  return { times, pos, tzaware };
}

/** Numeric values of an input laid out on the union (NaN where absent). */
export function gather(s: SeriesValue, pos: Int32Array): Float64Array {
  const src = s.series.values as Float64Array;
  const fillValue = s.fill?.kind === 'value' ? s.fill.value : NaN;
  const out = new Float64Array(pos.length);
  for (let i = 0; i < pos.length; i++) {
    const p = pos[i]!;
    out[i] = p >= 0 ? src[p]! : p === FILLED ? fillValue : NaN;
  }
  return out;
}

/** A float series from times/values, dropping the points whose value is NaN (no value). */
export function compact(times: Float64Array, values: Float64Array, tzaware: boolean): TimeSeries {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (values[i] === values[i]) n++;
  if (n === values.length) return { tzaware, valueType: 'float64', times, values };
  const t = new Float64Array(n);
  const v = new Float64Array(n);
  n = 0;
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!;
    if (x === x) {
      t[n] = times[i]!;
      v[n++] = x;
    }
  }
  return { tzaware, valueType: 'float64', times: t, values: v };
}
