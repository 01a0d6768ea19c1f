import { describe, expect, it } from 'vitest';
import { parseParquet } from '../../../core/ingest/parquet.js';
import { T } from './helpers.js';
import { memoryFile, writeParquet } from './parquet-writer.js';

describe('parseParquet', () => {
  it('reads a long file row group by row group, with exact microsecond timestamps and rejects by row', async () => {
    const ts = ['2024-01-01T00:00:00', '2024-01-01T00:00:00.000001', '2024-01-01T00:00:01', null, '2024-01-01T00:00:02'];
    const bytes = writeParquet([
      { name: 'timestamp', kind: 'timestamp', unit: 'MICROS', utc: false, values: ts.map((x) => (x === null ? null : BigInt(T(x)))) },
      { name: 'channel_id', kind: 'string', values: ['a', 'a', 'b', 'a', 'a'] },
      { name: 'value', kind: 'double', values: [1, 2, 3, 4, null] },
    ], 2);
    const r = await parseParquet(memoryFile(bytes), { prefix: 'p/' });
    expect(r.summary).toMatchObject({ format: 'parquet', rows: 5, accepted: 4, rejected: 1 });
    expect(r.summary.rejects).toEqual([{ line: 4, column: 1, columnName: 'timestamp', kind: 'bad_timestamp', reason: 'missing timestamp' }]);
    expect(r.series.map((s) => s.name)).toEqual(['p/a', 'p/b']);
    const a = r.series[0]!.series;
    expect(a.tzaware).toBe(false);
    expect([...a.times]).toEqual([T('2024-01-01T00:00:00'), T('2024-01-01T00:00:00.000001')]);
    expect([...a.values]).toEqual([1, 2]);
  });

  it('reads a wide file with UTC nanosecond times, int64 and strings', async () => {
    const ns = (iso: string): bigint => BigInt(T(iso)) * 1000n + 999n;
    const bytes = writeParquet([
      { name: 'time', kind: 'timestamp', unit: 'NANOS', utc: true, values: [ns('2024-01-01T00:00:01Z'), ns('2024-01-01T00:00:00Z')] },
      { name: 'n', kind: 'int64', values: [5n, 6n] },
      { name: 's', kind: 'string', values: ['x', null] },
    ]);
    const r = await parseParquet(memoryFile(bytes));
    expect(r.series.map((s) => [s.name, s.series.valueType, s.series.tzaware])).toEqual([
      ['n', 'float64', true],
      ['s', 'string', true],
    ]);
    expect([...r.series[0]!.series.times]).toEqual([T('2024-01-01T00:00:00Z'), T('2024-01-01T00:00:01Z')]);
    expect([...r.series[0]!.series.values]).toEqual([6, 5]);
    expect(r.series[1]!.series.values).toEqual(['x']);
  });

  it('rejects bad numbers in text value columns when the series is numeric', async () => {
    const bytes = writeParquet([
      { name: 'ts', kind: 'timestamp', unit: 'MILLIS', utc: true, values: [BigInt(T('2024-01-01T00:00:00Z') / 1000), BigInt(T('2024-01-01T00:00:01Z') / 1000)] },
      { name: 'x', kind: 'string', values: ['1.5', 'oops'] },
    ]);
    const r = await parseParquet(memoryFile(bytes), { valueType: 'float64' });
    expect(r.summary.rejects.map((x) => [x.line, x.column, x.kind])).toEqual([[2, 2, 'bad_number']]);
    expect([...r.series[0]!.series.values]).toEqual([1.5]);
  });

  it('fails clearly on bytes that are not Parquet', async () => {
    await expect(parseParquet(memoryFile(new TextEncoder().encode('PAR1 but not really')))).rejects.toMatchObject({ code: 'bad_input' });
  });
});
