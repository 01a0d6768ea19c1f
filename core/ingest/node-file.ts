import { createReadStream, createWriteStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { once } from 'node:events';
import { StrataError } from '../base/errors.js';
import { parseCsv } from './csv.js';
import { parseCsvFileParallel } from './csv-parallel.js';
import { sampleCsv, type SampleOptions } from './sample.js';
import type { IngestOptions, IngestResult } from './types.js';

/** The absolute form of a path (recorded as the source of imported revisions). */
export function absolutePath(path: string): string {
  return resolve(path);
}

/** The file's bytes as a stream of chunks (1 MiB by default), never the whole file. */
export async function* fileChunks(path: string, chunkSize = 1 << 20): AsyncGenerator<Uint8Array> {
  const stream = createReadStream(path, { highWaterMark: chunkSize });
  try {
    for await (const chunk of stream) yield chunk as Buffer;
  } finally {
    stream.destroy();
  }
}

/**
 * The file's bytes in chunks read into two alternating buffers, the next read running while the consumer
 * works on the current chunk. A chunk is valid until the next one is asked for: only for consumers that
 * copy what they keep (the CSV parser does), and it spares a fresh 1 MiB buffer per chunk.
 */
export async function* fileChunksReusing(path: string, chunkSize = 1 << 20): AsyncGenerator<Uint8Array> {
  const fh = await open(path, 'r');
  let pending: Promise<{ bytesRead: number }> | null = null;
  try {
    const bufs = [Buffer.allocUnsafe(chunkSize), Buffer.allocUnsafe(chunkSize)];
    let k = 0;
    pending = fh.read(bufs[0]!, 0, chunkSize, null);
    for (;;) {
      const { bytesRead } = await pending;
      pending = null;
      if (bytesRead === 0) return;
      const cur = bufs[k]!;
      k ^= 1;
      pending = fh.read(bufs[k]!, 0, chunkSize, null);
      yield cur.subarray(0, bytesRead);
    }
  } finally {
    await pending?.catch(() => undefined);
    await fh.close();
  }
}

/** What a file holds, from its magic bytes. */
export async function sniffFileFormat(path: string): Promise<'arrow' | 'parquet' | 'csv'> {
  const fh = await open(path, 'r');
  try {
    const head = new Uint8Array(8);
    const { bytesRead } = await fh.read(head, 0, 8, 0);
    const text = String.fromCharCode(...head.subarray(0, bytesRead));
    if (text.startsWith('PAR1')) return 'parquet';
    if (text.startsWith('ARROW1')) return 'arrow';
    if (bytesRead >= 4 && head[0] === 0xff && head[1] === 0xff && head[2] === 0xff && head[3] === 0xff) return 'arrow';
    return 'csv';
  } finally {
    await fh.close();
  }
}

/** Parses a file of any supported format (`format: auto` sniffs it) into series and a summary. */
export async function parseFile(path: string, opts: IngestOptions = {}): Promise<IngestResult> {
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch (err) {
    throw new StrataError('io', `cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, { path });
  }
  const o: IngestOptions = { ...opts, totalBytes: opts.totalBytes ?? size };
  const format = !opts.format || opts.format === 'auto' ? await sniffFileFormat(path) : opts.format;
  // The Arrow and Parquet readers (and their libraries) load only for such files: a CSV import, the
  // common case, does not wait for them.
  if (format === 'parquet') {
    const [{ parseParquet }, { asyncBufferFromFile }] = await Promise.all([import('./parquet.js'), import('hyparquet')]);
    return parseParquet(await asyncBufferFromFile(path), o);
  }
  if (format === 'arrow') {
    const { parseArrow } = await import('./arrow.js');
    const fh = await open(path, 'r');
    try {
      // the file format has a footer: random access reads one batch at a time
      const magic = new Uint8Array(6);
      await fh.read(magic, 0, 6, 0);
      const isFile = String.fromCharCode(...magic) === 'ARROW1';
      return await parseArrow(isFile ? fh : fileChunks(path), o);
    } finally {
      await fh.close().catch(() => undefined);
    }
  }
  const csvOpts = o.format === 'auto' ? { ...o, format: undefined } : o;
  return (await parseCsvFileParallel(path, size, csvOpts)) ?? parseCsv(fileChunksReusing(path), csvOpts);
}

/** Writes `strata sample` output to a file, streaming; returns the rows and bytes written. */
export async function writeSampleFile(path: string, opts: SampleOptions = {}): Promise<{ rows: number; bytes: number; path: string }> {
  const out = createWriteStream(path);
  let bytes = 0;
  let lines = 0;
  try {
    for (const chunk of sampleCsv(opts)) {
      bytes += chunk.length;
      for (let i = 0; i < chunk.length; i++) if (chunk[i] === 0x0a) lines++;
      if (!out.write(chunk)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');
  } catch (err) {
    out.destroy();
    throw new StrataError('io', `cannot write ${path}: ${(err as Error).message}`, { path });
  }
  return { rows: lines - 1, bytes, path: resolve(path) };
}
