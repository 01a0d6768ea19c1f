import { BIN_FIELDS, Bins, ColumnBuilder, binPoints, coarsenBins } from '../series/envelope.js';
import { lowerBound, upperBound } from '../series/series.js';
import type { ManifestEntry } from './manifest.js';

/**
 * Points per bin of the envelope levels stored with each float chunk (table chunk_envelope), finest
 * first. Each is 8 times the one before, so the level a query picks holds between 2 and 16 bins per pixel
 * column: a chart of any zoom reads at most ~16 × width bins, whatever the series' length.
 */
export const ENVELOPE_LEVELS = [64, 512, 4096, 32768] as const;

export interface Points {
  times: Float64Array;
  values: Float64Array;
}

export interface ChartSource {
  entries: ManifestEntry[];
  /** The points of one chunk. */
  readPoints(entry: ManifestEntry): Points;
  /** The points [start, end) of one chunk, by index (without decoding the rest of it). */
  readRange(entry: ManifestEntry, start: number, end: number): Points;
  /** The stored bins at level index `level` of each chunk, in the order given; null where a chunk has none. */
  readBins(entries: ManifestEntry[], level: number): (Float64Array | null)[];
}

export type ChartData = { mode: 'raw'; times: Float64Array; values: Float64Array } | { mode: 'columns'; count: number; binSize: number; columns: Bins };

/**
 * The chart data of a window for `width` pixel columns: raw points when there are at most 4 per column,
 * else one exact summary per column. Each chunk wholly inside the window contributes the bins of the
 * coarsest stored level that gives it at least two bins per column over its own time span (so dense and
 * sparse stretches each get their resolution), or its points when even the finest is too coarse; a chunk
 * cut by the window's edges contributes its 64-point bins inside the window plus the points of the (at
 * most two) bins the edges cut. A bin wider than one column (sampling uneven inside a chunk) is replaced
 * by its points, within a budget of points per query. Every point of the window is in exactly one column,
 * each column spans less than two columns' time (unless the budget ran out), and each column's extremes
 * are drawn at their true times: no spike is ever hidden.
 */
export function chartData(src: ChartSource, from: number | null, to: number | null, width: number): ChartData {
  const lo = from ?? -Infinity;
  const hi = to ?? Infinity;
  const entries = src.entries.filter((e) => e.last >= lo && e.first <= hi);
  // Chunks cut by the window's edges (at most two): where exactly the window starts and ends in them.
  const edges = new Map<ManifestEntry, Edge>();
  let count = 0;
  for (const e of entries) {
    if (e.first >= lo && e.last <= hi) count += e.count;
    else {
      const edge = cutChunk(src, e, lo, hi);
      edges.set(e, edge);
      count += edge.end - edge.start;
    }
  }
  if (count <= 4 * width) {
    const times = new Float64Array(count);
    const values = new Float64Array(count);
    let pos = 0;
    for (const e of entries) {
      const edge = edges.get(e);
      const pts = edge ? edge.points(edge.start, edge.end) : src.readPoints(e);
      times.set(pts.times, pos);
      values.set(pts.values, pos);
      pos += pts.times.length;
    }
    return { mode: 'raw', times, values };
  }
  const columns = new ColumnBuilder(from ?? entries[0]!.first, to ?? entries[entries.length - 1]!.last, width);
  // Each whole chunk's level, from its points per column; one query per level for their bins.
  const levels = new Int8Array(entries.length);
  const byLevel: number[][] = ENVELOPE_LEVELS.map(() => []);
  entries.forEach((e, i) => {
    if (edges.has(e)) return;
    const k = levelFor(e.count, columns.columnsIn(e.first, e.last));
    levels[i] = k;
    if (k >= 0) byLevel[k]!.push(i);
  });
  const bins: (Float64Array | null)[] = new Array(entries.length).fill(null);
  byLevel.forEach((idx, k) => {
    if (idx.length) src.readBins(idx.map((i) => entries[i]!), k).forEach((b, j) => (bins[idx[j]!] = b));
  });
  // Points that may replace bins wider than a column (at least one chunk's worth).
  const budget = { points: Math.max(65_536, 128 * width) };
  let binSize = 1;
  entries.forEach((e, i) => {
    const edge = edges.get(e);
    if (edge) {
      if (edge.addTo(columns, budget)) binSize = Math.max(binSize, ENVELOPE_LEVELS[0]);
      return;
    }
    const b = bins[i];
    if (b) {
      const size = ENVELOPE_LEVELS[levels[i]!]!;
      addBinsOrPoints(columns, b, 0, b.length / BIN_FIELDS, size, e.count, (s, t) => src.readRange(e, s, t), budget);
      binSize = Math.max(binSize, size);
    } else {
      const pts = src.readPoints(e);
      columns.addPoints(pts.times, pts.values);
    }
  });
  return { mode: 'columns', count, binSize, columns: columns.columns() };
}

/**
 * Adds bins [b0, b1) of a chunk (bins of `size` points from its start; `count` points in all), except
 * that runs of bins wider than one column are added as their points, while `budget` lasts.
 */
