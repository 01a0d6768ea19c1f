/**
 * A resumable, byte-level CSV record scanner (RFC 4180 quoting, LF / CRLF / CR line ends).
 *
 * Hand-written rather than csv-parse: the import target is DuckDB's speed, which needs no string per field
 * and no object per row. Fields are reported as byte ranges into a reused buffer; the scanner state survives
 * chunk boundaries, so the records found never depend on how the input was cut into chunks.
 */

const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;

/** Field flags. */
export const FIELD_QUOTED = 1;
/** The quoted field holds doubled quotes ("") that must be unescaped. */
export const FIELD_ESCAPED = 2;
/** Characters after the closing quote (`"ab"c`). */
export const FIELD_BAD_QUOTE = 4;

/** One record; valid only during the handler call (the buffer is reused). */
export interface CsvRecord {
  buf: Uint8Array;
  /** Number of fields. */
  count: number;
  /** Field content byte ranges (quotes excluded) and flags. */
  starts: Int32Array;
  ends: Int32Array;
  flags: Uint8Array;
  /** 1-based physical line where the record starts. */
  line: number;
  /** Byte range of the whole record in `buf`. */
  start: number;
  end: number;
  /** True when some byte is >= 0x80 (the record needs UTF-8 validation). */
  high: boolean;
  /** Set when a quoted field never closed: its 1-based column. The record holds the fields before it. */
  unterminatedColumn: number;
}

export interface TokenizerOptions {
  delimiter: number;
  quote?: number;
  /** Longest quoted field (bytes) before it counts as unterminated. */
  maxFieldBytes?: number;
  /** Plain-line fast path (default on); tests turn it off to compare it with the state machine alone. */
  fastPath?: boolean;
  /** Takes whole lines straight from the bytes before they become records (see LineHandler). */
  lines?: LineHandler | null;
}

/**
 * A consumer that handles common lines itself, straight from the bytes, at record starts. `run` handles
 * lines from `pos` while it can, each ending with LF before `end`, and returns the position after the last
 * one handled (setting `lines` to how many); it stops, with no effect, at the first line it declines,
 * which then goes through the tokenizer as a record. The records seen must not depend on it.
 */
export interface LineHandler {
  run(buf: Uint8Array, pos: number, end: number, line: number): number;
  lines: number;
}

const FIELD_START = 0;
const UNQUOTED = 1;
const QUOTED = 2;
const QUOTE_IN_QUOTED = 3;
const AFTER_CLOSE = 4;
const SKIP_TO_EOL = 5;

export class CsvTokenizer {
  private buf = new Uint8Array(1 << 17);
  private len = 0;
  private pos = 0;
  private state = FIELD_START;
  private recStart = 0;
  private line = 1;
  private recLine = 1;
  private n = 0;
  private high = false;
  private skipLF = false;
  private firstNl = -1;
  private readonly rec: CsvRecord;
  private readonly delim: number;
  private readonly quote: number;
  private readonly maxField: number;
  private readonly fast: boolean;
  private readonly handler: LineHandler | null;

  constructor(opts: TokenizerOptions, private readonly onRecord: (rec: CsvRecord) => void) {
    this.fast = opts.fastPath ?? true;
    this.handler = opts.lines ?? null;
    this.delim = opts.delimiter;
    this.quote = opts.quote ?? 0x22;
    this.maxField = opts.maxFieldBytes ?? 8 << 20;
    this.rec = {
      buf: this.buf, count: 0, starts: new Int32Array(64), ends: new Int32Array(64), flags: new Uint8Array(64),
      line: 0, start: 0, end: 0, high: false, unterminatedColumn: 0,
    };
  }

  push(chunk: Uint8Array): void {
    this.compact(chunk.length);
    this.buf.set(chunk, this.len);
    this.len += chunk.length;
    this.scan(false);
  }

  /**
   * Whether everything pushed so far ended exactly at a record boundary: no record, field or quote in
   * progress. Then the next byte starts a record whatever follows (a byte range of a file can be parsed
   * on its own from there: see csv-range.ts).
   */
  clean(): boolean {
    return this.state === FIELD_START && this.n === 0 && !this.skipLF && this.pos === this.len;
  }

  /** Bytes of finished records dropped from the buffer so far (see offsetOf). */
  private dropped = 0;

  /** Where a position in a record's `buf` (e.g. its `end`) lies in the whole input pushed, from its first byte. */
  offsetOf(pos: number): number {
    return this.dropped + pos;
  }

