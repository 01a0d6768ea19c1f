import { StrataError } from '../base/errors.js';
import type { ValueType } from '../series/series.js';
import { parseTimestamp } from '../series/time.js';
import { epochUnitOf } from './timestamps.js';
import { CsvTokenizer, type CsvRecord, FIELD_ESCAPED } from './tokenizer.js';
import type { CsvDialect, IngestOptions } from './types.js';

/** The dialect plus what the parser needs to start: the zone-awareness and the value types seen in the sample. */
export interface CsvPlan extends CsvDialect {
  tzaware: boolean;
  /** Value type by raw name: wide → column name, long → channel id. */
  types: Map<string, ValueType>;
  /** What the sample says of the file's size: data rows in its first `bytes` bytes, values per raw name. */
  density: { rows: number; bytes: number; counts: Map<string, number> };
}

const DELIMITERS = [',', ';', '\t', '|'];
const MAX_SAMPLE_ROWS = 1000;
const TIME_NAME = /^(time_?stamp|time|date_?time|datetime_utc|ts|t|date|epoch|utc|time_utc|time_s|timestamp_utc)$/i;
const CHANNEL_NAME = /^(channel(_?id)?|series(_?(id|name))?|name|tag(_?name)?|signal|sensor(_?id)?|id|variable|metric)$/i;
const VALUE_NAME = /^(value|val|v|reading|measurement|y)$/i;

type CellClass = 'null' | 'number' | 'iso' | 'date' | 'clock' | 'text';

const NUM_DOT = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/;
const NUM_COMMA = /^\s*[+-]?(\d+,?\d*|,\d+)([eE][+-]?\d+)?\s*$/;
const DATE_ONLY = /^\s*\d{4}-\d{2}-\d{2}\s*$/;
const CLOCK = /^\s*\d{2}:\d{2}(:\d{2}([.,]\d{1,9})?)?\s*$/;
const NULLS = new Set(['', 'nan', 'na', 'n/a', 'null', 'none', '-nan']);

// the sample's cells repeat (a long file's timestamps, ids): classify each text once per detection
const classified = [new Map<string, CellClass>(), new Map<string, CellClass>()];

function classify(cell: string, comma: boolean): CellClass {
  const memo = classified[comma ? 1 : 0]!;
  let k = memo.get(cell);
  if (k === undefined) {
    k = classifyCell(cell, comma);
    memo.set(cell, k);
  }
  return k;
}

function classifyCell(cell: string, comma: boolean): CellClass {
  const t = cell.trim();
  if (NULLS.has(t.toLowerCase())) return 'null';
  if (NUM_DOT.test(t) || (comma && NUM_COMMA.test(t)) || /^[+-]?inf(inity)?$/i.test(t)) return 'number';
  if (DATE_ONLY.test(t)) return 'date';
  if (CLOCK.test(t)) return 'clock';
  try {
    parseTimestamp(t);
    return 'iso';
  } catch {
    return 'text';
  }
}

/** The records of the sample, as strings, with one delimiter (complete lines only unless `complete`). */
interface SampleRows {
  rows: string[][];
  /** Bytes from the start of the sample to the end of the last record kept. */
  span: number;
}

/**
 * Runs the tokenizer over the sample with one delimiter, handing each record (unterminated ones excepted)
 * to `take` until MAX_SAMPLE_ROWS were taken (complete lines only unless `complete`).
 */
function eachSampleRecord(sample: Uint8Array, delimiter: string, complete: boolean, take: (r: CsvRecord, tok: CsvTokenizer) => void): void {
  let taken = 0;
  const tok: CsvTokenizer = new CsvTokenizer({ delimiter: delimiter.charCodeAt(0) }, (r: CsvRecord) => {
    if (taken >= MAX_SAMPLE_ROWS || r.unterminatedColumn) return;
    taken++;
    take(r, tok);
  });
  // in slices, stopping once enough rows are in (the rest of the sample would only warm the CPU)
  const slice = 4096;
  for (let at = 0; at < sample.length && taken < MAX_SAMPLE_ROWS; at += slice) tok.push(sample.subarray(at, at + slice));
  if (complete && taken < MAX_SAMPLE_ROWS) tok.end();
}

