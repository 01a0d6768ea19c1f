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
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  const out = new Float64Array(a.length + b.length);
  const na = a.length, nb = b.length;
  let i = 0, j = 0, n = 0;
  while (i < na && j < nb) {
    const x = a[i]!, y = b[j]!;
    // Branch-light merge: take the smaller, advance whichever side(s) it came from.
    const m = x <= y ? x : y;
    out[n++] = m;
    if (x === m) i++;
    if (y === m) j++;
  }
  while (i < na) out[n++] = a[i++]!;
  while (j < nb) out[n++] = b[j++]!;
  return n === out.length ? out : out.slice(0, n);
}

/**
 * Union of two timestamp arrays with both position maps, in one merge pass (the common binary case:
 * add/sub/div/arctan2 of two series with fills).
 */
export function union2(a: Float64Array, b: Float64Array): { times: Float64Array; pa: Int32Array; pb: Int32Array } {
  const na = a.length, nb = b.length;
  if (sameTimes(a, b)) {
    const pa = new Int32Array(na);
    for (let i = 0; i < na; i++) pa[i] = i;
    return { times: a, pa, pb: pa.slice() };
  }
  const cap = na + nb;
  const times = new Float64Array(cap);
  const pa = new Int32Array(cap);
  const pb = new Int32Array(cap);
  let i = 0, j = 0, n = 0;
  while (i < na && j < nb) {
    const x = a[i]!, y = b[j]!;
    if (x === y) { times[n] = x; pa[n] = i++; pb[n++] = j++; }
    else if (x < y) { times[n] = x; pa[n] = i++; pb[n++] = ABSENT; }
    else { times[n] = y; pa[n] = ABSENT; pb[n++] = j++; }
  }
  while (i < na) { times[n] = a[i]!; pa[n] = i++; pb[n++] = ABSENT; }
  while (j < nb) { times[n] = b[j]!; pa[n] = ABSENT; pb[n++] = j++; }
  return n === cap ? { times, pa, pb } : { times: times.subarray(0, n), pa: pa.subarray(0, n), pb: pb.subarray(0, n) };
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
  let times: Float64Array;
  let pos: Int32Array[];
  if (inputs.length === 2) {
    const u = union2(inputs[0]!.series.times, inputs[1]!.series.times);
    times = u.times;
    pos = [u.pa, u.pb];
  } else {
    times = unionTimes(inputs.map((s) => s.series.times));
    pos = inputs.map((s) => positions(times, s.series.times));
  }
  if (fills) inputs.forEach((s, k) => applyFill(pos[k]!, s.fill, s.limit));
  return { times, pos, tzaware };
}

/** Element-wise arithmetic of `combineNumeric`. */
export type CombineOp = 'add' | 'sub' | 'mul' | 'div';

/**
 * op(x, y) at the timestamps present in both (ta, va) and (tb, vb), fused into the two-pointer merge so
 * no index arrays are built. One loop per operation (a callback per point would be several times slower).
 */
function intersectApply(ta: Float64Array, va: Float64Array, tb: Float64Array, vb: Float64Array, op: CombineOp): { times: Float64Array; values: Float64Array } {
  const na = ta.length, nb = tb.length;
  if (sameTimes(ta, tb)) {
    const out = new Float64Array(na);
    switch (op) {
      case 'add': for (let k = 0; k < na; k++) out[k] = va[k]! + vb[k]!; break;
      case 'sub': for (let k = 0; k < na; k++) out[k] = va[k]! - vb[k]!; break;
      case 'mul': for (let k = 0; k < na; k++) out[k] = va[k]! * vb[k]!; break;
      case 'div': for (let k = 0; k < na; k++) out[k] = va[k]! / vb[k]!; break;
    }
    return { times: ta, values: out };
  }
  const cap = Math.min(na, nb);
  const times = new Float64Array(cap);
  const out = new Float64Array(cap);
  let i = 0, j = 0, n = 0;
  switch (op) {
    case 'add':
      while (i < na && j < nb) {
        const x = ta[i]!, y = tb[j]!;
        if (x === y) { times[n] = x; out[n++] = va[i++]! + vb[j++]!; } else if (x < y) i++; else j++;
      }
      break;
    case 'sub':
      while (i < na && j < nb) {
        const x = ta[i]!, y = tb[j]!;
        if (x === y) { times[n] = x; out[n++] = va[i++]! - vb[j++]!; } else if (x < y) i++; else j++;
      }
      break;
    case 'mul':
      while (i < na && j < nb) {
        const x = ta[i]!, y = tb[j]!;
        if (x === y) { times[n] = x; out[n++] = va[i++]! * vb[j++]!; } else if (x < y) i++; else j++;
      }
      break;
    case 'div':
      while (i < na && j < nb) {
        const x = ta[i]!, y = tb[j]!;
        if (x === y) { times[n] = x; out[n++] = va[i++]! / vb[j++]!; } else if (x < y) i++; else j++;
      }
      break;
  }
  // Views, not copies: the unused tail of the buffers is cheaper than copying the kept part.
  return n === cap ? { times, values: out } : { times: times.subarray(0, n), values: out.subarray(0, n) };
}

/**
 * Combines float series element-wise on the union of their timestamps (tshistory's outer join, fill,
 * dropna): a timestamp where an input has no value after its fill policy gives no point. Without any
 * fill the result lives on the intersection, computed by two-pointer merges with no union allocated.
 * `sub` and `div` fold left to right. NaN results (e.g. 0/0) are dropped.
 */
export function combineNumeric(inputs: readonly SeriesValue[], argName: (i: number) => string, op: CombineOp): TimeSeries {
  const tzaware = checkTzCompat(inputs, argName);
  const first = inputs[0]!.series;
  if (inputs.every((s) => s.fill === null)) {
    let times = first.times;
    let values = first.values as Float64Array;
    for (let k = 1; k < inputs.length; k++) {
      const s = inputs[k]!.series;
      ({ times, values } = intersectApply(times, values, s.times, s.values as Float64Array, op));
    }
    return compact(times, values, tzaware);
  }
  const al = align(inputs, argName);
  const n = al.times.length;
  const acc = gather(inputs[0]!, al.pos[0]!);
  for (let k = 1; k < inputs.length; k++) {
    // Gather fused into the operation: no intermediate column per input.
    const s = inputs[k]!;
    const src = s.series.values as Float64Array;
    const pos = al.pos[k]!;
    const fv = s.fill?.kind === 'value' ? s.fill.value : NaN;
    switch (op) {
      case 'add': for (let i = 0; i < n; i++) { const p = pos[i]!; acc[i] = acc[i]! + (p >= 0 ? src[p]! : p === FILLED ? fv : NaN); } break;
      case 'sub': for (let i = 0; i < n; i++) { const p = pos[i]!; acc[i] = acc[i]! - (p >= 0 ? src[p]! : p === FILLED ? fv : NaN); } break;
      case 'mul': for (let i = 0; i < n; i++) { const p = pos[i]!; acc[i] = acc[i]! * (p >= 0 ? src[p]! : p === FILLED ? fv : NaN); } break;
      case 'div': for (let i = 0; i < n; i++) { const p = pos[i]!; acc[i] = acc[i]! / (p >= 0 ? src[p]! : p === FILLED ? fv : NaN); } break;
    }
  }
  return compact(al.times, acc, tzaware);
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
