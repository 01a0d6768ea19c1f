import { StrataError } from '../base/errors.js';
import type { ValueType } from '../series/series.js';
import { SeriesBuilder } from './builder.js';
import type { CsvPlan } from './detect.js';
import { fieldText, hashBytes, invalidEncodingAt } from './fields.js';
import { isNullToken, parseNumberBytes } from './numbers.js';
import { infiniteReason, type RejectLog, unterminatedReason } from './rejects.js';
import { TimeReader } from './time-reader.js';
import { type CsvRecord, FIELD_BAD_QUOTE } from './tokenizer.js';
import type { DuplicatePolicy, IngestOptions } from './types.js';
import { ZoneLocalizer } from './zone.js';

interface ChannelEntry {
  bytes: Uint8Array;
  builder: SeriesBuilder;
  index: number;
  /** No delimiter, quote or line break in the id: an unquoted field holding these bytes is this id. */
  plain: boolean;
}

const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;

/** How many values of `raw` a file of `totalBytes` holds, extrapolated from the detection sample (0: unknown). */
export function expectedPoints(plan: CsvPlan, raw: string, totalBytes: number): number {
  const d = plan.density;
  const n = d.counts.get(raw) ?? 0;
  if (totalBytes <= 0 || d.rows < 100 || d.bytes <= 0 || n === 0) return 0;
  return Math.min(1 << 26, Math.ceil((totalBytes / d.bytes) * n * 1.02));
}

function sameBytes(a: Uint8Array, buf: Uint8Array, s: number, e: number): boolean {
  if (a.length !== e - s) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== buf[s + i]) return false;
  return true;
}

/**
 * Turns CSV records into series points (long or wide layout). A row is accepted whole or rejected whole,
 * with the first problem found, so accepted + rejected = rows.
 */
export class CsvRowSink {
  rows = 0;
  accepted = 0;
  readonly builders = new Map<string, SeriesBuilder>();
  headerPending: boolean;
  readonly time: TimeReader;
  private readonly ncols: number;
  private readonly decimal: number;
  private readonly delim: number;
  private readonly prefix: string;
  private readonly policy: DuplicatePolicy;
  private readonly tzaware: boolean;
  private readonly channels = new Map<number, ChannelEntry[]>();
  /** The channels in order of appearance, and the last one found: rows often cycle through them. */
  private readonly channelList: ChannelEntry[] = [];
  private lastChannel = 0;
  /** Wide layout: the series columns and their builders. */
  readonly wideCols: number[] = [];
  readonly wideBuilders: SeriesBuilder[] = [];
  private readonly scratch: Float64Array;

  constructor(readonly plan: CsvPlan, private readonly opts: IngestOptions, private readonly rejects: RejectLog, private readonly totalBytes = 0) {
    this.headerPending = plan.header;
    this.time = new TimeReader(plan, opts.tz ? new ZoneLocalizer(opts.tz) : null);
    this.ncols = plan.columns.length;
    this.decimal = plan.decimal.charCodeAt(0);
    this.delim = plan.delimiter.charCodeAt(0);
    this.prefix = opts.prefix ?? '';
    this.policy = opts.onDuplicate ?? 'last';
    this.tzaware = plan.tzaware;
    if (plan.layout === 'wide') {
      plan.columns.forEach((col, j) => {
        if (j === plan.timeColumn || j === plan.clockColumn) return;
        const name = this.prefix + col;
        if (this.builders.has(name)) throw new StrataError('bad_input', `column ${JSON.stringify(col)} appears twice in the header`, { column: col });
        this.wideCols.push(j);
        this.wideBuilders.push(this.builder(name, col));
      });
    }
    this.scratch = new Float64Array(this.ncols);
  }

  private typeOf(name: string, raw: string, firstValue: () => boolean): ValueType {
    return this.opts.valueTypeOf?.(name) ?? this.opts.valueTypes?.[name] ?? this.opts.valueType ?? this.plan.types.get(raw) ?? (firstValue() ? 'float64' : 'string');
  }

