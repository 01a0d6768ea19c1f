import { BIN_FIELDS, Bins, binPoints, binsToColumns } from '../series/envelope.js';
import { lowerBound, upperBound } from '../series/series.js';
import type { ManifestEntry } from './manifest.js';

/** Points per bin of the two envelope levels stored with each chunk. */
export const ENVELOPE_LEVELS = [64, 4096] as const;

export interface ChartSource {
  tzaware: boolean;
  entries: ManifestEntry[];
  readPoints(entries: ManifestEntry[]): { times: Float64Array; values: Float64Array };
  /** The stored bins of a chunk at a level index (0: 64 points, 1: 4,096), or null when absent. */
  readBins(entry: ManifestEntry, level: number): Float64Array | null;
}

export type ChartData =
  | { mode: 'raw'; times: Float64Array; values: Float64Array }
  | { mode: 'columns'; count: number; binSize: number; columns: Bins };

/**
 * The chart data of a window for `width` pixel columns: raw points when there are at most 4 per column,
 * else one exact summary per column built from the coarsest stored bins that still give at least two
 * bins per column. Chunks cut by the window's edges, and chunks without stored bins, are summarised
 * from their raw points, so every column is exact.
 */
export function chartData(src: ChartSource, from: number | null, to: number | null, width: number): ChartData {
  const lo = from ?? -Infinity;
  const hi = to ?? Infinity;
  const entries = src.entries.filter((e) => e.last >= lo && e.first <= hi);
  // Chunks cut by the window's edges are read raw (for exactness), which also makes the count exact.
  const partial = new Map<ManifestEntry, { times: Float64Array; values: Float64Array }>();
  let count = 0;
  for (const e of entries) {
    if (e.first >= lo && e.last <= hi) count += e.count;
    else {
      const pts = cut(src.readPoints([e]), lo, hi);
      partial.set(e, pts);
      count += pts.times.length;
    }
  }
  const rawLimit = 4 * width;
  if (count <= rawLimit) {
    const times = new Float64Array(count);
    const values = new Float64Array(count);
    let pos = 0;
    for (const e of entries) {
      const pts = partial.get(e) ?? src.readPoints([e]);
      times.set(pts.times, pos);
      values.set(pts.values, pos);
      pos += pts.times.length;
    }
    return { mode: 'raw', times, values };
  }
  const perColumn = count / width;
  let level = -1;
  for (let k = ENVELOPE_LEVELS.length - 1; k >= 0; k--) {
    if (perColumn >= 2 * ENVELOPE_LEVELS[k]!) {
      level = k;
      break;
    }
  }
  const binSize = level < 0 ? 1 : ENVELOPE_LEVELS[level]!;
  const bins = new Bins(Math.ceil(count / binSize) + entries.length);
  for (const e of entries) {
    const cutPts = partial.get(e);
    const stored = !cutPts && level >= 0 ? src.readBins(e, level) : null;
    if (stored) {
      const b = Bins.from(stored);
      for (let k = 0; k < b.length; k++) bins.pushFrom(b, k);
    } else {
      const pts = cutPts ?? src.readPoints([e]);
      binPoints(pts.times, pts.values, 0, pts.times.length, binSize, bins);
    }
  }
  const first = bins.data[0]!;
  const last = bins.data[(bins.length - 1) * BIN_FIELDS + 1]!;
  const columns = binsToColumns(bins, from ?? first, to ?? last, width);
  return { mode: 'columns', count, binSize, columns };
}

function cut(p: { times: Float64Array; values: Float64Array }, lo: number, hi: number) {
  const s = lowerBound(p.times, lo);
  const e = upperBound(p.times, hi);
  return { times: p.times.subarray(s, e), values: p.values.subarray(s, e) };
}

/** The stored envelope levels of a chunk's points. */
export function buildEnvelopes(times: Float64Array, values: Float64Array, start: number, end: number): Buffer[] {
  return ENVELOPE_LEVELS.map((size) => {
    const packed = binPoints(times, values, start, end, size).packed();
    return Buffer.from(packed.buffer, packed.byteOffset, packed.byteLength);
  });
}
