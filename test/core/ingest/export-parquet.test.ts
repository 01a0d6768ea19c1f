import { describe, expect, it } from 'vitest';
import { parquetMetadata } from 'hyparquet';
import { exportChunks, type ExportOptions, type NamedSeries } from '../../../core/ingest/export.js';
import { parseParquet } from '../../../core/ingest/parquet.js';
import { T } from './helpers.js';

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

const asyncBuffer = (bytes: Uint8Array) => ({ byteLength: bytes.byteLength, slice: (s: number, e?: number) => bytes.slice(s, e).buffer });

/** A regular numeric series of n points from `start`, one every `stepUs`. */
function regular(name: string, tzaware: boolean, n: number, start = T('2024-01-01T00:00:00'), stepUs = 1000): NamedSeries {
  const times = new Float64Array(n);
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    times[i] = start + i * stepUs;
    values[i] = Math.sin(i / 7) * 1e3 + i * 1e-9;
  }
  return { name, series: { tzaware, valueType: 'float64', times, values } };
}

function metadataOf(list: NamedSeries[], opts: ExportOptions) {
  const bytes = concat([...exportChunks(list, { format: 'parquet', ...opts })]);
  return { bytes, meta: parquetMetadata(bytes.slice().buffer) };
}

describe('Parquet export', () => {
  it('timestamps are INT64 TIMESTAMP(MICROS), UTC-adjusted exactly when the series are tz-aware', () => {
    for (const tzaware of [false, true]) {
      const { meta } = metadataOf([regular('x', tzaware, 3)], { layout: 'wide' });
      const [, time, value] = meta.schema;
      expect(time).toMatchObject({ name: 'timestamp', type: 'INT64', repetition_type: 'REQUIRED', logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: tzaware, unit: 'MICROS' } });
      // the legacy TIMESTAMP_MICROS annotation implies UTC: a naive file must not carry it
      expect(time!.converted_type).toBe(tzaware ? 'TIMESTAMP_MICROS' : undefined);
      expect(value).toMatchObject({ name: 'x', type: 'DOUBLE', repetition_type: 'OPTIONAL' });
    }
  });

  it('long files have channel_id and value columns; strings are UTF8', () => {
    const s: NamedSeries = { name: 'state', series: { tzaware: false, valueType: 'string', times: Float64Array.of(T('2024-01-01T00:00:00')), values: ['on'] } };
    const { meta } = metadataOf([s], { layout: 'long' });
    expect(meta.schema.slice(1).map((e) => [e.name, e.type, e.converted_type, e.repetition_type])).toEqual([
      ['timestamp', 'INT64', undefined, 'REQUIRED'], ['channel_id', 'BYTE_ARRAY', 'UTF8', 'REQUIRED'], ['value', 'BYTE_ARRAY', 'UTF8', 'REQUIRED'],
    ]);
  });

  it('streams: one row group per batch, each yielded as it is written (bounded chunks)', () => {
    const list = [regular('a', true, 10_000), regular('b', true, 5_000)];
    const chunks = [...exportChunks(list, { format: 'parquet', layout: 'long', batchRows: 1000 })];
    const meta = parquetMetadata(concat(chunks).slice().buffer);
    expect(meta.row_groups.map((g) => Number(g.num_rows))).toEqual(Array(15).fill(1000));
    // header + one chunk per row group + the footer, none of them holding the whole file
    expect(chunks.length).toBeGreaterThanOrEqual(16);
    const total = chunks.reduce((n, c) => n + c.byteLength, 0);
    expect(Math.max(...chunks.map((c) => c.byteLength))).toBeLessThan(total / 4);
  });

  it('wide: the union of timestamps, null where a series has no point, strings kept as strings', async () => {
    const a: NamedSeries = { name: 'a', series: { tzaware: false, valueType: 'float64', times: Float64Array.of(T('2024-01-01T00:00:00'), T('2024-01-01T00:00:02')), values: Float64Array.of(1, 2) } };
    const b: NamedSeries = { name: 'b', series: { tzaware: false, valueType: 'string', times: Float64Array.of(T('2024-01-01T00:00:01'), T('2024-01-01T00:00:02')), values: ['12', 'é ü 😀'] } };
    const bytes = concat([...exportChunks([a, b], { format: 'parquet' })]);
    const r = await parseParquet(asyncBuffer(bytes));
    expect(r.summary).toMatchObject({ format: 'parquet', rows: 3, accepted: 3, rejected: 0 });
    const byName = Object.fromEntries(r.series.map((s) => [s.name, s.series]));
    expect([...byName.a!.times]).toEqual([...a.series.times]);
    // '12' looks like a number but the column is UTF8: it comes back as text
    expect(byName.b!.valueType).toBe('string');
    expect(byName.b!.values).toEqual(['12', 'é ü 😀']);
  });

  it('timestamps stay exact to the microsecond far from the epoch', async () => {
    const times = Float64Array.of(T('1900-01-01T00:00:00.000001Z'), T('2099-12-31T23:59:59.999999Z'), 2 ** 52);
    const s: NamedSeries = { name: 'x', series: { tzaware: true, valueType: 'float64', times: times.sort(), values: Float64Array.of(1, 2, 3) } };
    const r = await parseParquet(asyncBuffer(concat([...exportChunks([s], { format: 'parquet' })])));
    expect([...r.series[0]!.series.times]).toEqual([...s.series.times]);
    expect(r.series[0]!.series.tzaware).toBe(true);
  });
});
