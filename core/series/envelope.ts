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
 * Merges each run of `factor` consecutive bins into one (the last run may be shorter): bins of `size`
 * points become bins of `size * factor` points, exactly, without the points.
 */
export function coarsenBins(packed: Float64Array, factor: number): Float64Array {
  const n = packed.length / BIN_FIELDS;
  const out = new Float64Array(Math.ceil(n / factor) * BIN_FIELDS);
  let o = 0;
  for (let s = 0; s < n; s += factor) {
    const e = Math.min(n, s + factor);
    let p = s * BIN_FIELDS;
    let tMin = packed[p + 2]!;
    let tMax = packed[p + 3]!;
    let min = packed[p + 4]!;
    let max = packed[p + 5]!;
    for (let k = s + 1; k < e; k++) {
      p = k * BIN_FIELDS;
      if (packed[p + 4]! < min) {
        min = packed[p + 4]!;
        tMin = packed[p + 2]!;
      }
      if (packed[p + 5]! > max) {
        max = packed[p + 5]!;
        tMax = packed[p + 3]!;
      }
    }
    const first = s * BIN_FIELDS;
    const last = (e - 1) * BIN_FIELDS;
    out[o] = packed[first]!;
    out[o + 1] = packed[last + 1]!;
    out[o + 2] = tMin;
    out[o + 3] = tMax;
    out[o + 4] = min;
    out[o + 5] = max;
    out[o + 6] = packed[first + 6]!;
    out[o + 7] = packed[last + 7]!;
    o += BIN_FIELDS;
  }
  return out;
}

/**
 * Builds at most `width` pixel columns over the time range [lo, hi] from points and bins fed in time
 * order. A point goes to the column of its timestamp; a bin to the column of its first timestamp, whole,
 * so each column is a union of whole bins and points and its first/last/min/max stay exact (a column
 * made of bins may reach a little past its pixel's right edge; its extremes keep their true times).
 */
export class ColumnBuilder {
  private readonly out: Bins;
  private readonly scale: number;
  private readonly last: number;
  /** Column index of the open (last) column, -1 before any. */
  private current = -1;

  constructor(
    private readonly lo: number,
    hi: number,
    width: number,
  ) {
    this.out = new Bins(width);
    this.scale = width / Math.max(1, hi - lo);
    this.last = width - 1;
  }

  /** Where column c starts: column c holds the times in [start(c), start(c + 1)). */
  private start(c: number): number {
    return c <= 0 ? -Infinity : c > this.last ? Infinity : this.lo + c / this.scale;
  }

  private column(t: number): number {
    let c = Math.floor((t - this.lo) * this.scale);
    c = c < 0 ? 0 : c > this.last ? this.last : c;
    // Rounding may put t one column off its boundaries: the boundaries decide.
    if (t < this.start(c)) c--;
    else if (t >= this.start(c + 1)) c++;
    return c;
  }

  /** How many columns wide the time range [t0, t1] is. */
  columnsIn(t0: number, t1: number): number {
    return (t1 - t0) * this.scale;
  }

  /** Adds bins [start, end) of a packed bin array. */
  addBins(packed: Float64Array, start = 0, end = packed.length / BIN_FIELDS): void {
    const out = this.out;
    for (let k = start; k < end; k++) {
      const p = k * BIN_FIELDS;
      const c = this.column(packed[p]!);
      if (c !== this.current) {
        this.current = c;
        out.push(packed[p]!, packed[p + 1]!, packed[p + 2]!, packed[p + 3]!, packed[p + 4]!, packed[p + 5]!, packed[p + 6]!, packed[p + 7]!);
        continue;
      }
      const d = out.data;
      const o = (out.length - 1) * BIN_FIELDS;
      d[o + 1] = packed[p + 1]!;
      if (packed[p + 4]! < d[o + 4]!) {
        d[o + 4] = packed[p + 4]!;
        d[o + 2] = packed[p + 2]!;
      }
      if (packed[p + 5]! > d[o + 5]!) {
        d[o + 5] = packed[p + 5]!;
        d[o + 3] = packed[p + 3]!;
      }
      d[o + 7] = packed[p + 7]!;
    }
  }

  /** Adds points [start, end). */
  addPoints(times: Float64Array, values: Float64Array, start = 0, end = times.length): void {
    const out = this.out;
    let i = start;
    while (i < end) {
      const t0 = times[i]!;
      const v0 = values[i]!;
      const c = this.column(t0);
      const end1 = this.start(c + 1);
      let tMin = t0;
      let tMax = t0;
      let min = v0;
      let max = v0;
      let j = i + 1;
      for (; j < end; j++) {
        const t = times[j]!;
        if (t >= end1) break;
        const v = values[j]!;
        if (v < min) {
          min = v;
          tMin = t;
        } else if (v > max) {
          max = v;
          tMax = t;
        }
      }
      const tLast = times[j - 1]!;
      const vLast = values[j - 1]!;
      if (c !== this.current) {
        this.current = c;
        out.push(t0, tLast, tMin, tMax, min, max, v0, vLast);
      } else {
        const d = out.data;
        const o = (out.length - 1) * BIN_FIELDS;
        d[o + 1] = tLast;
        if (min < d[o + 4]!) {
          d[o + 4] = min;
          d[o + 2] = tMin;
        }
        if (max > d[o + 5]!) {
          d[o + 5] = max;
          d[o + 3] = tMax;
        }
        d[o + 7] = vLast;
      }
      i = j;
    }
  }

  columns(): Bins {
    return this.out;
  }
}
