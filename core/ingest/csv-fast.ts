import type { CsvRowSink } from './csv-rows.js';
import type { TimeReader } from './time-reader.js';
import type { LineHandler } from './tokenizer.js';

/**
 * Line fast paths for the common CSV shapes, read straight from the bytes in one pass (each byte is looked
 * at once: the timestamp and number parsers validate the fields as they split them). A line is taken only
 * when it is exactly what the general path would accept the same way: plain fields, an ISO or epoch time
 * the byte parser reads, numbers of at most 15 significant digits, a channel seen before. Anything else
 * (rejects, quotes, new channels, null tokens, text series, ...) is declined and goes through the tokenizer
 * and CsvRowSink, which explain it — so results never depend on which path took a line.
 */

const LF = 0x0a;
const CR = 0x0d;

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

/** The number numberAt read (a typed slot: returning doubles from a call would box them). */
const NUM = new Float64Array(1);

/**
 * The number starting at buf[i] (`[+-]digits[.digits][e[+-]digits]`) when it has at most 15 digits and a
 * small exponent: then one correctly rounded operation gives it (parseNumberBytes's result), in NUM[0].
 * Returns the index after it, or -1 otherwise (or when there is no digit).
 */
function numberAt(buf: Uint8Array, i: number, end: number, decimal: number): number {
  // returns the index after the number (its value in NUM[0]), or -1
  let neg = false;
  let c = i < end ? buf[i]! : 0;
  if (c === 0x2d || c === 0x2b) {
    neg = c === 0x2d;
    i++;
  }
  let mant = 0;
  const ds = i;
  for (; i < end; i++) {
    const d = buf[i]! - 0x30;
    if (d < 0 || d > 9) break;
    mant = mant * 10 + d;
  }
  let digits = i - ds;
  let exp = 0;
  if (i < end && buf[i] === decimal) {
    const fs = ++i;
    for (; i < end; i++) {
      const d = buf[i]! - 0x30;
      if (d < 0 || d > 9) break;
      mant = mant * 10 + d;
    }
    exp = fs - i;
    digits -= exp;
  }
  // at most 15 digits in all (leading zeros included): the mantissa is exact; longer ones go the general way
  if (digits === 0 || digits > 15) return -1;
  c = i < end ? buf[i]! : 0;
  if (c === 0x65 || c === 0x45) {
    i++;
    let eneg = false;
    if (i < end && (buf[i] === 0x2d || buf[i] === 0x2b)) eneg = buf[i++] === 0x2d;
    let ev = 0;
    const es = i;
    for (; i < end && i - es < 4; i++) {
      const d = buf[i]! - 0x30;
      if (d < 0 || d > 9) break;
      ev = ev * 10 + d;
    }
    if (i === es) return -1;
    exp += eneg ? -ev : ev;
  }
  if (exp < -22 || exp > 22) return -1;
  const v = exp >= 0 ? mant * POW10[exp]! : mant / POW10[-exp]!;
  NUM[0] = neg ? -v : v;
  return i;
}

/**
 * The byte after the line end at buf[i] (LF, CRLF or a lone CR), or -1 when buf[i] is not one or a CR is
 * the last byte (an LF may follow in the next chunk: the tokenizer decides).
 */
function lineEndAt(buf: Uint8Array, i: number, end: number): number {
  if (i >= end) return -1;
  const b = buf[i];
  if (b === LF) return i + 1;
  if (b !== CR || i + 1 >= end) return -1;
  return buf[i + 1] === LF ? i + 2 : i + 1;
}

/** Position of the first delimiter or LF from i (end when none). */
function fieldEnd(buf: Uint8Array, i: number, end: number, delim: number): number {
  while (i < end) {
    const b = buf[i]!;
    if (b === delim || b === LF) return i;
    i++;
  }
  return end;
}

/**
 * Where the time field at buf[pos] (ended by a delimiter) ends, its time in time.value[1]; -1 to decline.
 * The same bytes as the last time field then the delimiter are the same time, with no delimiter inside.
 */
function timeAt(buf: Uint8Array, pos: number, end: number, delim: number, time: TimeReader): number {
  const len = time.plainLen;
  let te = pos + len;
  if (len > 0 && te < end && buf[te] === delim && time.same(buf, pos)) {
    time.value[1] = time.value[0]!;
    return te;
  }
  te = fieldEnd(buf, pos, end, delim);
  if (te === end || buf[te] !== delim || !time.quickInto(buf, pos, te)) return -1;
  return te;
}

/**
 * Counts taken and declined lines and backs off when most are declined (e.g. a file of text series): then
 * the next `skip` lines go straight to the general path, twice as many each time. A pure speed choice.
 */
class Tally {
  private taken = 0;
  private declined = 0;
  private skip = 0;
  private backoff = 1024;

  /** Whether to leave this line to the general path without trying. */
  skipping(): boolean {
    if (this.skip === 0) return false;
    this.skip--;
    return true;
  }

  note(taken: number, declined: boolean): void {
    this.taken += taken;
    if (declined) this.declined++;
    if (this.declined > 256 && this.declined * 4 > this.taken) {
      this.skip = this.backoff;
      this.backoff = Math.min(this.backoff * 2, 1 << 20);
      this.taken = this.declined = 0;
    }
  }
}

