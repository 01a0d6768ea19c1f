import { StrataError } from '../base/errors.js';
import type { ValueType } from '../series/series.js';

/**
 * A streaming reader of PostgreSQL's COPY text format for two columns `µs<TAB>value`, straight into
 * columns (a Float64Array of times, Float64Array or string[] of values) — big windows arrive without one
 * JS object per row, which is what makes fetching millions of points affordable.
 * Written here rather than taken from a CSV library: the format (\N for NULL, backslash escapes) is
 * PostgreSQL's own and the hot loop must not allocate per field.
 */
export class CopyPointsReader {
  private times = new Float64Array(1024);
  private nums: Float64Array | null;
  private strs: (string | null)[] | null;
  private n = 0;
  private rest = '';
  private readonly decoder = new TextDecoder('utf-8');

  constructor(readonly valueType: ValueType) {
    this.nums = valueType === 'float64' ? new Float64Array(1024) : null;
    this.strs = valueType === 'string' ? [] : null;
  }

  get count(): number {
    return this.n;
  }

  push(chunk: Uint8Array): void {
    const text = this.rest + this.decoder.decode(chunk, { stream: true });
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      if (nl < 0) break;
      this.row(text, start, nl);
      start = nl + 1;
    }
    this.rest = text.slice(start);
  }

  /** The columns read; throws if the stream ended inside a row. */
  finish(): { times: Float64Array; values: Float64Array | (string | null)[] } {
    const tail = this.rest + this.decoder.decode();
    if (tail.length) throw new StrataError('remote_protocol', 'the server\'s COPY stream ended inside a row');
    const times = this.times.slice(0, this.n);
    return { times, values: this.nums ? this.nums.slice(0, this.n) : this.strs! };
  }

  private row(text: string, start: number, end: number): void {
    const tab = text.indexOf('\t', start);
    if (tab < 0 || tab > end) throw new StrataError('remote_protocol', `unexpected COPY row from the server: ${JSON.stringify(text.slice(start, Math.min(end, start + 80)))}`);
    const t = Number(text.slice(start, tab));
    if (!Number.isSafeInteger(t)) throw new StrataError('remote_protocol', `the server sent a timestamp that is not whole microseconds: ${JSON.stringify(text.slice(start, tab))}`);
    if (this.n === this.times.length) this.grow();
    const field = text.slice(tab + 1, end);
    if (this.nums) {
      this.nums[this.n] = field === '\\N' ? NaN : parseFloat8(field);
    } else {
      this.strs!.push(field === '\\N' ? null : unescapeCopy(field));
    }
    this.times[this.n++] = t;
  }

  private grow(): void {
    const t = new Float64Array(this.times.length * 2);
    t.set(this.times);
    this.times = t;
    if (this.nums) {
      const v = new Float64Array(this.nums.length * 2);
      v.set(this.nums);
      this.nums = v;
    }
  }
}

function parseFloat8(s: string): number {
  const v = Number(s);
  if (!Number.isNaN(v)) return v;
  if (s === 'NaN') return NaN;
  throw new StrataError('remote_protocol', `the server sent a value that is not a number: ${JSON.stringify(s)}`);
}

/** Undoes COPY text escaping: \\ \t \n \r \b \f \v, octal \NNN and hex \xHH. */
export function unescapeCopy(s: string): string {
  if (!s.includes('\\')) return s;
  let out = '';
  const bytes: number[] = [];
  const flush = () => {
    if (bytes.length) {
      out += Buffer.from(bytes).toString('utf8');
      bytes.length = 0;
    }
  };
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c !== '\\' || i + 1 >= s.length) {
      flush();
      out += c;
      continue;
    }
    const d = s[++i]!;
    const simple: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\' };
    if (d in simple) {
      flush();
      out += simple[d];
    } else if (d >= '0' && d <= '7') {
      let j = i;
      while (j < s.length && j < i + 3 && s[j]! >= '0' && s[j]! <= '7') j++;
      bytes.push(parseInt(s.slice(i, j), 8) & 0xff);
      i = j - 1;
    } else if (d === 'x' && /[0-9a-fA-F]/.test(s[i + 1] ?? '')) {
      let j = i + 1;
      while (j < s.length && j < i + 3 && /[0-9a-fA-F]/.test(s[j]!)) j++;
      bytes.push(parseInt(s.slice(i + 1, j), 16));
      i = j - 1;
    } else {
      flush();
      out += d;
    }
  }
  flush();
  return out;
}

/** Escapes a field for COPY text input (the sink): backslash, tab, newline, carriage return. */
export function escapeCopy(s: string): string {
  return s.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}
