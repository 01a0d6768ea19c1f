/**
 * Envelopes for charts: summaries of consecutive points ("bins") holding the exact first, last, min and
 * max of the points they cover and when those happened, so a chart of any zoom draws every spike.
 * Bins are packed as float64 octets [tFirst, tLast, tMin, tMax, min, max, first, last].
 */
export const BIN_FIELDS = 8;

/** A growable list of bins (or pixel columns, which are bins too). */
export class Bins {
  data: Float64Array;
  length = 0;
  constructor(capacity = 64) {
    this.data = new Float64Array(Math.max(1, capacity) * BIN_FIELDS);
  }

  static from(packed: Float64Array): Bins {
    const b = new Bins(0);
    b.data = packed;
    b.length = packed.length / BIN_FIELDS;
    return b;
  }

  push(tFirst: number, tLast: number, tMin: number, tMax: number, min: number, max: number, first: number, last: number): void {
    if ((this.length + 1) * BIN_FIELDS > this.data.length) {
      const next = new Float64Array(this.data.length * 2 + BIN_FIELDS);
      next.set(this.data);
      this.data = next;
    }
    const o = this.length++ * BIN_FIELDS;
    const d = this.data;
    d[o] = tFirst;
    d[o + 1] = tLast;
    d[o + 2] = tMin;
    d[o + 3] = tMax;
    d[o + 4] = min;
    d[o + 5] = max;
    d[o + 6] = first;
    d[o + 7] = last;
  }

  /** Appends bin `k` of `src`. */
  pushFrom(src: Bins, k: number): void {
    const o = k * BIN_FIELDS;
    const s = src.data;
    this.push(s[o]!, s[o + 1]!, s[o + 2]!, s[o + 3]!, s[o + 4]!, s[o + 5]!, s[o + 6]!, s[o + 7]!);
  }

  /** Merges bin `k` of `src` into the last bin here (they must be consecutive in time). */
  mergeLast(src: Bins, k: number): void {
    const o = (this.length - 1) * BIN_FIELDS;
    const p = k * BIN_FIELDS;
    const d = this.data;
    const s = src.data;
    d[o + 1] = s[p + 1]!;
    if (s[p + 4]! < d[o + 4]!) {
      d[o + 4] = s[p + 4]!;
      d[o + 2] = s[p + 2]!;
    }
    if (s[p + 5]! > d[o + 5]!) {
      d[o + 5] = s[p + 5]!;
      d[o + 3] = s[p + 3]!;
    }
    d[o + 7] = s[p + 7]!;
  }

  packed(): Float64Array {
    return this.data.subarray(0, this.length * BIN_FIELDS);
  }
}

/** Summarises points [start, end) into bins of `size` points each (the last may be shorter). */
export function binPoints(times: Float64Array, values: Float64Array, start: number, end: number, size: number, out = new Bins(Math.ceil((end - start) / size))): Bins {
  for (let s = start; s < end; s += size) {
    const e = Math.min(end, s + size);
    let min = values[s]!;
    let max = min;
    let tMin = times[s]!;
    let tMax = tMin;
    for (let i = s + 1; i < e; i++) {
      const v = values[i]!;
      if (v < min) {
        min = v;
        tMin = times[i]!;
      } else if (v > max) {
        max = v;
        tMax = times[i]!;
      }
    }
    out.push(times[s]!, times[e - 1]!, tMin, tMax, min, max, values[s]!, values[e - 1]!);
  }
  return out;
}

/**
 * Groups consecutive bins into at most `width` pixel columns over [lo, hi]: a bin goes to the column of
 * its first timestamp, so each column is a whole number of bins and its summary stays exact.
 */
export function binsToColumns(bins: Bins, lo: number, hi: number, width: number): Bins {
  const out = new Bins(Math.min(width, bins.length));
  const span = Math.max(1, hi - lo);
  let current = -1;
  for (let k = 0; k < bins.length; k++) {
    const t = bins.data[k * BIN_FIELDS]!;
    const c = Math.min(width - 1, Math.max(0, Math.floor(((t - lo) / span) * width)));
    if (c === current) out.mergeLast(bins, k);
    else {
      out.pushFrom(bins, k);
      current = c;
    }
  }
  return out;
}