/** Long layout `time,channel,value` (in that order), numeric channels. */
class LongLines implements LineHandler {
  lines = 0;
  private readonly tally = new Tally();

  constructor(private readonly sink: CsvRowSink, private readonly delim: number, private readonly decimal: number) {}

  run(buf: Uint8Array, pos: number, end: number, line: number): number {
    const sink = this.sink;
    let n = 0;
    if (sink.headerPending || this.tally.skipping()) {
      this.lines = 0;
      return pos;
    }
    const delim = this.delim;
    const time = sink.time;
    let declined = true;
    const tv = time.value;
    for (;;) {
      const te = timeAt(buf, pos, end, delim, time);
      if (te < 0) break;
      const t = tv[1]!;
      const i = sink.channelAt(buf, te + 1, end, delim);
      if (i < 0) break;
      const b = sink.found!;
      if (b.valueType !== 'float64') break;
      // the common shape inline: [-]digits[.digits] then LF
      let j = i + 1;
      const neg = buf[j] === 0x2d;
      if (neg) j++;
      let mant = 0;
      const ds = j;
      let d = 0;
      while (j < end && (d = buf[j]! - 0x30) >= 0 && d <= 9) {
        mant = mant * 10 + d;
        j++;
      }
      let digits = j - ds;
      let scale = 0;
      if (j < end && buf[j] === this.decimal) {
        const fs = ++j;
        while (j < end && (d = buf[j]! - 0x30) >= 0 && d <= 9) {
          mant = mant * 10 + d;
          j++;
        }
        scale = j - fs;
        digits += scale;
      }
      let v: number;
      let next: number;
      if (digits > 0 && digits <= 15 && j < end && buf[j] === LF) {
        v = mant / POW10[scale]!;
        if (neg) v = -v;
        next = j + 1;
      } else {
        const ve = numberAt(buf, i + 1, end, this.decimal);
        if (ve < 0) break;
        next = lineEndAt(buf, ve, end);
        if (next < 0) break;
        v = NUM[0]!;
      }
      b.addNumber(t, v, line + n);
      n++;
      pos = next;
      if (pos === end) {
        declined = false;
        break;
      }
    }
    sink.rows += n;
    sink.accepted += n;
    this.tally.note(n, declined);
    this.lines = n;
    return pos;
  }
}

/** Wide layout: the time in the first column, then numeric series columns. */
class WideLines implements LineHandler {
  lines = 0;
  private readonly tally = new Tally();
  private readonly scratch: Float64Array;

  constructor(private readonly sink: CsvRowSink, private readonly delim: number, private readonly decimal: number) {
    this.scratch = new Float64Array(sink.wideBuilders.length);
  }

  run(buf: Uint8Array, pos: number, end: number, line: number): number {
    const sink = this.sink;
    let n = 0;
    if (sink.headerPending || this.tally.skipping()) {
      this.lines = 0;
      return pos;
    }
    const delim = this.delim;
    const decimal = this.decimal;
    const time = sink.time;
    const builders = sink.wideBuilders;
    const cols = builders.length;
    const scratch = this.scratch;
    let declined = true;
    const tv = time.value;
    lines: for (;;) {
      const te = timeAt(buf, pos, end, delim, time);
      if (te < 0) break;
      const t = tv[1]!;
      let i = te + 1;
      for (let k = 0; k < cols; k++) {
        const b = i < end ? buf[i]! : -1;
        if (b === delim || b === LF || b === CR) {
          scratch[k] = NaN; // an empty cell: no point
        } else {
          i = numberAt(buf, i, end, decimal);
          if (i < 0) break lines;
          scratch[k] = NUM[0]!;
        }
        if (i >= end) break lines;
        if (k < cols - 1) {
          if (buf[i] !== delim) break lines;
          i++;
        }
      }
      const next = lineEndAt(buf, i, end);
      if (next < 0) break;
      for (let k = 0; k < cols; k++) {
        const v = scratch[k]!;
        if (v === v) builders[k]!.addNumber(t, v, line + n);
      }
      n++;
      pos = next;
      if (pos === end) {
        declined = false;
        break;
      }
    }
    sink.rows += n;
    sink.accepted += n;
    this.tally.note(n, declined);
    this.lines = n;
    return pos;
  }
}

/** The fast path for the sink's layout, or null when its shape has none. */
export function lineHandlerFor(sink: CsvRowSink): LineHandler | null {
  const p = sink.plan;
  if (p.clockColumn >= 0 || p.timeColumn !== 0 || p.delimiter.length !== 1) return null;
  const delim = p.delimiter.charCodeAt(0);
  const decimal = p.decimal.charCodeAt(0);
  if (p.layout === 'long') {
    if (p.columns.length !== 3 || p.channelColumn !== 1 || p.valueColumn !== 2) return null;
    return new LongLines(sink, delim, decimal);
  }
  if (sink.wideBuilders.length === 0 || sink.wideBuilders.some((b) => b.valueType !== 'float64')) return null;
  if (sink.wideCols.some((j, k) => j !== k + 1) || sink.wideCols.length !== p.columns.length - 1) return null;
  return new WideLines(sink, delim, decimal);
}
