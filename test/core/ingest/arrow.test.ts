import { Bool, Float64, Int64, makeData, makeVector, Table, TimestampMicrosecond, TimestampNanosecond, tableToIPC, Utf8, vectorFromArray, type Timestamp } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { parseArrow } from '../../../core/ingest/arrow.js';
import { chunked, T } from './helpers.js';

/** An exact int64 timestamp vector (the builders take float milliseconds). */
function stamps(type: Timestamp, raw: (bigint | null)[]) {
  const bitmap = new Uint8Array(Math.ceil(raw.length / 8));
  raw.forEach((x, i) => x !== null && (bitmap[i >> 3]! |= 1 << (i & 7)));
  const data = BigInt64Array.from(raw.map((x) => x ?? 0n));
  return makeVector(makeData({ type, length: raw.length, nullCount: raw.filter((x) => x === null).length, nullBitmap: bitmap, data }));
}

function longTable(): Table {
  return new Table({
    timestamp: stamps(new TimestampMicrosecond(), [T('2024-01-01T00:00:00'), T('2024-01-01T00:00:00.000001'), null, T('2024-01-01T00:00:01')].map((x) => (x === null ? null : BigInt(x)))),
    channel_id: vectorFromArray(['a', 'b', 'a', 'a'], new Utf8()),
    value: vectorFromArray([1.5, null, 3, 4], new Float64()),
  });
}

describe('parseArrow', () => {
  it.each(['file', 'stream'] as const)('reads a long %s from a byte stream, with exact microseconds and rejects by row', async (fmt) => {
    const bytes = tableToIPC(longTable(), fmt);
    const r = await parseArrow(chunked(bytes, 10), { prefix: 'x.' });
    expect(r.summary).toMatchObject({ format: 'arrow', rows: 4, accepted: 3, rejected: 1 });
    expect(r.summary.rejects).toEqual([{ line: 3, column: 1, columnName: 'timestamp', kind: 'bad_timestamp', reason: 'missing timestamp' }]);
    expect(r.series.map((s) => s.name)).toEqual(['x.a']);
    const a = r.series[0]!.series;
    expect(a.tzaware).toBe(false);
    expect([...a.times]).toEqual([T('2024-01-01T00:00:00'), T('2024-01-01T00:00:01')]);
    expect([...a.values]).toEqual([1.5, 4]);
  });

  it('reads a wide table with tz-aware nanosecond times, int64, booleans and strings', async () => {
    const ns = (iso: string): bigint => BigInt(T(iso)) * 1000n + 999n;
    const t = new Table({
      time: stamps(new TimestampNanosecond('UTC'), [ns('2024-01-01T00:00:00Z'), ns('2024-01-01T00:00:02Z'), ns('2024-01-01T00:00:01Z')]),
      count: vectorFromArray([1n, 2n, 3n], new Int64()),
      on: vectorFromArray([true, false, null], new Bool()),
      label: vectorFromArray(['x', null, 'z'], new Utf8()),
    });
    const r = await parseArrow(tableToIPC(t, 'file'));
    expect(r.series.map((s) => [s.name, s.series.valueType, s.series.tzaware])).toEqual([
      ['count', 'float64', true],
      ['on', 'float64', true],
      ['label', 'string', true],
    ]);
    expect([...r.series[0]!.series.times]).toEqual([T('2024-01-01T00:00:00Z'), T('2024-01-01T00:00:01Z'), T('2024-01-01T00:00:02Z')]);
    expect([...r.series[0]!.series.values]).toEqual([1, 3, 2]);
    expect([...r.series[1]!.series.values]).toEqual([1, 0]);
    expect(r.series[2]!.series.values).toEqual(['x', 'z']);
  });

  it('parses text time columns and localises naive times with tz', async () => {
    const t = new Table({
      ts: vectorFromArray(['2024-03-31T01:30:00', '2024-03-31T02:30:00', 'nope'], new Utf8()),
      v: vectorFromArray([1, 2, 3], new Float64()),
    });
    const r = await parseArrow(tableToIPC(t, 'stream'), { tz: 'Europe/Paris' });
    expect(r.summary.rejects.map((x) => [x.line, x.kind])).toEqual([
      [2, 'tz_nonexistent'],
      [3, 'bad_timestamp'],
    ]);
    expect([...r.series[0]!.series.times]).toEqual([T('2024-03-31T00:30:00Z')]);
  });

  it('rejects infinite values with their row and column', async () => {
    const t = new Table({
      timestamp: stamps(new TimestampMicrosecond('UTC'), [0n, 1n, 2n]),
      x: vectorFromArray([1, Infinity, 3], new Float64()),
    });
    const r = await parseArrow(tableToIPC(t, 'file'));
    expect(r.summary).toMatchObject({ rows: 3, accepted: 2, rejected: 1 });
    expect(r.summary.rejects).toEqual([{ line: 2, column: 2, columnName: 'x', kind: 'bad_number', reason: 'infinite number "Infinity" for series "x": only finite numbers can be stored' }]);
  });

  it('fails clearly on bytes that are not Arrow', async () => {
    await expect(parseArrow(new TextEncoder().encode('not arrow at all'))).rejects.toMatchObject({ code: 'bad_input' });
  });
});
