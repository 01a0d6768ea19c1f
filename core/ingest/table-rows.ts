import { StrataError } from '../base/errors.js';
import type { ValueType } from '../series/series.js';
import { formatTimestamp, parseTimestamp } from '../series/time.js';
import { SeriesBuilder } from './builder.js';
import { infiniteReason, type RejectLog } from './rejects.js';
import { epochUnitOf } from './timestamps.js';
import type { IngestOptions, RejectKind } from './types.js';
import { ZoneLocalizer } from './zone.js';

/** How a typed table's time column is written. */
export type TableTimeKind = 'instant' | 'wall' | 'text' | 'number';

/** A typed table (Arrow or Parquet) as the sink sees it: names, the time column and the value types. */
export interface TableShape {
  names: string[];
  timeColumn: number;
  timeKind: TableTimeKind;
  /** Value type of each column ('float64' for numbers and booleans, 'string' for text). */
  types: ValueType[];
}

const TIME_NAME = /^(time_?stamp|time|date_?time|ts|t|date|epoch|utc)$/i;
const CHANNEL_NAME = /^(channel(_?id)?|series(_?(id|name))?|name|tag(_?name)?|signal|sensor(_?id)?|id|variable|metric)$/i;
const VALUE_NAME = /^(value|val|v|reading|measurement|y)$/i;

/** Picks the time column of a typed table: a time-typed column, else a time-like name, else the first. */
export function pickTimeColumn(names: string[], timeTyped: boolean[]): number {
  const typed = timeTyped.indexOf(true);
  if (typed >= 0) return typed;
  const named = names.findIndex((n) => TIME_NAME.test(n));
  return named >= 0 ? named : 0;
}

const EPOCH_FACTOR = { epoch_s: 1e6, epoch_ms: 1e3, epoch_us: 1, epoch_ns: 1e-3 } as const;

/**
 * Turns typed rows (Arrow record batches, Parquet row groups) into series points with the same rules as
 * CSV: long or wide, rejects with row number (as `line`) and column, duplicates, zones.
 */
export class TableRowSink {
  rows = 0;
  accepted = 0;
  readonly builders = new Map<string, SeriesBuilder>();
  readonly layout: 'long' | 'wide';
  private readonly zone: ZoneLocalizer | null;
  private tzaware: boolean | null;
  private epochFactor = 0;
  private readonly prefix: string;
  private readonly channelColumn: number;
  private readonly valueColumn: number;
  private readonly wide: { column: number; builder: SeriesBuilder }[] = [];

  constructor(private readonly shape: TableShape, private readonly opts: IngestOptions, private readonly rejects: RejectLog) {
    this.zone = opts.tz ? new ZoneLocalizer(opts.tz) : null;
    this.prefix = opts.prefix ?? '';
    const { names, timeColumn, timeKind } = shape;
    this.tzaware = opts.tz || timeKind === 'instant' || timeKind === 'number' ? true : timeKind === 'wall' ? false : null;
    if (opts.timeFormat && opts.timeFormat !== 'iso') this.epochFactor = EPOCH_FACTOR[opts.timeFormat];
    const others = names.map((_, j) => j).filter((j) => j !== timeColumn);
    const channel = others.find((j) => CHANNEL_NAME.test(names[j]!)) ?? -1;
    const value = others.find((j) => VALUE_NAME.test(names[j]!)) ?? -1;
    this.layout = opts.format === 'long' || (opts.format !== 'wide' && channel >= 0 && value >= 0) ? 'long' : 'wide';
    if (this.layout === 'long') {
      this.channelColumn = channel >= 0 ? channel : others[0] ?? -1;
      this.valueColumn = value >= 0 ? value : others.find((j) => j !== this.channelColumn) ?? -1;
      if (this.channelColumn < 0 || this.valueColumn < 0) throw new StrataError('bad_input', `a long table needs time, channel and value columns; found ${names.join(', ')}`);
    } else {
      this.channelColumn = this.valueColumn = -1;
      for (const j of others) {
        const name = this.prefix + names[j]!;
        if (this.builders.has(name)) throw new StrataError('bad_input', `column ${JSON.stringify(names[j])} appears twice`);
        this.wide.push({ column: j, builder: this.builder(name, shape.types[j]!) });
      }
      if (this.wide.length === 0) throw new StrataError('bad_input', 'a wide table needs a time column and at least one series column');
    }
  }

  private builder(name: string, detected: ValueType): SeriesBuilder {
    let b = this.builders.get(name);
    if (!b) {
      const type = this.opts.valueTypeOf?.(name) ?? this.opts.valueTypes?.[name] ?? this.opts.valueType ?? detected;
      b = new SeriesBuilder(name, type, this.tzaware ?? false, this.opts.onDuplicate ?? 'last');
      this.builders.set(name, b);
    }
    return b;
  }

  private reject(line: number, column: number, kind: RejectKind, reason: string): void {
    this.rejects.add(line, column + 1, kind, reason, this.shape.names[column]);
  }