  /** Line breaks consumed so far (the next record starts on line `breaks + 1`). */
  get breaks(): number {
    return this.line - 1;
  }

  end(): void {
    this.scan(true);
    this.len = this.pos = this.recStart = 0;
  }

  /** Drops the bytes of finished records and makes room for `extra` more. */
  private compact(extra: number): void {
    const shift = this.state === SKIP_TO_EOL ? this.pos : this.recStart;
    if (shift > 0) {
      this.dropped += shift;
      this.buf.copyWithin(0, shift, this.len);
      this.len -= shift;
      this.pos -= shift;
      this.recStart -= shift;
      const r = this.rec;
      for (let k = 0; k <= this.n && k < r.starts.length; k++) {
        r.starts[k]! -= shift;
        r.ends[k]! -= shift;
      }
      if (this.firstNl >= 0) this.firstNl -= shift;
    }
    if (this.len + extra > this.buf.length) {
      const bigger = new Uint8Array(Math.max(this.buf.length * 2, this.len + extra));
      bigger.set(this.buf.subarray(0, this.len));
      this.buf = bigger;
      this.rec.buf = bigger;
    }
  }

  private grow(): void {
    const r = this.rec;
    const cap = r.starts.length * 2;
    const s = new Int32Array(cap);
    s.set(r.starts);
    const e = new Int32Array(cap);
    e.set(r.ends);
    const f = new Uint8Array(cap);
    f.set(r.flags);
    r.starts = s;
    r.ends = e;
    r.flags = f;
  }

  private emit(end: number, unterminatedColumn = 0): void {
    const r = this.rec;
    r.count = this.n;
    r.line = this.recLine;
    r.start = this.recStart;
    r.end = end;
    r.high = this.high;
    r.unterminatedColumn = unterminatedColumn;
    this.onRecord(r);
  }

  /** Ends the record at the line terminator at `pos`. */
  private endLine(pos: number): number {
    this.emit(pos);
    return this.newLine(pos);
  }

  private newLine(pos: number): number {
    if (this.buf[pos] === CR) this.skipLF = true;
    pos++;
    this.line++;
    this.recStart = pos;
    this.recLine = this.line;
    this.n = 0;
    this.high = false;
    this.state = FIELD_START;
    return pos;
  }

  /** An unterminated quote: reject the record and resume after the line where the quote opened. */
  private unterminated(pos: number): number {
    this.emit(pos, this.n + 1);
    const nl = this.firstNl;
    this.firstNl = -1;
    this.line = this.recLine;
    if (nl >= 0) return this.newLine(nl);
    this.n = 0;
    this.state = SKIP_TO_EOL;
    return pos;
  }

  /**
   * The common case without per-byte state dispatch: from a record start, splits lines of unquoted fields
   * at the delimiter and LF, exactly as the state machine would. It hands over to the state machine, in the
   * state the machine would be in, at a quote opening a field, a CR, a blank line or the end of the buffer.
   */
  private fastLines(pos: number, end: number, once: boolean): number {
    const buf = this.buf;
    const delim = this.delim;
    const quote = this.quote;
    const r = this.rec;
    let starts = r.starts;
    let ends = r.ends;
    let flags = r.flags;
    while (pos < end) {
      let b = buf[pos]!;
      if (b === LF || b === CR || b === quote) return pos;
      const lineStart = pos;
      let n = 0;
      let high = false;
      for (;;) {
        const fieldStart = pos;
        while (pos < end) {
          b = buf[pos]!;
          if (b === delim || b === LF || b === CR) break;
          if (b >= 0x80) high = true;
          pos++;
        }
        if (n === starts.length) {
          this.grow();
          starts = r.starts;
          ends = r.ends;
          flags = r.flags;
        }
        starts[n] = fieldStart;
        flags[n] = 0;
        if (pos === end || b === CR) {
          // a field cut by the end of the buffer, or a CR line end: the machine goes on from inside the field
          return this.handOver(lineStart, n, high, pos === fieldStart && pos === end ? FIELD_START : UNQUOTED, pos);
        }
        ends[n++] = pos;
        if (b === LF) break;
        pos++; // the delimiter
        if (pos === end || buf[pos] === quote) return this.handOver(lineStart, n, high, FIELD_START, pos);
      }
      this.recStart = lineStart;
      this.recLine = this.line;
      this.n = n;
      this.high = high;
      pos = this.endLine(pos);
      if (once) break;
    }
    return pos;
  }

  private handOver(lineStart: number, n: number, high: boolean, state: number, pos: number): number {
    this.recStart = lineStart;
    this.recLine = this.line;
    this.n = n;
    this.high = high;
    this.state = state;
    return pos;
  }