  /** How many values of `raw` the file holds, extrapolated from the sample (0: unknown), to size its builder. */
  private expectedPoints(raw: string): number {
    return expectedPoints(this.plan, raw, this.totalBytes);
  }

  private builder(name: string, raw: string, firstValue: () => boolean = () => true): SeriesBuilder {
    let b = this.builders.get(name);
    if (!b) {
      b = new SeriesBuilder(name, this.typeOf(name, raw, firstValue), this.tzaware, this.policy, this.expectedPoints(raw));
      this.builders.set(name, b);
    }
    return b;
  }

  private columnName(column: number): string | undefined {
    return this.plan.header ? this.plan.columns[column - 1] : undefined;
  }

  private reject(line: number, column: number, kind: Parameters<RejectLog['add']>[2], reason: string): void {
    this.rejects.add(line, column, kind, reason, this.columnName(column));
  }

  readonly onRecord = (rec: CsvRecord): void => {
    if (this.headerPending) {
      this.headerPending = false;
      return;
    }
    this.rows++;
    if (rec.unterminatedColumn) {
      this.reject(rec.line, rec.unterminatedColumn, 'unterminated_quote', unterminatedReason(rec.line));
      return;
    }
    const enc = invalidEncodingAt(rec);
    if (enc) {
      this.reject(enc.line, enc.column, 'invalid_encoding', `invalid UTF-8 byte 0x${enc.byte.toString(16).padStart(2, '0')}`);
      return;
    }
    if (rec.count !== this.ncols) {
      const column = Math.min(rec.count, this.ncols) + 1;
      this.reject(rec.line, column, 'column_count', `expected ${this.ncols} columns, found ${rec.count}`);
      return;
    }
    for (let k = 0; k < rec.count; k++) {
      if (rec.flags[k]! & FIELD_BAD_QUOTE) {
        this.reject(rec.line, k + 1, 'bad_quote', 'unexpected characters after a closing quote');
        return;
      }
    }
    const t = this.time.read(rec);
    if (t !== t) {
      const p = this.time.problem;
      this.reject(rec.line, p.column, p.kind, p.reason);
      return;
    }
    if (this.plan.layout === 'long') this.longRow(rec, t);
    else this.wideRow(rec, t);
  };

  /** The builder channelAt found. */
  found: SeriesBuilder | null = null;

  /**
   * The channel id field at buf[cs] of a plain line, ended by the delimiter: its end (the builder in
   * `found`) when it is a channel seen before, else -1. Ids are matched whole, so a known id that holds
   * non-ASCII bytes is valid UTF-8 here too.
   */
  channelAt(buf: Uint8Array, cs: number, end: number, delim: number): number {
    const list = this.channelList;
    const n = list.length;
    if (n === 0) return -1;
    // the channel after the last one found, then the same one again: compared in place, no scan
    let k = this.lastChannel + 1;
    if (k === n) k = 0;
    for (let tries = 0; tries < 2; tries++, k = this.lastChannel) {
      const entry = list[k]!;
      const j = cs + entry.bytes.length;
      if (entry.plain && j < end && buf[j] === delim && sameBytes(entry.bytes, buf, cs, j)) {
        this.lastChannel = k;
        this.found = entry.builder;
        return j;
      }
    }
    let i = cs;
    while (i < end) {
      const b = buf[i]!;
      if (b === delim || b === LF || b === CR || b === QUOTE) break;
      i++;
    }
    if (i === cs || i === end || buf[i] !== delim) return -1;
    const b = this.findChannel(buf, cs, i);
    if (!b) return -1;
    this.found = b;
    return i;
  }

  /** The builder of a channel already seen whose id is buf[s, e), else undefined. */
  findChannel(buf: Uint8Array, s: number, e: number): SeriesBuilder | undefined {
    const list = this.channelList;
    if (list.length === 0) return undefined;
    // the channel after the last one found, then the same one again, else the hash table
    let k = this.lastChannel + 1;
    if (k === list.length) k = 0;
    if (sameBytes(list[k]!.bytes, buf, s, e) || sameBytes(list[(k = this.lastChannel)]!.bytes, buf, s, e)) {
      this.lastChannel = k;
      return list[k]!.builder;
    }
    const bucket = this.channels.get(hashBytes(buf, s, e));
    if (bucket) {
      for (const entry of bucket) {
        if (sameBytes(entry.bytes, buf, s, e)) {
          this.lastChannel = entry.index;
          return entry.builder;
        }
      }
    }
    return undefined;
  }

