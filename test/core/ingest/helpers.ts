import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseTimestamp } from '../../../core/series/time.js';
import { parseCsv } from '../../../core/ingest/csv.js';
import type { IngestOptions, IngestResult } from '../../../core/ingest/types.js';

export const FIXTURES = fileURLToPath(new URL('../../fixtures/ingest/', import.meta.url));

export function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(FIXTURES + name));
}

/** The bytes as an async iterable of chunks of `size` bytes. */
export async function* chunked(bytes: Uint8Array, size = 65536): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.slice(i, i + size);
}

export function parseText(text: string | Uint8Array, opts: IngestOptions = {}, size = 65536): Promise<IngestResult> {
  const bytes = typeof text === 'string' ? new TextEncoder().encode(text) : text;
  return parseCsv(chunked(bytes, size), opts);
}

/** A result as plain data (typed arrays to arrays), to compare results with toEqual. */
export function plain(r: IngestResult): unknown {
  return {
    summary: r.summary,
    series: r.series.map((s) => ({ name: s.name, tz: s.series.tzaware, type: s.series.valueType, times: [...s.series.times], values: [...s.series.values] })),
  };
}

/** µs of an ISO text (naive or with zone), exact to the microsecond. */
export const T = (iso: string): number => parseTimestamp(iso).us;