  private scan(final: boolean): void {
    const buf = this.buf;
    const end = this.len;
    const delim = this.delim;
    const quote = this.quote;
    let pos = this.pos;
    for (;;) {
      while (pos < end) {
        const r = this.rec;
        if (this.fast && this.state === FIELD_START && this.n === 0 && !this.skipLF) {
          let p = pos;
          const h = this.handler;
          if (h) {
            p = h.run(buf, pos, end, this.line);
            if (p !== pos) {
              this.line += h.lines;
              this.recStart = p;
              this.recLine = this.line;
            }
          }
          // the line the handler declined, or every line when there is no handler
          p = this.fastLines(p, end, h !== null);
          if (p !== pos) {
            pos = p;
            continue;
          }
        }
        switch (this.state) {
          case FIELD_START: {
            const b = buf[pos]!;
            if (this.n === 0) {
              if (this.skipLF) {
                this.skipLF = false;
                if (b === LF) {
                  this.recStart = ++pos;
                  continue;
                }
              }
              if (b === LF || b === CR) {
                // a blank line is no record
                pos = this.newLine(pos);
                continue;
              }
            }
            if (this.n === r.starts.length) this.grow();
            r.flags[this.n] = 0;
            if (b === quote) {
              r.flags[this.n] = FIELD_QUOTED;
              r.starts[this.n] = ++pos;
              this.firstNl = -1;
              this.state = QUOTED;
            } else {
              r.starts[this.n] = pos;
              this.state = UNQUOTED;
            }
            break;
          }
          case UNQUOTED: {
            let b = 0;
            let high = false;
            while (pos < end) {
              b = buf[pos]!;
              if (b === delim || b === LF || b === CR) break;
              if (b >= 0x80) high = true;
              pos++;
            }
            if (high) this.high = true;
            if (pos === end) break;
            r.ends[this.n++] = pos;
            if (b === delim) {
              pos++;
              this.state = FIELD_START;
            } else pos = this.endLine(pos);
            break;
          }
          case QUOTED: {
            const limit = r.starts[this.n]! + this.maxField;
            let b = 0;
            while (pos < end) {
              b = buf[pos]!;
              if (b === quote) break;
              if (b === LF || b === CR) {
                if (!(b === LF && buf[pos - 1] === CR)) this.line++;
                if (this.firstNl < 0) this.firstNl = pos;
              } else if (b >= 0x80) this.high = true;
              if (++pos > limit) break;
            }
            if (pos > limit) {
              pos = this.unterminated(pos);
              break;
            }
            if (pos === end) break;
            r.ends[this.n] = pos++;
            this.state = QUOTE_IN_QUOTED;
            break;
          }
          case QUOTE_IN_QUOTED: {
            if (buf[pos] === quote) {
              r.flags[this.n]! |= FIELD_ESCAPED;
              pos++;
              this.state = QUOTED;
            } else this.state = AFTER_CLOSE;
            break;
          }
          case AFTER_CLOSE: {
            const b = buf[pos]!;
            if (b === delim) {
              this.n++;
              pos++;
              this.state = FIELD_START;
            } else if (b === LF || b === CR) {
              this.n++;
              pos = this.endLine(pos);
            } else {
              if (b !== SPACE) r.flags[this.n]! |= FIELD_BAD_QUOTE;
              if (b >= 0x80) this.high = true;
              pos++;
            }
            break;
          }
          case SKIP_TO_EOL: {
            const b = buf[pos]!;
            if (b === LF || b === CR) pos = this.newLine(pos);
            else pos++;
            break;
          }
        }
      }
      this.pos = pos;
      if (!final) return;
      // end of input: finish the record in progress
      const r = this.rec;
      switch (this.state) {
        case FIELD_START:
          if (this.n > 0) {
            if (this.n === r.starts.length) this.grow();
            r.starts[this.n] = r.ends[this.n] = end;
            r.flags[this.n] = 0;
            this.n++;
            this.emit(end);
          }
          return;
        case UNQUOTED:
          r.ends[this.n++] = end;
          this.emit(end);
          return;
        case QUOTE_IN_QUOTED:
        case AFTER_CLOSE:
          this.n++;
          this.emit(end);
          return;
        case QUOTED:
          pos = this.unterminated(end);
          if ((this.state as number) === SKIP_TO_EOL) return;
          continue; // rescan the lines after the one where the quote opened
        case SKIP_TO_EOL:
          return;
      }
    }
  }
}