  /** The builder of the channel in field k; `numeric` tells a new channel's type when nothing else does. */
  private channel(rec: CsvRecord, k: number, numeric: boolean): SeriesBuilder {
    const buf = rec.buf;
    const s = rec.starts[k]!;
    const e = rec.ends[k]!;
    const found = this.findChannel(buf, s, e);
    if (found) return found;
    const h = hashBytes(buf, s, e);
    let bucket = this.channels.get(h);
    if (!bucket) {
      bucket = [];
      this.channels.set(h, bucket);
    }
    const raw = fieldText(rec, k);
    const b = this.builder(this.prefix + raw, raw, () => numeric);
    const bytes = buf.slice(s, e);
    const plain = !bytes.some((x) => x === this.delim || x === LF || x === CR || x === QUOTE);
    const entry = { bytes, builder: b, index: this.channelList.length, plain };
    bucket.push(entry);
    this.channelList.push(entry);
    this.lastChannel = entry.index;
    return b;
  }

  private longRow(rec: CsvRecord, t: number): void {
    const { channelColumn: cc, valueColumn: vc } = this.plan;
    if (rec.starts[cc] === rec.ends[cc]) {
      this.reject(rec.line, cc + 1, 'missing_channel', 'missing channel id');
      return;
    }
    const buf = rec.buf;
    const s = rec.starts[vc]!;
    const e = rec.ends[vc]!;
    const v = parseNumberBytes(buf, s, e, this.decimal);
    const b = this.channel(rec, cc, v === v || isNullToken(buf, s, e));
    if (b.valueType === 'float64') {
      if (v !== v) {
        if (!isNullToken(buf, s, e)) {
          this.reject(rec.line, vc + 1, 'bad_number', `invalid number ${JSON.stringify(fieldText(rec, vc))} for series ${JSON.stringify(b.name)}`);
          return;
        }
      } else if (v === Infinity || v === -Infinity) {
        this.reject(rec.line, vc + 1, 'bad_number', infiniteReason(fieldText(rec, vc), b.name));
        return;
      } else b.addNumber(t, v, rec.line);
    } else if (s !== e) b.addString(t, fieldText(rec, vc), rec.line);
    this.accepted++;
  }

  private wideRow(rec: CsvRecord, t: number): void {
    const buf = rec.buf;
    const cols = this.wideCols;
    const scratch = this.scratch;
    for (let i = 0; i < cols.length; i++) {
      const b = this.wideBuilders[i]!;
      if (b.valueType !== 'float64') continue;
      const j = cols[i]!;
      const v = parseNumberBytes(buf, rec.starts[j]!, rec.ends[j]!, this.decimal);
      if (v !== v && !isNullToken(buf, rec.starts[j]!, rec.ends[j]!)) {
        this.reject(rec.line, j + 1, 'bad_number', `invalid number ${JSON.stringify(fieldText(rec, j))} for series ${JSON.stringify(b.name)}`);
        return;
      }
      if (v === Infinity || v === -Infinity) {
        this.reject(rec.line, j + 1, 'bad_number', infiniteReason(fieldText(rec, j), b.name));
        return;
      }
      scratch[i] = v;
    }
    for (let i = 0; i < cols.length; i++) {
      const b = this.wideBuilders[i]!;
      if (b.valueType === 'float64') {
        const v = scratch[i]!;
        if (v === v) b.addNumber(t, v, rec.line);
      } else {
        const j = cols[i]!;
        if (rec.starts[j] !== rec.ends[j]) b.addString(t, fieldText(rec, j), rec.line);
      }
    }
    this.accepted++;
  }
}
