import { describe, expect, it } from 'vitest';
import { type CsvRecord, CsvTokenizer, FIELD_BAD_QUOTE, FIELD_ESCAPED } from '../../../core/ingest/tokenizer.js';

interface Rec {
  line: number;
  fields: string[];
  flags: number[];
  unterminated: number;
}

function tokenize(text: string, chunk = 1 << 20, maxFieldBytes?: number): Rec[] {
  const out: Rec[] = [];
  const dec = new TextDecoder();
  const tok = new CsvTokenizer({ delimiter: 0x2c, maxFieldBytes }, (r: CsvRecord) => {
    const fields: string[] = [];
    const flags: number[] = [];
    for (let k = 0; k < r.count; k++) {
      fields.push(dec.decode(r.buf.subarray(r.starts[k], r.ends[k])));
      flags.push(r.flags[k]!);
    }
    out.push({ line: r.line, fields, flags, unterminated: r.unterminatedColumn });
  });
  const bytes = new TextEncoder().encode(text);
  for (let i = 0; i < bytes.length; i += chunk) tok.push(bytes.subarray(i, i + chunk));
  tok.end();
  return out;
}

describe('CsvTokenizer', () => {
  it('splits records and fields with LF, CRLF and CR line ends, skipping blank lines', () => {
    const recs = tokenize('a,b\r\nc,d\n\ne,f\rg,h');
    expect(recs.map((r) => r.fields)).toEqual([['a', 'b'], ['c', 'd'], ['e', 'f'], ['g', 'h']]);
    expect(recs.map((r) => r.line)).toEqual([1, 2, 4, 5]);
  });

  it('keeps empty fields, including a trailing one', () => {
    expect(tokenize('a,,b,\n').map((r) => r.fields)).toEqual([['a', '', 'b', '']]);
    expect(tokenize('a,').map((r) => r.fields)).toEqual([['a', '']]);
  });

  it('reads quoted fields with delimiters, doubled quotes and line breaks, counting physical lines', () => {
    const recs = tokenize('"a,b","say ""hi""","two\nlines"\nnext,1\n');
    expect(recs[0]!.fields).toEqual(['a,b', 'say ""hi""', 'two\nlines']);
    expect(recs[0]!.flags[1]! & FIELD_ESCAPED).toBeTruthy();
    expect(recs[1]!.line).toBe(3);
  });

  it('flags characters after a closing quote', () => {
    const [r] = tokenize('"ab"c,d\n');
    expect(r!.flags[0]! & FIELD_BAD_QUOTE).toBeTruthy();
    expect(r!.fields[0]).toBe('ab');
  });

  it('reports an unterminated quote at its line and resumes on the next line', () => {
    const recs = tokenize('a,1\nb,"2\nc,3\nd,4\n');
    expect(recs.map((r) => [r.line, r.unterminated, r.fields[0]])).toEqual([
      [1, 0, 'a'],
      [2, 2, 'b'],
      [3, 0, 'c'],
      [4, 0, 'd'],
    ]);
  });

  it('treats a quoted field longer than maxFieldBytes as unterminated', () => {
    const recs = tokenize('a,"' + 'x'.repeat(50) + '\nb,2\n', 1 << 20, 20);
    expect(recs.map((r) => [r.line, r.unterminated])).toEqual([
      [1, 2],
      [2, 0],
    ]);
  });

  it('gives the same records whatever the chunk size', () => {
    const text = 'h1,h2\r\n"q,""x""\r\ny",2\r\n\r\nplain,3\n"open,4\nlast,5';
    const ref = tokenize(text);
    for (let size = 1; size <= text.length; size++) expect(tokenize(text, size)).toEqual(ref);
  });
});
