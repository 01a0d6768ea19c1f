import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseCsv } from '../../../core/ingest/csv.js';
import { sampleCsv } from '../../../core/ingest/sample.js';
import { CsvTokenizer, type CsvRecord } from '../../../core/ingest/tokenizer.js';
import type { IngestOptions } from '../../../core/ingest/types.js';
import { chunked, plain } from './helpers.js';

const enc = new TextEncoder();

/** The result with the byte-level fast paths on, at a chunk size, and with them off in one chunk. */
async function both(bytes: Uint8Array, size: number, opts: IngestOptions = {}) {
  const fast = await parseCsv(chunked(bytes, size), { ...opts, fastPath: true }).then(plain, (e: Error) => ({ error: e.message }));
  const slow = await parseCsv(chunked(bytes, 1 << 20), { ...opts, fastPath: false }).then(plain, (e: Error) => ({ error: e.message }));
  return { fast, slow };
}

// cells that the fast paths take and cells they must decline (each then handled by the general path)
const timeCell = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom('2024-01-01 00:00:00.000', '2024-01-01 00:00:00.001', '2024-01-01T00:00:01', '2024-01-01T00:01:00.5') },
  fc.constantFrom('2024-01-01T00:00:00,25', '"2024-01-01 00:00:00.000"', '2024-02-30T00:00:00', '', ' 2024-01-01T00:00:02 ', '2024-01-01T00:00:00Z', 'x', '2024-01-01T00:00:00.0000001'),
);
const channelCell = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom('0', '1', '2', 'temp', 'température') },
  fc.constantFrom('', 'é', '"q"', 'a"b', 'new', ' 1', '"a,b"', 'a', 'b', '"temp"', 'tem', 'x\u0001'),
);
const valueCell = fc.oneof(
  { weight: 8, arbitrary: fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }).map(String), fc.integer().map(String), fc.constantFrom('-5.0311', '0.1', '1e5', '-0')) },
  fc.constantFrom('', 'NaN', 'NA', 'abc', '1.5 ', ' 2', '1,5', '12345678901234567', '0.000000000000000000000001', 'inf', '1e', '"3"', '1e400'),
);
const lineEnd = fc.oneof({ weight: 8, arbitrary: fc.constant('\n') }, fc.constantFrom('\r\n', '\r', '\n\n', ',extra\n', '\n"open,\n'));