/** Splits the sample into records of strings with one delimiter (complete lines only unless `complete`). */
function sampleRecords(sample: Uint8Array, delimiter: string, complete: boolean): SampleRows {
  const dec = new TextDecoder('utf-8');
  const out: SampleRows = { rows: [], span: 0 };
  eachSampleRecord(sample, delimiter, complete, (r, tok) => {
    const fields: string[] = [];
    for (let k = 0; k < r.count; k++) {
      let s = dec.decode(r.buf.subarray(r.starts[k], r.ends[k]));
      if (r.flags[k]! & FIELD_ESCAPED) s = s.replaceAll('""', '"');
      fields.push(s);
    }
    out.rows.push(fields);
    // r.end is a place in the tokenizer's buffer, which drops finished records as the slices come in
    out.span = tok.offsetOf(r.end);
  });
  return out;
}

function mode(values: number[]): [number, number] {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best = 0;
  let freq = 0;
  for (const [v, c] of counts) if (c > freq || (c === freq && v > best)) [best, freq] = [v, c];
  return [best, freq];
}

function pickDelimiter(sample: Uint8Array, complete: boolean): SampleRows & { delimiter: string } {
  // score each candidate on its records' field counts alone; decode the fields for the winner only
  let best = { delimiter: ',', score: -1 };
  for (const d of DELIMITERS) {
    const counts: number[] = [];
    eachSampleRecord(sample, d, complete, (r) => counts.push(r.count));
    if (counts.length === 0) continue;
    const [m, f] = mode(counts);
    const score = m > 1 ? f / counts.length + Math.min(m, 50) / 1000 : 0;
    if (score > best.score) best = { delimiter: d, score };
  }
  return { delimiter: best.delimiter, ...sampleRecords(sample, best.delimiter, complete) };
}

function majority(classes: CellClass[]): CellClass {
  const counts = new Map<CellClass, number>();
  for (const c of classes) if (c !== 'null') counts.set(c, (counts.get(c) ?? 0) + 1);
  let best: CellClass = 'null';
  let n = 0;
  for (const [c, k] of counts) if (k > n) [best, n] = [c, k];
  return best;
}

/**
 * Detects delimiter, header, layout (long or wide), time column(s) and format, and the value types, from
 * the first bytes of a CSV file. Options given explicitly always win.
 */
export function detectCsv(sample: Uint8Array, complete: boolean, opts: IngestOptions): CsvPlan {
  try {
    return detect(sample, complete, opts);
  } finally {
    for (const m of classified) m.clear();
  }
}

