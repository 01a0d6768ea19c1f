import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StrataError } from '../../../core/base/errors.js';
import { parseCsv } from '../../../core/ingest/csv.js';
import { sampleCsv } from '../../../core/ingest/sample.js';
import { chunked, fixture, parseText, plain, T } from './helpers.js';

describe('parseCsv: long layout', () => {
  it('reads timestamp,channel_id,value into one sorted series per channel, with the prefix', async () => {
    const r = await parseCsv(chunked(fixture('long-basic.csv')), { prefix: 'dev/' });
    expect(r.summary.format).toBe('long');
    expect(r.series.map((s) => s.name)).toEqual(['dev/0', 'dev/1']);
    expect([...r.series[1]!.series.values]).toEqual([-2, 300]);
    expect([...r.series[0]!.series.times]).toEqual([T('2024-01-01T00:00:00'), T('2024-01-01T00:00:00.001')]);
    expect(r.series[0]!.series.tzaware).toBe(false);
    expect(r.summary).toMatchObject({ rows: 4, accepted: 4, rejected: 0, duplicates: 0 });
  });

  it('sorts out-of-order points', async () => {
    const r = await parseText('ts,channel,value\n2024-01-03,a,3\n2024-01-01,a,1\n2024-01-02,a,2\n');
    expect([...r.series[0]!.series.values]).toEqual([1, 2, 3]);
    expect([...r.series[0]!.series.times]).toEqual([T('2024-01-01'), T('2024-01-02'), T('2024-01-03')]);
  });

  it('makes string series of channels whose values are text', async () => {
    const r = await parseText('timestamp,channel_id,value\n2024-01-01,pump,ON\n2024-01-01,flow,1.5\n2024-01-02,pump,"OFF, ""manual"""\n');
    const pump = r.series.find((s) => s.name === 'pump')!.series;
    expect(pump.valueType).toBe('string');
    expect(pump.values).toEqual(['ON', 'OFF, "manual"']);
    expect(r.series.find((s) => s.name === 'flow')!.series.valueType).toBe('float64');
  });

  it('skips empty and NaN values without rejecting the row', async () => {
    const r = await parseText('timestamp,channel_id,value\n2024-01-01,a,\n2024-01-02,a,NaN\n2024-01-03,a,5\n');
    expect(r.summary).toMatchObject({ rows: 3, accepted: 3, rejected: 0 });
    expect([...r.series[0]!.series.values]).toEqual([5]);
  });

  it('detects a headerless long file from repeating timestamps', async () => {
    const r = await parseText('2024-01-01T00:00:00Z,0,1\n2024-01-01T00:00:00Z,1,2\n2024-01-01T00:00:01Z,0,3\n2024-01-01T00:00:01Z,1,4\n');
    expect(r.summary.dialect).toMatchObject({ layout: 'long', header: false });
    expect(r.series.map((s) => s.name)).toEqual(['0', '1']);
    expect(r.series[0]!.series.tzaware).toBe(true);
  });
});

