import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArrow } from '../../../core/ingest/arrow.js';
import { parseCsv } from '../../../core/ingest/csv.js';
import { parseParquet } from '../../../core/ingest/parquet.js';
import { csvField, exportChunks, exportRowCount, type ExportOptions, type NamedSeries } from '../../../core/ingest/export.js';
import { exportFile } from '../../../core/ingest/export-file.js';
import { parseFile } from '../../../core/ingest/node-file.js';
import type { IngestResult } from '../../../core/ingest/types.js';
import type { TimeSeries } from '../../../core/series/series.js';
import { formatTimestamp } from '../../../core/series/time.js';
import { tempDir } from '../../helpers/cli.js';
import { chunked, T } from './helpers.js';

const num = (name: string, tzaware: boolean, pts: [string, number][]): NamedSeries => ({
  name,
  series: { tzaware, valueType: 'float64', times: Float64Array.from(pts.map((p) => T(p[0]))), values: Float64Array.from(pts.map((p) => p[1])) },
});
const str = (name: string, tzaware: boolean, pts: [string, string][]): NamedSeries => ({
  name,
  series: { tzaware, valueType: 'string', times: Float64Array.from(pts.map((p) => T(p[0]))), values: pts.map((p) => p[1]) },
});

function bytesOf(list: NamedSeries[], opts: ExportOptions): Uint8Array {
  const chunks = [...exportChunks(list, opts)];
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

/** Random access over bytes, as hyparquet reads a file. */
function asyncBuffer(bytes: Uint8Array) {
  return { byteLength: bytes.byteLength, slice: (s: number, e?: number) => bytes.slice(s, e).buffer };
}

async function roundTrip(list: NamedSeries[], opts: ExportOptions): Promise<IngestResult> {
  const bytes = bytesOf(list, opts);
  if (opts.format === 'parquet') return parseParquet(asyncBuffer(bytes));
  return opts.format === 'arrow' ? parseArrow(bytes) : parseCsv(chunked(bytes, 4096));
}

/** Series as plain data, sorted by name, to compare what went out with what came back. */
function plain(list: { name: string; series: TimeSeries }[]) {
  return list
    .map(({ name, series: s }) => ({ name, tzaware: s.tzaware, type: s.valueType, times: [...s.times], values: [...s.values] }))
    .sort((a, b) => (a.name < b.name ? -1 : 1));
}

const naive = [
  num('temp', false, [['2024-03-31T01:59:59.999999', 1.5], ['2024-03-31T02:30:00', -0.1], ['2024-03-31T03:00:00.000001', 1e-300]]),
  num('press', false, [['2024-03-31T02:30:00', 1013.25], ['2024-04-01T00:00:00', 123456789.123456]]),
  str('state', false, [['2024-03-31T01:59:59.999999', 'on, "really"'], ['2024-03-31T04:00:00', 'line\nbreak'], ['2024-03-31T05:00:00', ' padded ']]),
];
const aware = [
  num('a', true, [['2024-01-01T00:00:00.000001Z', 0.1 + 0.2], ['2024-06-30T23:59:59.5+02:00', 5e-324]]),
  str('b x', true, [['2024-01-01T00:00:00.000001Z', 'x'], ['2024-01-02T00:00:00Z', 'y']]),
];

describe('exportChunks → import round trips', () => {
  for (const format of ['csv', 'arrow', 'parquet'] as const) {
    for (const layout of ['long', 'wide'] as const) {
      for (const [label, list] of [['naive', naive], ['tz-aware', aware]] as const) {
        it(`${format} ${layout}, ${label}: timestamps (µs) and values exact, value types kept`, async () => {
          // a long Arrow or Parquet file has one value column: numbers and text go separately
          const input = format !== 'csv' && layout === 'long' ? list.filter((s) => s.series.valueType === 'float64') : list;
          const r = await roundTrip(input, { format, layout, batchRows: 2 });
          expect(r.summary.rejected).toBe(0);
          expect(r.summary.accepted).toBe(exportRowCount(input, layout));
          expect(plain(r.series)).toEqual(plain(input));
        });
      }
    }
  }

  it('any finite doubles and µs timestamps survive CSV, Arrow and Parquet (property)', async () => {
    const value = fc.double({ noNaN: true, noDefaultInfinity: true }).filter((v) => !Object.is(v, -0));
    const points = fc.uniqueArray(fc.tuple(fc.integer({ min: -2_208_988_800_000_000, max: 4_102_444_800_000_000 - 1 }), value), { minLength: 1, maxLength: 40, selector: (p) => p[0] });
    await fc.assert(
      fc.asyncProperty(points, fc.boolean(), fc.constantFrom('csv' as const, 'arrow' as const, 'parquet' as const), async (pts, tz, format) => {
        pts.sort((x, y) => x[0] - y[0]);
        const s: NamedSeries = { name: 'x', series: { tzaware: tz, valueType: 'float64', times: Float64Array.from(pts.map((p) => p[0])), values: Float64Array.from(pts.map((p) => p[1])) } };
        const r = await roundTrip([s], { format });
        expect(plain(r.series)).toEqual(plain([s]));
        if (format === 'csv') {
          // the timestamp text is exactly formatTimestamp's (the exporter reuses the text up to the second)
          const lines = new TextDecoder().decode(bytesOf([s], { format })).trimEnd().split('\n').slice(1);
          expect(lines.map((l) => l.split(',')[0])).toEqual(pts.map((p) => formatTimestamp(p[0], tz)));
        }
      }),
      { numRuns: 100 },
    );
  });

  it('the bytes do not depend on the batch size', () => {
    for (const layout of ['long', 'wide'] as const) {
      const big = bytesOf(naive, { format: 'csv', layout, batchRows: 1 << 16 });
      expect(bytesOf(naive, { format: 'csv', layout, batchRows: 1 })).toEqual(big);
    }
  });

  it('writes the documented long CSV header and wide columns with empty cells for missing points', () => {
    const text = (o: ExportOptions) => new TextDecoder().decode(bytesOf(aware, o));
    expect(text({ format: 'csv' })).toBe(
      'timestamp,channel_id,value\n2024-01-01T00:00:00.000001Z,a,0.30000000000000004\n2024-06-30T21:59:59.500000Z,a,5e-324\n' +
        '2024-01-01T00:00:00.000001Z,b x,x\n2024-01-02T00:00:00Z,b x,y\n',
    );
    expect(text({ format: 'csv', layout: 'wide' })).toBe(
      'timestamp,a,b x\n2024-01-01T00:00:00.000001Z,0.30000000000000004,x\n2024-01-02T00:00:00Z,,y\n2024-06-30T21:59:59.500000Z,5e-324,\n',
    );
  });

  it('quotes CSV fields only when needed', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(' edge')).toBe('" edge"');
    expect(csvField('')).toBe('""');
  });

  it('an Arrow or Parquet export of an empty window is still a valid file with the columns', async () => {
    const empty: NamedSeries = { name: 'e', series: { tzaware: false, valueType: 'float64', times: new Float64Array(0), values: new Float64Array(0) } };
    expect((await parseArrow(bytesOf([empty], { format: 'arrow' }))).summary.rows).toBe(0);
    expect((await parseParquet(asyncBuffer(bytesOf([empty], { format: 'parquet' })))).summary.rows).toBe(0);
  });
});