function detect(sample: Uint8Array, complete: boolean, opts: IngestOptions): CsvPlan {
  const picked = opts.delimiter !== undefined
    ? { delimiter: opts.delimiter, ...sampleRecords(sample, opts.delimiter, complete) }
    : pickDelimiter(sample, complete);
  const { delimiter, rows, span } = picked;
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
    throw new StrataError('usage', `delimiter must be one character other than a quote or a line end, got ${JSON.stringify(delimiter)}`);
  }
  if (rows.length === 0) throw new StrataError('bad_input', 'the file holds no CSV rows');
  const comma = delimiter !== ',';
  const first = rows[0]!;
  const [width] = mode(rows.map((r) => r.length));
  let header = opts.header;
  if (header === undefined) {
    if (rows.length === 1) header = first.every((c) => classify(c, comma) === 'text');
    else {
      header = first.some((c, j) => {
        if (classify(c, comma) !== 'text') return false;
        const below = rows.slice(1).map((r) => classify(r[j] ?? '', comma));
        const typed = below.filter((k) => k !== 'text' && k !== 'null').length;
        return typed > 0 && typed >= below.filter((k) => k !== 'null').length / 2;
      });
    }
  }
  const data = header ? rows.slice(1) : rows;
  const ncols = header ? first.length : width;
  const columns = header ? first.map((c) => c.trim()) : Array.from({ length: ncols }, (_, j) => `column${j + 1}`);
  const classes = columns.map((_, j) => majority(data.map((r) => classify(r[j] ?? '', comma))));

  // time column(s): a time-like name first, else the first column of timestamps, else the first column
  let timeColumn = header ? columns.findIndex((c) => TIME_NAME.test(c)) : -1;
  if (timeColumn < 0) timeColumn = classes.findIndex((k) => k === 'iso' || k === 'date');
  if (timeColumn < 0) timeColumn = 0;
  const clockColumn = classes[timeColumn] === 'date' && classes[timeColumn + 1] === 'clock' ? timeColumn + 1 : -1;
  const timeCells = data.map((r) => r[timeColumn] ?? '').filter((c) => classify(c, false) !== 'null');
  let timeFormat = opts.timeFormat;
  if (!timeFormat) {
    const k = classes[timeColumn];
    if (k === 'number') {
      const v = timeCells.map(Number).find((x) => Number.isFinite(x));
      timeFormat = epochUnitOf(v ?? 0);
    } else timeFormat = 'iso';
  }
  let tzaware = opts.tz !== undefined || timeFormat !== 'iso';
  if (!tzaware && clockColumn < 0) {
    for (const c of timeCells) {
      try {
        tzaware = parseTimestamp(c.trim()).tzaware;
        break;
      } catch {
        continue;
      }
    }
  }

  const others = columns.map((_, j) => j).filter((j) => j !== timeColumn && j !== clockColumn);
  let layout = opts.format === 'long' || opts.format === 'wide' ? opts.format : undefined;
  let channelColumn = header ? others.find((j) => CHANNEL_NAME.test(columns[j]!)) ?? -1 : -1;
  let valueColumn = header ? others.find((j) => VALUE_NAME.test(columns[j]!)) ?? -1 : -1;
  if (!layout) {
    if (channelColumn >= 0 && valueColumn >= 0) layout = 'long';
    else if (!header && others.length === 2 && looksLong(data, timeColumn, others[0]!, comma)) layout = 'long';
    else layout = 'wide';
  }
  if (layout === 'long') {
    if (channelColumn < 0) channelColumn = others.find((j) => j !== valueColumn) ?? -1;
    if (valueColumn < 0) valueColumn = others.find((j) => j !== channelColumn) ?? -1;
    if (channelColumn < 0 || valueColumn < 0) {
      throw new StrataError('bad_input', `a long CSV needs a time, a channel and a value column; found ${columns.length} columns (${columns.join(', ')})`);
    }
  } else channelColumn = valueColumn = -1;
  if (layout === 'wide' && others.length === 0) throw new StrataError('bad_input', 'a wide CSV needs a time column and at least one series column');

  // decimal comma: only with another delimiter, when numbers are written 1,5 and never 1.5
  let decimal = '.';
  if (comma) {
    const valueCols = layout === 'long' ? [valueColumn] : others;
    let dots = 0;
    let commas = 0;
    for (const r of data) for (const j of valueCols) {
      const c = (r[j] ?? '').trim();
      if (/^[+-]?\d*\.\d+/.test(c)) dots++;
      else if (/^[+-]?\d*,\d+([eE][+-]?\d+)?$/.test(c)) commas++;
    }
    if (commas > 0 && dots === 0) decimal = ',';
  }
  // numeric when at least as many sampled values are numbers as are text: the rest become bad_number rejects
  const kindOf = (c: string): 0 | 1 | 2 => {
    const k = classify(c, decimal === ',');
    return k === 'null' ? 0 : k === 'number' ? 1 : 2;
  };
  const tally = new Map<string, [number, number]>();
  const count = (name: string, c: string): void => {
    const k = kindOf(c);
    let t = tally.get(name);
    if (!t) tally.set(name, (t = [0, 0]));
    if (k > 0) t[k - 1]!++;
  };
  if (layout === 'wide') {
    for (const j of others) {
      count(columns[j]!, '');
      for (const r of data) if (r.length === ncols) count(columns[j]!, r[j] ?? '');
    }
  } else {
    for (const r of data) if (r.length === ncols && r[channelColumn] !== '') count(r[channelColumn]!, r[valueColumn] ?? '');
  }
  const types = new Map<string, ValueType>();
  const counts = new Map<string, number>();
  for (const [name, [nums, texts]] of tally) {
    types.set(name, nums >= texts ? 'float64' : 'string');
    counts.set(name, nums + texts);
  }
  const density = { rows: data.length, bytes: span, counts };
  return { layout, delimiter, decimal, header, columns, timeColumn, clockColumn, timeFormat, channelColumn, valueColumn, tzaware, types, density };
}

/** Headerless 3-column files: long when timestamps repeat or go back and the middle column looks like ids. */
function looksLong(data: string[][], timeColumn: number, channel: number, comma: boolean): boolean {
  const ids = new Set<string>();
  let idLike = true;
  for (const r of data) {
    const c = (r[channel] ?? '').trim();
    ids.add(c);
    const k = classify(c, comma);
    if (k === 'number' && !/^[+-]?\d+$/.test(c)) idLike = false;
  }
  if (!idLike || ids.size > Math.max(1, data.length / 2)) return false;
  const times = data.map((r) => r[timeColumn] ?? '');
  for (let i = 1; i < times.length; i++) if (times[i]! <= times[i - 1]!) return true;
  return false;
}