describe('parseCsv: wide layout', () => {
  it('reads a time column then one series per column, numbers and strings, skipping empty cells', async () => {
    const r = await parseText('time,temp,state\n2024-01-01T00:00:00Z,1.5,on\n2024-01-01T00:01:00Z,,off\n2024-01-01T00:02:00Z,3,\n', { prefix: 'p.' });
    expect(r.summary.format).toBe('wide');
    const [temp, state] = r.series;
    expect(temp!.name).toBe('p.temp');
    expect([...temp!.series.values]).toEqual([1.5, 3]);
    expect(state!.series.values).toEqual(['on', 'off']);
    expect(r.summary.accepted).toBe(3);
  });

  it('detects semicolons, decimal commas and tabs', async () => {
    const r = await parseText('time;a;b\n2024-01-01T00:00:00;1,5;2\n2024-01-01T00:00:01;-0,25;3\n');
    expect(r.summary.dialect).toMatchObject({ delimiter: ';', decimal: ',' });
    expect([...r.series[0]!.series.values]).toEqual([1.5, -0.25]);
    const t = await parseText('time\tx\n2024-01-01T00:00:00\t7\n2024-01-01T00:00:01\t8\n');
    expect(t.summary.dialect!.delimiter).toBe('\t');
    expect([...t.series[0]!.series.values]).toEqual([7, 8]);
  });

  it('reads split date and time columns', async () => {
    const r = await parseText('date,time,x\n2024-02-29,23:59:59.5,1\n2024-03-01,00:00,2\n');
    expect(r.summary.dialect).toMatchObject({ timeColumn: 0, clockColumn: 1 });
    expect([...r.series[0]!.series.times]).toEqual([T('2024-02-29T23:59:59.5'), T('2024-03-01T00:00:00')]);
    const bad = await parseText('date,time,x\n2024-02-29,23:59:59.5,1\n2024-03-01,25:00,2\n');
    expect(bad.summary.rejects).toEqual([expect.objectContaining({ line: 3, column: 2, kind: 'bad_timestamp' })]);
  });

  it.each([
    ['epoch_s', '1704067200', '1704067200.25'],
    ['epoch_ms', '1704067200000', '1704067200250'],
    ['epoch_us', '1704067200000000', '1704067200250000'],
    ['epoch_ns', '1704067200000000000', '1704067200250000999'],
  ])('detects %s timestamps (tz-aware)', async (unit, a, b) => {
    const r = await parseText(`t,x\n${a},1\n${b},2\n`);
    expect(r.summary.dialect!.timeFormat).toBe(unit);
    expect(r.series[0]!.series.tzaware).toBe(true);
    expect([...r.series[0]!.series.times]).toEqual([T('2024-01-01T00:00:00Z'), T('2024-01-01T00:00:00.25Z')]);
  });

  it('names headerless wide columns column<N>', async () => {
    const r = await parseText('2024-01-01T00:00:00,1,2\n2024-01-01T00:00:01,3,4\n2024-01-01T00:00:02,5,6\n');
    expect(r.summary.dialect).toMatchObject({ layout: 'wide', header: false });
    expect(r.series.map((s) => s.name)).toEqual(['column2', 'column3']);
    expect(r.summary.accepted).toBe(3);
  });

  it('rejects the whole row when one cell is a bad number', async () => {
    const r = await parseText('time,a,b\n2024-01-01T00:00:00,1,2\n2024-01-01T00:00:01,3,x\n2024-01-01T00:00:02,5,6\n');
    expect(r.summary.rejects).toEqual([{ line: 3, column: 3, columnName: 'b', kind: 'bad_number', reason: 'invalid number "x" for series "b"' }]);
    expect([...r.series[0]!.series.values]).toEqual([1, 5]);
  });

  it('rejects infinite values (the store keeps finite numbers only), long and wide', async () => {
    const why = (text: string, series: string) => `infinite number ${JSON.stringify(text)} for series ${JSON.stringify(series)}: only finite numbers can be stored`;
    const long = await parseText('timestamp,channel_id,value\n2024-01-01T00:00:00,a,1\n2024-01-01T00:00:01,a,inf\n2024-01-01T00:00:02,a,-Infinity\n2024-01-01T00:00:03,a,1e999\n2024-01-01T00:00:04,a,2\n');
    expect(long.summary).toMatchObject({ rows: 5, accepted: 2, rejected: 3 });
    expect(long.summary.rejects.map((x) => [x.line, x.column, x.kind, x.reason])).toEqual([
      [3, 3, 'bad_number', why('inf', 'a')], [4, 3, 'bad_number', why('-Infinity', 'a')], [5, 3, 'bad_number', why('1e999', 'a')],
    ]);
    expect([...long.series[0]!.series.values]).toEqual([1, 2]);
    const wide = await parseText('time,a,b\n2024-01-01T00:00:00,1,2\n2024-01-01T00:00:01,3,inf\n');
    expect(wide.summary.rejects).toEqual([{ line: 3, column: 3, columnName: 'b', kind: 'bad_number', reason: why('inf', 'b') }]);
  });

  it('honours explicit options over detection', async () => {
    const r = await parseText('a|b|c\n2024-01-01|x|1\n', { delimiter: '|', header: true, format: 'long', valueType: 'string' });
    expect(r.summary.dialect).toMatchObject({ layout: 'long', delimiter: '|', channelColumn: 1, valueColumn: 2 });
    expect(r.series[0]!.series.values).toEqual(['1']);
  });
});

