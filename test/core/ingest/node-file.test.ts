import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Float64, Table, tableToIPC, Utf8, vectorFromArray } from 'apache-arrow';
import { afterAll, describe, expect, it } from 'vitest';
import { fileChunks, fileChunksReusing, parseFile, sniffFileFormat, writeSampleFile } from '../../../core/ingest/node-file.js';
import { FIXTURES, T } from './helpers.js';
import { writeParquet } from './parquet-writer.js';

const dir = mkdtempSync(join(tmpdir(), 'strata-node-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const arrowTable = (): Table =>
  new Table({ time: vectorFromArray(['2024-01-01T00:00:00Z', '2024-01-01T00:00:01Z'], new Utf8()), x: vectorFromArray([1, 2], new Float64()) });

describe('node-file', () => {
  it('fileChunksReusing yields the file in order, each chunk valid until the next is asked for', async () => {
    const p = join(dir, 'bytes.bin');
    const bytes = Uint8Array.from({ length: 10_000 }, (_, i) => (i * 7) & 0xff);
    writeFileSync(p, bytes);
    for (const size of [1, 999, 4096, 1 << 20]) {
      const got: number[] = [];
      let chunks = 0;
      for await (const c of fileChunksReusing(p, size)) {
        chunks++;
        expect(c.length).toBeLessThanOrEqual(size);
        for (const b of c) got.push(b);
      }
      expect(chunks).toBe(Math.ceil(bytes.length / size));
      expect(got).toEqual([...bytes]);
    }
    // stopping early closes the file (no error, nothing left pending)
    for await (const c of fileChunksReusing(p, 100)) {
      expect(c.length).toBe(100);
      break;
    }
  });

  it('sniffs the format from magic bytes', async () => {
    const pq = join(dir, 'a.bin');
    writeFileSync(pq, writeParquet([{ name: 'v', kind: 'double', values: [1] }]));
    const af = join(dir, 'b.bin');
    writeFileSync(af, tableToIPC(arrowTable(), 'file'));
    const as = join(dir, 'c.bin');
    writeFileSync(as, tableToIPC(arrowTable(), 'stream'));
    expect(await sniffFileFormat(pq)).toBe('parquet');
    expect(await sniffFileFormat(af)).toBe('arrow');
    expect(await sniffFileFormat(as)).toBe('arrow');
    expect(await sniffFileFormat(FIXTURES + 'long-basic.csv')).toBe('csv');
  });

  it.each(['file', 'stream'] as const)('parses an Arrow IPC %s from disk with format auto', async (fmt) => {
    const p = join(dir, `t.${fmt}.arrow`);
    writeFileSync(p, tableToIPC(arrowTable(), fmt));
    const r = await parseFile(p, { format: 'auto' });
    expect(r.summary.format).toBe('arrow');
    expect([...r.series[0]!.series.times]).toEqual([T('2024-01-01T00:00:00Z'), T('2024-01-01T00:00:01Z')]);
  });

  it('parses Parquet and CSV from disk, reporting total bytes to progress', async () => {
    const p = join(dir, 't.parquet');
    writeFileSync(p, writeParquet([
      { name: 'timestamp', kind: 'timestamp', unit: 'MICROS', utc: true, values: [BigInt(T('2024-01-01T00:00:00Z'))] },
      { name: 'x', kind: 'double', values: [3] },
    ]));
    expect((await parseFile(p)).series[0]!.series.values[0]).toBe(3);
    const totals: (number | null)[] = [];
    const r = await parseFile(FIXTURES + 'long-basic.csv', { onProgress: (e) => totals.push(e.totalBytes) });
    expect(r.summary.accepted).toBe(4);
    expect(totals.at(-1)).toBe(r.summary.bytes);
  });

  it('fails with an io error on a missing file', async () => {
    await expect(parseFile(join(dir, 'nope.csv'))).rejects.toMatchObject({ code: 'io' });
  });

  it('streams a file in chunks and writes a deterministic sample file', async () => {
    const a = await writeSampleFile(join(dir, 's1.csv'), { channels: 2, seconds: 1, rate: 50, seed: 5 });
    const b = await writeSampleFile(join(dir, 's2.csv'), { channels: 2, seconds: 1, rate: 50, seed: 5 });
    expect(a.rows).toBe(100);
    const read = async (path: string): Promise<string> => {
      let s = '';
      for await (const c of fileChunks(path, 64)) {
        expect(c.length).toBeLessThanOrEqual(64);
        s += new TextDecoder().decode(c);
      }
      return s;
    };
    expect(await read(a.path)).toBe(await read(b.path));
    expect(a.bytes).toBe(b.bytes);
  });
});