  /** The row's time in µs, or NaN after recording the reject. */
  private time(v: unknown, line: number): number {
    if (v === null || v === undefined) return this.fail(line, 'bad_timestamp', 'missing timestamp');
    let us: number;
    let aware: boolean;
    switch (this.shape.timeKind) {
      case 'instant':
      case 'wall':
        us = Number(v);
        aware = this.shape.timeKind === 'instant';
        break;
      case 'number': {
        const n = Number(v);
        if (!Number.isFinite(n)) return this.fail(line, 'bad_timestamp', `invalid epoch timestamp ${String(v)}`);
        if (!this.epochFactor) this.epochFactor = EPOCH_FACTOR[epochUnitOf(n)];
        us = Math.floor(n * this.epochFactor);
        aware = true;
        break;
      }
      case 'text':
        try {
          const p = parseTimestamp(String(v).trim());
          us = p.us;
          aware = p.tzaware;
        } catch (err) {
          return this.fail(line, 'bad_timestamp', (err as Error).message);
        }
    }
    if (this.tzaware === null) this.tzaware = aware;
    if (!aware && this.zone) {
      const wall = us;
      us = this.zone.localize(wall);
      if (us !== us) {
        const amb = this.zone.problem === 'ambiguous';
        return this.fail(line, amb ? 'tz_ambiguous' : 'tz_nonexistent', `local time ${formatTimestamp(wall, false)} ${amb ? 'is ambiguous' : 'does not exist'} in ${this.zone.zone}`);
      }
    } else if (aware !== this.tzaware && !(aware && this.zone)) {
      return this.fail(line, 'tz_mismatch', `${aware ? 'tz-aware' : 'naive'} timestamp ${JSON.stringify(String(v))} among ${aware ? 'naive' : 'tz-aware'} timestamps`);
    }
    return us;
  }

  private fail(line: number, kind: RejectKind, reason: string): number {
    this.reject(line, this.shape.timeColumn, kind, reason);
    return NaN;
  }

  /** A cell as a number for a numeric series: NaN = no value, undefined = not a number. */
  private num(v: unknown): number | undefined {
    if (v === null || v === undefined) return NaN;
    if (typeof v === 'number') return v;
    if (typeof v === 'bigint') return Number(v);
    if (typeof v === 'boolean') return v ? 1 : 0;
    const s = String(v).trim();
    if (s === '' || /^(nan|na|n\/a|null|none)$/i.test(s)) return NaN;
    const n = Number(s);
    return Number.isNaN(n) || /^0x/i.test(s) ? undefined : n;
  }

  /** Adds `length` rows given as one array-like per column; the first row's number is `firstRow` (1-based). */
  addBatch(length: number, cols: ArrayLike<unknown>[], firstRow: number): void {
    const times = cols[this.shape.timeColumn]!;
    const scratch: number[] = [];
    for (let i = 0; i < length; i++) {
      const line = firstRow + i;
      this.rows++;
      const t = this.time(times[i], line);
      if (t !== t) continue;
      if (this.layout === 'long') {
        const ch = cols[this.channelColumn]![i];
        if (ch === null || ch === undefined || ch === '') {
          this.reject(line, this.channelColumn, 'missing_channel', 'missing channel id');
          continue;
        }
        const raw = cols[this.valueColumn]![i];
        const b = this.builder(this.prefix + String(ch), this.shape.types[this.valueColumn]!);
        if (b.valueType === 'float64') {
          const v = this.num(raw);
          if (v === undefined) {
            this.reject(line, this.valueColumn, 'bad_number', `invalid number ${JSON.stringify(String(raw))} for series ${JSON.stringify(b.name)}`);
            continue;
          }
          if (v === Infinity || v === -Infinity) {
            this.reject(line, this.valueColumn, 'bad_number', infiniteReason(String(raw), b.name));
            continue;
          }
          if (v === v) b.addNumber(t, v, line);
        } else if (raw !== null && raw !== undefined) b.addString(t, String(raw), line);
        this.accepted++;
        continue;
      }
      let ok = true;
      for (let k = 0; k < this.wide.length; k++) {
        const { column, builder } = this.wide[k]!;
        if (builder.valueType !== 'float64') continue;
        const v = this.num(cols[column]![i]);
        if (v === undefined) {
          this.reject(line, column, 'bad_number', `invalid number ${JSON.stringify(String(cols[column]![i]))} for series ${JSON.stringify(builder.name)}`);
          ok = false;
          break;
        }
        if (v === Infinity || v === -Infinity) {
          this.reject(line, column, 'bad_number', infiniteReason(String(cols[column]![i]), builder.name));
          ok = false;
          break;
        }
        scratch[k] = v;
      }
      if (!ok) continue;
      for (let k = 0; k < this.wide.length; k++) {
        const { column, builder } = this.wide[k]!;
        if (builder.valueType === 'float64') {
          const v = scratch[k]!;
          if (v === v) builder.addNumber(t, v, line);
        } else {
          const v = cols[column]![i];
          if (v !== null && v !== undefined) builder.addString(t, String(v), line);
        }
      }
      this.accepted++;
    }
  }
}