describe('export errors say what is wrong', () => {
  it('refuses what one file cannot hold', () => {
    const run = (list: NamedSeries[], o: ExportOptions) => () => [...exportChunks(list, o)];
    expect(run([], { format: 'csv' })).toThrow(/nothing to export/);
    expect(run([naive[0]!, aware[0]!], { format: 'csv' })).toThrow(/naive and tz-aware.*"temp" is naive, "a" is tz-aware/);
    expect(run(naive, { format: 'arrow', layout: 'long' })).toThrow(/long Arrow file has one value column.*mix numbers and text; use --layout wide/);
    expect(run(naive, { format: 'parquet', layout: 'long' })).toThrow(/long Parquet file has one value column.*mix numbers and text; use --layout wide/);
    expect(run([naive[0]!, naive[0]!], { format: 'csv' })).toThrow(/"temp" is named twice/);
    expect(run([{ ...naive[0]!, name: 'timestamp' }], { format: 'csv', layout: 'wide' })).toThrow(/clash with the time column/);
  });
});

describe('exportFile', () => {
  it('writes the file under its name (no temporary left) and parseFile reads it back', async () => {
    const t = tempDir();
    try {
      const res = await exportFile(join(t.dir, 'out.arrow'), naive, { format: 'arrow' });
      expect(readdirSync(t.dir)).toEqual(['out.arrow']);
      expect(res.bytes).toBe(readFileSync(res.path).byteLength);
      const r = await parseFile(res.path);
      expect(r.summary.format).toBe('arrow');
      expect(plain(r.series)).toEqual(plain(naive));
    } finally {
      t.cleanup();
    }
  });

  it('creates no file when the export fails', async () => {
    const t = tempDir();
    try {
      await expect(exportFile(join(t.dir, 'out.parquet'), naive, { format: 'parquet', layout: 'long' })).rejects.toMatchObject({ code: 'value_type_mismatch' });
      await expect(exportFile(join(t.dir, 'out.csv'), [naive[0]!, aware[0]!])).rejects.toMatchObject({ code: 'tz_mismatch' });
      expect(readdirSync(t.dir)).toEqual([]);
      const ac = new AbortController();
      ac.abort();
      await expect(exportFile(join(t.dir, 'c.csv'), naive, { signal: ac.signal })).rejects.toMatchObject({ code: 'cancelled' });
      expect(existsSync(join(t.dir, 'c.csv'))).toBe(false);
      expect(readdirSync(t.dir)).toEqual([]);
    } finally {
      t.cleanup();
    }
  });
});
