import { StrataError } from '../base/errors.js';
import type { TimeSeries, ValueType } from '../series/series.js';
import { formatTimestamp } from '../series/time.js';
import type { DuplicatePolicy } from './types.js';

/** What a SeriesBuilder holds (see SeriesBuilder.parts and append). */
export interface BuilderParts {
  name: string;
  valueType: ValueType;
  times: Float64Array;
  nums: Float64Array | null;
  strs: (string | null)[] | null;
  n: number;
  sorted: boolean;
  duplicates: number;
}

/**
 * Accumulates one series' points in growable typed arrays. Points usually arrive in time order, so
 * duplicates are resolved on the fly; otherwise a stable sort at the end applies the same rule.
 */
export class SeriesBuilder {
  times: Float64Array;
  nums: Float64Array | null;
  strs: (string | null)[] | null;
  n = 0;
  sorted = true;
  duplicates = 0;

  constructor(
    readonly name: string,
    readonly valueType: ValueType,
    readonly tzaware: boolean,
    readonly policy: DuplicatePolicy,
    /** Points expected (an estimate): the arrays start that big instead of growing to it by doubling. */
    expected = 0,
  ) {
    const cap = Math.max(1024, expected);
    this.times = new Float64Array(cap);
    this.nums = valueType === 'float64' ? new Float64Array(cap) : null;
    this.strs = valueType === 'string' ? [] : null;
  }

  private duplicate(t: number, line: number): boolean {
    this.duplicates++;
    if (this.policy === 'error') throw this.dupError(t, line);
    return this.policy === 'last';
  }

  private dupError(t: number, line: number): StrataError {
    const where = line > 0 ? `line ${line}: ` : '';
    return new StrataError('duplicate_timestamp', `${where}series ${JSON.stringify(this.name)} has two values at ${formatTimestamp(t, this.tzaware)}`, {
      series: this.name, timestamp: formatTimestamp(t, this.tzaware), ...(line > 0 ? { line } : {}),
    });
  }

  private grow(): void {
    const cap = this.times.length * 2;
    const t = new Float64Array(cap);
    t.set(this.times);
    this.times = t;
    if (this.nums) {
      const v = new Float64Array(cap);
      v.set(this.nums);
      this.nums = v;
    }
  }

  addNumber(t: number, v: number, line: number): void {
    const n = this.n;
    if (n > 0 && this.sorted) {
      const last = this.times[n - 1]!;
      if (t === last) {
        if (this.duplicate(t, line)) this.nums![n - 1] = v;
        return;
      }
      if (t < last) this.sorted = false;
    }
    if (n === this.times.length) this.grow();
    this.times[n] = t;
    this.nums![n] = v;
    this.n = n + 1;
  }

  addString(t: number, v: string, line: number): void {
    const n = this.n;
    if (n > 0 && this.sorted) {
      const last = this.times[n - 1]!;
      if (t === last) {
        if (this.duplicate(t, line)) this.strs![n - 1] = v;
        return;
      }
      if (t < last) this.sorted = false;
    }
    if (n === this.times.length) this.grow();
    this.times[n] = t;
    this.strs!.push(v);
    this.n = n + 1;
  }

  /** The builder's state, for another builder's `append` (its arrays may be transferred to another thread). */
  parts(): BuilderParts {
    return { name: this.name, valueType: this.valueType, times: this.times, nums: this.nums, strs: this.strs, n: this.n, sorted: this.sorted, duplicates: this.duplicates };
  }

  /**
   * Adds the points another builder collected from the bytes right after this one's (a later byte range of
   * the same file, same value type), with the same result as if this builder had read those bytes itself:
   * its first point goes through the duplicate and order checks here, and from there on this builder is in
   * the state `o` was in after its first point, so its arrays are copied as they are. (Where this builder
   * is already out of order, `o` may have resolved a run of duplicates on the fly that this one would have
   * left to finish(): the same point is kept and counted once either way, for the first and last policies.)
   */
  append(o: BuilderParts): void {
    if (o.n === 0) return;
    if (o.valueType !== this.valueType) throw new Error(`append: ${this.valueType} builder given ${o.valueType} points`);
    let k = 0;
    if (this.n > 0 && this.sorted) {
      if (this.nums) this.addNumber(o.times[0]!, o.nums![0]!, 0);
      else this.addString(o.times[0]!, o.strs![0] as string, 0);
      k = 1;
    }
    const n = this.n;
    const add = o.n - k;
    if (n + add > this.times.length) {
      const cap = Math.max(n + add, this.times.length * 2);
      const t = new Float64Array(cap);
      t.set(this.times.subarray(0, n));
      this.times = t;
      if (this.nums) {
        const v = new Float64Array(cap);
        v.set(this.nums.subarray(0, n));
        this.nums = v;
      }
    }
    this.times.set(o.times.subarray(k, o.n), n);
    if (this.nums) this.nums.set(o.nums!.subarray(k, o.n), n);
    else for (let i = k; i < o.n; i++) this.strs!.push(o.strs![i]!);
    this.n = n + add;
    this.sorted = this.sorted && o.sorted;
    this.duplicates += o.duplicates;
  }

  /** The series: sorted, one point per timestamp (the policy decides which). */
  finish(): TimeSeries {
    const n = this.n;
    if (this.sorted) {
      return { tzaware: this.tzaware, valueType: this.valueType, times: this.times.subarray(0, n), values: this.nums ? this.nums.subarray(0, n) : this.strs! };
    }
    const times = this.times;
    const order = new Uint32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    order.sort((a, b) => times[a]! - times[b]! || a - b); // stable: file order among equal times
    const outT = new Float64Array(n);
    const outN = this.nums ? new Float64Array(n) : null;
    const outS: (string | null)[] | null = this.strs ? [] : null;
    let m = 0;
    for (let k = 0; k < n; k++) {
      const i = order[k]!;
      const t = times[i]!;
      if (m > 0 && outT[m - 1] === t) {
        if (!this.duplicate(t, 0)) continue;
        m--; // last wins: overwrite the kept point
        if (outS) outS.pop();
      }
      outT[m] = t;
      if (outN) outN[m] = this.nums![i]!;
      else outS!.push(this.strs![i]!);
      m++;
    }
    return { tzaware: this.tzaware, valueType: this.valueType, times: outT.subarray(0, m), values: outN ? outN.subarray(0, m) : outS! };
  }
}
