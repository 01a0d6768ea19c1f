import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fileRangeChunks } from '../../../core/ingest/file-range.js';

const dir = mkdtempSync(join(tmpdir(), 'strata-file-range-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function collect(it: AsyncIterable<Uint8Array>): Promise<string> {
  const parts: Buffer[] = [];
  for await (const c of it) parts.push(Buffer.from(c)); // a chunk is valid until the next is asked for
  return Buffer.concat(parts).toString('latin1');
}

describe('fileRangeChunks', () => {
  const path = join(dir, 'f.bin');
  const text = Array.from({ length: 5000 }, (_, i) => String.fromCharCode(97 + (i % 26))).join('');
  writeFileSync(path, text, 'latin1');

  it('yields exactly the bytes of [start, end) at any chunk size', async () => {
    for (const size of [1, 7, 64, 4096, 1 << 20]) {
      expect(await collect(fileRangeChunks(path, 0, text.length, size))).toBe(text);
      expect(await collect(fileRangeChunks(path, 123, 4321, size))).toBe(text.slice(123, 4321));
    }
    expect(await collect(fileRangeChunks(path, 10, 10))).toBe('');
  });

  it('says so when the file shrank while it was read, and refuses a range that is not one', async () => {
    const short = join(dir, 'short.bin');
    writeFileSync(short, text, 'latin1');
    truncateSync(short, 1000);
    await expect(collect(fileRangeChunks(short, 0, text.length, 256))).rejects.toMatchObject({ code: 'io', message: expect.stringMatching(/changed while it was read/) });
    await expect(collect(fileRangeChunks(path, 5, 2))).rejects.toMatchObject({ code: 'internal' });
    await expect(collect(fileRangeChunks(path, 0.5, 2))).rejects.toMatchObject({ code: 'internal' });
  });
});