describe('parseCsv: rejects (malformed corpus)', () => {
  it('lists each bad row with line, column and reason; accepted + rejected = rows', async () => {
    const r = await parseCsv(chunked(fixture('malformed-long.csv')));
    const got = r.summary.rejects.map((x) => [x.line, x.column, x.kind]);
    expect(got).toEqual([
      [3, 3, 'bad_number'],
      [4, 1, 'bad_timestamp'],
      [5, 3, 'column_count'],
      [6, 4, 'column_count'],
      [7, 2, 'missing_channel'],
      [8, 2, 'bad_quote'],
      [9, 1, 'tz_mismatch'],
      [12, 2, 'unterminated_quote'],
    ]);
    expect(r.summary.rejects[1]!.reason).toContain('month out of range');
    expect(r.summary.rejects[2]!.reason).toBe('expected 3 columns, found 2');
    expect(r.summary).toMatchObject({ rows: 11, accepted: 3, rejected: 8 });
    expect(r.summary.accepted + r.summary.rejected).toBe(r.summary.rows);
    expect([...r.series[0]!.series.values]).toEqual([1, 8, 10]);
  });

  it('rejects invalid UTF-8 with its line and column, never a replacement character', async () => {
    const r = await parseCsv(chunked(fixture('bad-encoding.csv')));
    expect(r.summary.rejects.map((x) => [x.line, x.column, x.kind])).toEqual([
      [3, 3, 'invalid_encoding'],
      [5, 2, 'invalid_encoding'],
    ]);
    expect(r.summary.rejects[0]!.reason).toBe('invalid UTF-8 byte 0xff');
    expect(r.series.map((s) => s.name)).toEqual(['a', 'été']);
    for (const s of r.series) expect(s.name).not.toContain('\ufffd');
  });

  it('caps the listed rejects but counts them all', async () => {
    const rows = Array.from({ length: 50 }, (_, i) => `2024-01-01T00:00:${String(i).padStart(2, '0')},a,x${i}`).join('\n');
    const r = await parseText('timestamp,channel_id,value\n2024-01-01T00:01:00,a,1\n2024-01-01T00:01:01,a,2\n' + rows + '\n', { maxRejects: 5, valueType: 'float64' });
    expect(r.summary).toMatchObject({ rejected: 50, rejectsTruncated: true, accepted: 2 });
    expect(r.summary.rejects).toHaveLength(5);
  });

  it('fails on an empty file', async () => {
    await expect(parseText('')).rejects.toThrow(StrataError);
  });
});

describe('parseCsv: encodings', () => {
  it.each(['wide-utf8bom.csv', 'wide-utf16le.csv', 'wide-utf16be.csv'])('reads %s', async (name) => {
    const r = await parseCsv(chunked(fixture(name), 3));
    expect(r.series.map((s) => s.name)).toEqual(['temp', 'état']);
    expect(r.series[0]!.series.times[0]).toBe(T('2024-03-01T00:00:00Z'));
    expect(r.series[1]!.series.values).toEqual(['on', 'off']);
    expect(r.summary.rejected).toBe(0);
  });

  it('rejects a lone UTF-16 surrogate as invalid encoding', async () => {
    const text = 'time,x\n2024-03-01T00:00:00Z,a\n2024-03-01T00:01:00Z,b\n';
    const units = [...text].map((c) => c.charCodeAt(0));
    units.splice(units.indexOf(0x62), 0, 0xd800); // before "b"
    const bytes = new Uint8Array(2 + units.length * 2);
    bytes[0] = 0xff;
    bytes[1] = 0xfe;
    units.forEach((u, i) => {
      bytes[2 + 2 * i] = u & 0xff;
      bytes[3 + 2 * i] = u >> 8;
    });
    const r = await parseCsv(chunked(bytes, 5));
    expect(r.summary.rejects.map((x) => [x.line, x.column, x.kind])).toEqual([[3, 2, 'invalid_encoding']]);
  });
});

describe('parseCsv: duplicates', () => {
  const text = 'timestamp,channel_id,value\n2024-01-01,a,1\n2024-01-02,a,2\n2024-01-01,a,3\n2024-01-02,a,4\n2024-01-02,b,5\n2024-01-02,b,6\n';
  it('keeps the last value by default and counts duplicates', async () => {
    const r = await parseText(text);
    expect([...r.series[0]!.series.values]).toEqual([3, 4]);
    expect([...r.series[1]!.series.values]).toEqual([6]);
    expect(r.summary.duplicates).toBe(3);
    expect(r.summary.series.map((s) => s.duplicates)).toEqual([2, 1]);
    expect(r.summary.accepted).toBe(6);
  });

  it('keeps the first value with onDuplicate first', async () => {
    const r = await parseText(text, { onDuplicate: 'first' });
    expect([...r.series[0]!.series.values]).toEqual([1, 2]);
    expect([...r.series[1]!.series.values]).toEqual([5]);
  });

  it('fails with onDuplicate error, naming the series, time and line when known', async () => {
    await expect(parseText(text, { onDuplicate: 'error' })).rejects.toMatchObject({ code: 'duplicate_timestamp' });
    await expect(parseText('timestamp,channel_id,value\n2024-01-02,b,5\n2024-01-02,b,6\n', { onDuplicate: 'error' })).rejects.toThrow(
      'line 3: series "b" has two values at 2024-01-02T00:00:00',
    );
  });
});

