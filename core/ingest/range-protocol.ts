import type { RangePlace, RangeResult } from './csv-range.js';
import type { CsvPlan } from './detect.js';
import type { IngestOptions } from './types.js';

/** A byte range of a CSV file for a range worker to parse (see csv-parallel.ts). */
export interface RangeJob {
  id: number;
  path: string;
  start: number;
  end: number;
  /** Bytes per read. */
  chunkBytes: number;
  plan: CsvPlan;
  /** Only the plain-data options (no callbacks, no signal). */
  opts: IngestOptions;
  place: RangePlace;
}

export type RangeReply =
  | { id: number; progress: { bytes: number; rows: number } }
  | { id: number; result: RangeResult }
  | { id: number; error: { message: string; code: string } };
