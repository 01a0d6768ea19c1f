import type { BuilderParts } from './builder.js';
import { csvReader } from './csv.js';
import type { CsvPlan } from './detect.js';
import { RejectLog } from './rejects.js';
import type { IngestOptions, Reject } from './types.js';

/** Where a byte range lies in its file. */
export interface RangePlace {
  /** The range starts the file's text (after any BOM): the header, when the plan has one, is its first line. */
  first: boolean;
  /** The range ends the file: a last line without a line break is a record. */
  last: boolean;
  /** The range's size in bytes (sizes the builders). */
  bytes: number;
}

/** What one byte range of a CSV file holds, with line numbers counted from the range's first line. */
export interface RangeResult {
  /** The range ended exactly at a record boundary (always true for the last range). */
  clean: boolean;
  /** Line breaks in the range: the next range's first line is this many lines further. */
  breaks: number;
  rows: number;
  accepted: number;
  /** The first `maxRejects` rejects of the range (lines relative to it), and how many there were. */
  rejects: Reject[];
  rejectCount: number;
  /** One per series met in the range, in order of first appearance. */
  builders: BuilderParts[];
}

/**
 * Parses one byte range of a CSV file of a known dialect, as if the whole file were read and this range's
 * first byte started a record. csv-parallel.ts checks that it did (the range before it ended `clean`) and
 * joins the ranges. `opts` must not hold `valueTypeOf` (the series' stored types are checked when joining).
 */
export async function parseCsvRange(
  source: AsyncIterable<Uint8Array>,
  plan: CsvPlan,
  opts: IngestOptions,
  place: RangePlace,
  onChunk?: (bytes: number, rows: number) => void,
): Promise<RangeResult> {
  const rejects = new RejectLog(opts.maxRejects);
  const { sink, tok } = csvReader(plan, opts, rejects, place.bytes);
  if (!place.first) sink.headerPending = false;
  let bytes = 0;
  for await (const chunk of source) {
    tok.push(chunk);
    bytes += chunk.length;
    onChunk?.(bytes, sink.rows);
  }
  const clean = place.last || tok.clean();
  if (place.last) tok.end();
  return {
    clean,
    breaks: tok.breaks,
    rows: sink.rows,
    accepted: sink.accepted,
    rejects: rejects.list,
    rejectCount: rejects.count,
    builders: [...sink.builders.values()].map((b) => b.parts()),
  };
}