describe('parseCsv: time zones', () => {
  it('keeps naive times naive without tz', async () => {
    const r = await parseText('time,x\n2024-03-31T02:30:00,1\n');
    expect(r.series[0]!.series.tzaware).toBe(false);
    expect(r.series[0]!.series.times[0]).toBe(T('2024-03-31T02:30:00'));
  });

  it('localises naive times with tz and rejects non-existent and ambiguous local times', async () => {
    const r = await parseText(
      'time,x\n2024-03-31T01:30:00,1\n2024-03-31T02:30:00,2\n2024-03-31T03:30:00,3\n2024-10-27T02:30:00,4\n2024-10-27T03:30:00,5\n2024-06-01T12:00:00Z,6\n',
      { tz: 'Europe/Paris' },
    );
    expect(r.series[0]!.series.tzaware).toBe(true);
    expect([...r.series[0]!.series.times]).toEqual([T('2024-03-31T00:30:00Z'), T('2024-03-31T01:30:00Z'), T('2024-06-01T12:00:00Z'), T('2024-10-27T02:30:00Z')]);
    expect(r.summary.rejects).toEqual([
      expect.objectContaining({ line: 3, column: 1, kind: 'tz_nonexistent', reason: expect.stringContaining('2024-03-31T02:30:00 does not exist in Europe/Paris') }),
      expect.objectContaining({ line: 5, column: 1, kind: 'tz_ambiguous', reason: expect.stringContaining('ambiguous') }),
    ]);
  });

  it('rejects naive times in a tz-aware file', async () => {
    const r = await parseText('time,x\n2024-01-01T00:00:00+01:00,1\n2024-01-01T00:00:00,2\n');
    expect(r.summary.rejects).toEqual([expect.objectContaining({ line: 3, kind: 'tz_mismatch' })]);
    expect(r.series[0]!.series.times[0]).toBe(T('2023-12-31T23:00:00Z'));
  });

  it('fails on an unknown zone', async () => {
    await expect(parseText('time,x\n2024-01-01,1\n', { tz: 'Mars/Olympus' })).rejects.toMatchObject({ code: 'bad_input' });
  });
});

describe('parseCsv: streaming', () => {
  const corpus = [
    'malformed-long.csv',
    'bad-encoding.csv',
    'wide-utf16le.csv',
  ];

  it('gives the same result whatever the chunk size (1 byte to 64 KiB)', async () => {
    const files = corpus.map(fixture);
    const refs = await Promise.all(files.map(async (f) => plain(await parseCsv(chunked(f, 1 << 20)))));
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 65536 }), fc.integer({ min: 0, max: files.length - 1 }), async (size, k) => {
        expect(plain(await parseCsv(chunked(files[k]!, size)))).toEqual(refs[k]);
      }),
      { numRuns: 60 },
    );
  });

  it('gives the same result for a sample larger than the detection window at any chunk size', async () => {
    const bytes = concatAll([...sampleCsv({ channels: 3, seconds: 2, rate: 500 })]);
    const ref = plain(await parseCsv(chunked(bytes), { sampleBytes: 4096 }));
    for (const size of [1, 7, 4096, 4097, 65536]) expect(plain(await parseCsv(chunked(bytes, size), { sampleBytes: 4096 }))).toEqual(ref);
  });

  it('reports progress and can be cancelled', async () => {
    const bytes = concatAll([...sampleCsv({ channels: 2, seconds: 10, rate: 100 })]);
    const events: number[] = [];
    await parseCsv(chunked(bytes, 1000), { onProgress: (e) => events.push(e.bytesRead), progressIntervalMs: 0, totalBytes: bytes.length });
    expect(events.length).toBeGreaterThan(10);
    expect(events.at(-1)).toBe(bytes.length);
    const ac = new AbortController();
    let seen = 0;
    const p = parseCsv(chunked(bytes, 1000), { signal: ac.signal, progressIntervalMs: 0, onProgress: () => ++seen === 3 && ac.abort() });
    await expect(p).rejects.toMatchObject({ code: 'cancelled' });
  });
});

function concatAll(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