function addBinsOrPoints(
  columns: ColumnBuilder,
  bins: Float64Array,
  b0: number,
  b1: number,
  size: number,
  count: number,
  points: (start: number, end: number) => Points,
  budget: { points: number },
): void {
  // A bin is wide when it spans more than one column's time (compared without a call per bin).
  const colSpan = 1 / columns.columnsIn(0, 1);
  let anyWide = false;
  for (let j = b0; j < b1 && !anyWide; j++) anyWide = bins[j * BIN_FIELDS + 1]! - bins[j * BIN_FIELDS]! > colSpan;
  if (!anyWide || budget.points < size) {
    columns.addBins(bins, b0, b1);
    return;
  }
  const wide = (j: number) => budget.points >= size && bins[j * BIN_FIELDS + 1]! - bins[j * BIN_FIELDS]! > colSpan;
  let j = b0;
  while (j < b1) {
    let k = j;
    while (k < b1 && !wide(k)) k++;
    if (k > j) columns.addBins(bins, j, k);
    if (k === b1) break;
    // A run of wide bins, as points.
    let m = k;
    while (m < b1 && wide(m)) {
      budget.points -= size;
      m++;
    }
    const p = points(k * size, Math.min(count, m * size));
    columns.addPoints(p.times, p.values);
    j = m;
  }
}

/** A chunk cut by the window: its points [start, end) are in the window. */
interface Edge {
  start: number;
  end: number;
  points(start: number, end: number): Points;
  /** Adds the chunk's part of the window: its 64-point bins where they are fine enough, points elsewhere. Whether bins were used. */
  addTo(columns: ColumnBuilder, budget: { points: number }): boolean;
}

/**
 * Where the window [lo, hi] starts and ends in a chunk, exactly: located with the chunk's 64-point bins,
 * then in the points of the one bin each edge falls in (so a cut chunk is never decoded whole).
 */
function cutChunk(src: ChartSource, e: ManifestEntry, lo: number, hi: number): Edge {
  const bins = src.readBins([e], 0)[0] ?? null;
  if (!bins) {
    const all = src.readPoints(e);
    const start = lowerBound(all.times, lo);
    const end = upperBound(all.times, hi);
    const points = (s: number, t: number) => ({ times: all.times.subarray(s, t), values: all.values.subarray(s, t) });
    return {
      start,
      end,
      points,
      addTo: (c) => {
        c.addPoints(all.times, all.values, start, end);
        return false;
      },
    };
  }
  const size = ENVELOPE_LEVELS[0];
  const n = bins.length / BIN_FIELDS;
  // Points of single bins, fetched once each.
  const fetched = new Map<number, Points>();
  const binPointsOf = (k: number) => {
    let p = fetched.get(k);
    if (!p) fetched.set(k, (p = src.readRange(e, k * size, Math.min(e.count, (k + 1) * size))));
    return p;
  };
  // First bin ending at or after lo, last bin starting at or before hi.
  let k0 = 0;
  while (k0 < n && bins[k0 * BIN_FIELDS + 1]! < lo) k0++;
  let k1 = n - 1;
  while (k1 >= 0 && bins[k1 * BIN_FIELDS]! > hi) k1--;
  let start: number;
  let end: number;
  if (k0 > k1) start = end = k0 * size; // the window falls between two points of the chunk
  else {
    start = bins[k0 * BIN_FIELDS]! >= lo ? k0 * size : k0 * size + lowerBound(binPointsOf(k0).times, lo);
    end = bins[k1 * BIN_FIELDS + 1]! <= hi ? Math.min(e.count, (k1 + 1) * size) : k1 * size + upperBound(binPointsOf(k1).times, hi);
  }
  const points = (s: number, t: number): Points => {
    if (t <= s) return { times: new Float64Array(0), values: new Float64Array(0) };
    const k = Math.floor(s / size);
    if (Math.floor((t - 1) / size) === k && fetched.has(k)) {
      const p = fetched.get(k)!;
      return { times: p.times.subarray(s - k * size, t - k * size), values: p.values.subarray(s - k * size, t - k * size) };
    }
    return src.readRange(e, s, t);
  };
  const addTo = (columns: ColumnBuilder, budget: { points: number }) => {
    // Whole bins inside [start, end): from the first bin boundary at or after start to the last at or before end.
    const b0 = Math.ceil(start / size);
    const b1 = end === e.count ? n : Math.floor(end / size);
    const fine = b0 < b1 && levelFor((b1 - b0) * size, columns.columnsIn(bins[b0 * BIN_FIELDS]!, bins[(b1 - 1) * BIN_FIELDS + 1]!)) >= 0;
    if (!fine) {
      const p = points(start, end);
      columns.addPoints(p.times, p.values);
      return false;
    }
    const head = points(start, b0 * size);
    columns.addPoints(head.times, head.values);
    addBinsOrPoints(columns, bins, b0, b1, size, e.count, points, budget);
    const tail = points(Math.min(end, b1 * size), end);
    columns.addPoints(tail.times, tail.values);
    return true;
  };
  return { start, end, points, addTo };
}

/** Index of the coarsest level with at least two bins per column for `count` points over `columns` columns, or -1 (use points). */
export function levelFor(count: number, columns: number): number {
  for (let k = ENVELOPE_LEVELS.length - 1; k >= 0; k--) if (count >= 2 * columns * ENVELOPE_LEVELS[k]!) return k;
  return -1;
}

/** The envelope levels of a chunk's points [start, end), in ENVELOPE_LEVELS order. */
export function buildEnvelopes(times: Float64Array, values: Float64Array, start: number, end: number): Float64Array[] {
  const out = [binPoints(times, values, start, end, ENVELOPE_LEVELS[0]).packed()];
  for (let k = 1; k < ENVELOPE_LEVELS.length; k++) out.push(coarsenBins(out[k - 1]!, ENVELOPE_LEVELS[k]! / ENVELOPE_LEVELS[k - 1]!));
  return out;
}
