import { findInvalidUtf8 } from './encoding.js';
import { type CsvRecord, FIELD_ESCAPED } from './tokenizer.js';

// ignoreBOM: a U+FEFF inside a field is data, not a byte-order mark to drop
const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

/** The text of field k (quotes unescaped); the record must be valid UTF-8. */
export function fieldText(rec: CsvRecord, k: number): string {
  const s = utf8.decode(rec.buf.subarray(rec.starts[k], rec.ends[k]));
  return rec.flags[k]! & FIELD_ESCAPED ? s.replaceAll('""', '"') : s;
}

/** Where the first invalid UTF-8 byte of a record is: 1-based line and column, or null when valid. */
export function invalidEncodingAt(rec: CsvRecord): { line: number; column: number; byte: number } | null {
  if (!rec.high) return null;
  const bad = findInvalidUtf8(rec.buf, rec.start, rec.end);
  if (bad < 0) return null;
  let column = 1;
  for (let k = 0; k < rec.count; k++) if (rec.starts[k]! <= bad) column = k + 1;
  if (rec.unterminatedColumn && bad >= (rec.count > 0 ? rec.ends[rec.count - 1]! : rec.start)) column = rec.unterminatedColumn;
  let line = rec.line;
  for (let i = rec.start; i < bad; i++) {
    const b = rec.buf[i];
    if (b === 0x0a ? rec.buf[i - 1] !== 0x0d : b === 0x0d) line++;
  }
  return { line, column, byte: rec.buf[bad]! };
}

/** FNV-1a hash of buf[s, e), to find a channel without decoding its name. */
export function hashBytes(buf: Uint8Array, s: number, e: number): number {
  let h = 0x811c9dc5;
  for (let i = s; i < e; i++) h = Math.imul(h ^ buf[i]!, 0x01000193);
  return h >>> 0;
}
