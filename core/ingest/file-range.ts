import { open } from 'node:fs/promises';
import { StrataError } from '../base/errors.js';

/**
 * The bytes [start, end) of a file in chunks read into two alternating buffers, the next read running
 * while the consumer works on the current chunk. A chunk is valid until the next one is asked for (the
 * CSV tokenizer copies what it keeps).
 */
export async function* fileRangeChunks(path: string, start: number, end: number, chunkSize = 1 << 20): AsyncGenerator<Uint8Array> {
  // (fs.read aborts the process on a position that is not an integer)
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || end < start) throw new StrataError('internal', `bad byte range [${start}, ${end}) of ${path}`);
  const fh = await open(path, 'r');
  let pending: Promise<{ bytesRead: number }> | null = null;
  try {
    const bufs = [Buffer.allocUnsafe(chunkSize), Buffer.allocUnsafe(chunkSize)];
    let k = 0;
    let pos = start;
    let asked = 0;
    const read = (buf: Buffer) => {
      const len = Math.min(chunkSize, end - pos);
      const p = len > 0 ? fh.read(buf, 0, len, pos) : Promise.resolve({ bytesRead: 0 });
      pos += len;
      asked = len;
      return p;
    };
    pending = read(bufs[0]!);
    for (;;) {
      const want = asked;
      const { bytesRead } = await pending;
      pending = null;
      if (bytesRead === 0 && want === 0) return;
      // a regular file reads in full up to its size: less means it shrank while being read
      if (bytesRead !== want) throw new StrataError('io', `${path} changed while it was read (${want} bytes asked at offset ${pos - want}, ${bytesRead} read)`, { path });
      const cur = bufs[k]!;
      k ^= 1;
      pending = read(bufs[k]!);
      yield cur.subarray(0, bytesRead);
    }
  } finally {
    await pending?.catch(() => undefined);
    await fh.close();
  }
}