describe('CSV fast paths give exactly the general path result', () => {
  it('long layout, any mix of plain and odd lines, any chunk size (property)', async () => {
    const line = fc.tuple(timeCell, channelCell, valueCell, lineEnd).map(([t, c, v, e]) => `${t},${c},${v}${e}`);
    await fc.assert(
      fc.asyncProperty(fc.array(line, { maxLength: 60 }), fc.integer({ min: 1, max: 200 }), fc.constantFrom('last', 'first', 'error') as fc.Arbitrary<'last' | 'first' | 'error'>, async (lines, size, onDuplicate) => {
        // U+0001 stands for an invalid UTF-8 byte
        const bytes = enc.encode('timestamp,channel_id,value\n2024-01-01T00:00:00,0,1\n' + lines.join('')).map((b) => (b === 1 ? 0xff : b));
        const { fast, slow } = await both(bytes, size, { onDuplicate });
        expect(fast).toEqual(slow);
      }),
      { numRuns: 200 },
    );
  });

  it('wide layout, empty cells and odd lines, any chunk size (property)', async () => {
    const line = fc.tuple(timeCell, valueCell, valueCell, valueCell, lineEnd).map(([t, a, b, c, e]) => `${t},${a},${b},${c}${e}`);
    await fc.assert(
      fc.asyncProperty(fc.array(line, { maxLength: 60 }), fc.integer({ min: 1, max: 200 }), fc.constantFrom('last', 'error') as fc.Arbitrary<'last' | 'error'>, async (lines, size, onDuplicate) => {
        const bytes = enc.encode('time,a,b,c\n2024-01-01T00:00:00,1,2,3\n' + lines.join(''));
        const { fast, slow } = await both(bytes, size, { onDuplicate });
        expect(fast).toEqual(slow);
      }),
      { numRuns: 200 },
    );
  });

  it('a quoted id or time holding the delimiter is not the same field unquoted', async () => {
    const ids = enc.encode('timestamp,channel_id,value\n2024-01-01T00:00:00,"a,b",1\n2024-01-01T00:00:01,a,b,2\n2024-01-01T00:00:02,"a,b",3\n');
    const times = enc.encode('timestamp,channel_id,value\n"2024-01-01T00:00:00,5",a,1\n2024-01-01T00:00:00,5,a,2\n');
    for (const bytes of [ids, times]) {
      for (const size of [1, 7, 4096]) {
        const r = await both(bytes, size);
        expect(r.fast).toEqual(r.slow);
        expect((r.fast as { summary: { rejects: { kind: string }[] } }).summary.rejects.map((x) => x.kind)).toEqual(['column_count']);
      }
    }
  });

  it('semicolon files with decimal commas, epoch times and --tz', async () => {
    const semi = enc.encode('time;a;b\n2024-03-31 01:30:00;1,5;2\n2024-03-31 02:30:00;3;\n2024-03-31 03:30:00;-0,25;7e2\n');
    for (const size of [1, 5, 64]) {
      const r = await both(semi, size, { tz: 'Europe/Paris' });
      expect(r.fast).toEqual(r.slow);
    }
    const epoch = enc.encode('ts,channel,value\n1700000000000,a,1\n1700000000001,a,2\n1700000000001,b,3\n-5,a,4\n');
    for (const size of [1, 3, 4096]) {
      const r = await both(epoch, size);
      expect(r.fast).toEqual(r.slow);
    }
  });

  it('backing off after many declined lines (new channels, text values) changes nothing', async () => {
    const lines = ['timestamp,channel_id,value'];
    for (let i = 0; i < 3000; i++) lines.push(`2024-01-01T00:00:00,c${i},${i % 7 === 0 ? 'text' : i}`);
    for (let i = 0; i < 6000; i++) lines.push(`2024-01-01T00:00:${String(1 + (i % 50)).padStart(2, '0')},c${i % 3000},${i / 8}`);
    const bytes = enc.encode(lines.join('\n') + '\n');
    for (const size of [1000, 65536]) {
      const r = await both(bytes, size);
      expect(r.fast).toEqual(r.slow);
    }
  });

  it('the default sample parses the same on both paths', async () => {
    const chunks = [...sampleCsv({ seconds: 2 })];
    const bytes = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
    chunks.reduce((at, c) => (bytes.set(c, at), at + c.length), 0);
    const { fast, slow } = await both(bytes, 65536);
    expect(fast).toEqual(slow);
    expect((fast as { summary: { accepted: number } }).summary.accepted).toBe(20_000);
    // builders sized from the file size (an estimate) hold the same points; a too small size just grows
    for (const totalBytes of [bytes.length, 1000, bytes.length * 3]) expect(plain(await parseCsv(chunked(bytes), { totalBytes }))).toEqual(slow);
  });
});

describe('CsvTokenizer plain-line fast path', () => {
  it('gives the state machine records for any bytes and chunking (property)', () => {
    const records = (bytes: Uint8Array, size: number, fastPath: boolean) => {
      const out: unknown[] = [];
      const tok = new CsvTokenizer({ delimiter: 0x2c, fastPath, maxFieldBytes: 16 }, (r: CsvRecord) => {
        out.push([r.line, r.count, r.high, r.unterminatedColumn, r.end - r.start, [...r.flags.subarray(0, r.count)], Array.from({ length: r.count }, (_, k) => [...r.buf.subarray(r.starts[k], r.ends[k])])]);
      });
      for (let i = 0; i < bytes.length; i += size) tok.push(bytes.subarray(i, i + size));
      tok.end();
      return out;
    };
    const text = fc.array(fc.constantFrom('a', 'b', ',', '"', '\n', '\r', ' ', 'é', '1'), { maxLength: 80 }).map((cs) => enc.encode(cs.join('')));
    fc.assert(
      fc.property(text, fc.integer({ min: 1, max: 50 }), (bytes, size) => {
        expect(records(bytes, size, true)).toEqual(records(bytes, 1 << 20, false));
      }),
      { numRuns: 500 },
    );
  });
});
