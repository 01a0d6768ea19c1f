import { readFileSync } from 'node:fs';
import { parse as parseCsv } from 'csv-parse/sync';
import { StrataError } from '../base/errors.js';
import { pointsFromWire, type TimeSeries, type ValueType } from '../series/index.js';
import { parseTimestamp } from '../series/time.js';
import type { CliIO } from './io.js';

/**
 * Reads the points of `series put`: a JSON document `[[ts, value], ...]` (or `{"points": [...]}`), or a
 * two-column CSV `timestamp,value` with an optional header (empty value = null = delete).
 */
export async function readPointsFile(file: string, io: CliIO, valueType?: ValueType): Promise<TimeSeries> {
  const label = file === '-' ? 'stdin' : file;
  let text: string;
  if (file === '-') {
    text = await io.readStdin();
  } else {
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      throw new StrataError('io', `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { path: file });
    }
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const trimmed = text.trimStart();
  if (trimmed.startsWith('[') || trimmed.startsWith('{')) {
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (e) {
      throw new StrataError('bad_points', `${label}: not valid JSON (${where(text, (e as Error).message)})`);
    }
    return pointsFromWire(doc, { source: label, ...(valueType ? { valueType } : {}) });
  }
  return pointsFromWire(csvToWire(text, label, valueType), { source: label, ...(valueType ? { valueType } : {}) });
}

function csvToWire(text: string, label: string, valueType?: ValueType): unknown[] {
  let rows: string[][];
  try {
    rows = parseCsv(text, { skip_empty_lines: true, trim: true, relax_column_count: true }) as string[][];
  } catch (e) {
    throw new StrataError('bad_points', `${label}: not valid CSV: ${(e as Error).message}`);
  }
  if (rows.length && !looksLikeTimestamp(rows[0]![0] ?? '')) rows = rows.slice(1);
  const allNumeric = valueType ? valueType === 'float64' : rows.every((r) => r[1] === '' || r[1] === undefined || isNumber(r[1]));
  return rows.map((r, i) => {
    if (r.length !== 2) throw new StrataError('bad_points', `${label}: row ${i + 1}: expected 2 columns (timestamp,value), got ${r.length}`);
    const v = r[1]!;
    if (v === '') return [r[0], null];
    if (!allNumeric) return [r[0], v];
    if (!isNumber(v)) throw new StrataError('bad_points', `${label}: row ${i + 1}: ${JSON.stringify(v)} is not a number`);
    return [r[0], Number(v)];
  });
}

function isNumber(s: string): boolean {
  return s.trim() !== '' && Number.isFinite(Number(s));
}

function looksLikeTimestamp(s: string): boolean {
  try {
    parseTimestamp(s);
    return true;
  } catch {
    return false;
  }
}

/** Turns JSON.parse's "at position N" into line and column. */
function where(text: string, msg: string): string {
  const m = /position (\d+)/.exec(msg);
  if (!m) return msg;
  const pos = +m[1]!;
  const before = text.slice(0, pos);
  const line = before.split('\n').length;
  const column = pos - before.lastIndexOf('\n');
  return `${msg.replace(/ in JSON at position \d+.*$/, '').replace(/\s*\(line \d+ column \d+\)$/, '')} at line ${line}, column ${column}`;
}
