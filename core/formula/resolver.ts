import type { TimeSeries } from '../series/series.js';
import { sliceSeries } from '../series/series.js';

/** What a formula asks of its inputs: the revision (as-of insertion date) and the value-date window (µs). */
export interface SeriesQuery {
  revisionDate?: number | null;
  from?: number | null;
  to?: number | null;
}

/**
 * Where the evaluator reads series from. The store implements it (primary series read from SQLite,
 * formula series evaluated recursively with the same query); tests and benchmarks use MemoryResolver.
 * `get` returns undefined for a series that does not exist. Results may be sync or async.
 */
export interface SeriesResolver {
  get(name: string, query: SeriesQuery): Promise<TimeSeries | undefined> | TimeSeries | undefined;
  /** Optional existence test used by the checker to flag unknown series before evaluation. */
  exists?(name: string): Promise<boolean> | boolean;
}

/** One version of a series: its state from `insertionDate` (µs) on. */
export interface MemoryVersion {
  insertionDate: number;
  series: TimeSeries;
}

/** In-memory series, optionally with versions, for tests, benchmarks and previews. */
export class MemoryResolver implements SeriesResolver {
  private readonly data = new Map<string, MemoryVersion[]>();

  constructor(series: Record<string, TimeSeries> = {}) {
    for (const [name, s] of Object.entries(series)) this.set(name, s);
  }

  /** Sets the (only) state of a series. */
  set(name: string, series: TimeSeries): this {
    this.data.set(name, [{ insertionDate: -Infinity, series }]);
    return this;
  }

  /** Adds a version; versions must be added in insertion-date order. */
  addVersion(name: string, insertionDate: number, series: TimeSeries): this {
    const list = this.data.get(name) ?? [];
    list.push({ insertionDate, series });
    this.data.set(name, list);
    return this;
  }

  /** Insertion dates of a series' versions (empty for unversioned or unknown series). */
  insertionDates(name: string): number[] {
    return (this.data.get(name) ?? []).map((v) => v.insertionDate).filter((d) => Number.isFinite(d));
  }

  exists(name: string): boolean {
    return this.data.has(name);
  }

  get(name: string, query: SeriesQuery): TimeSeries | undefined {
    const versions = this.data.get(name);
    if (!versions) return undefined;
    let pick: MemoryVersion | undefined;
    for (const v of versions) {
      if (query.revisionDate != null && v.insertionDate > query.revisionDate) break;
      pick = v;
    }
    const first = versions[0]!.series;
    if (!pick) return { tzaware: first.tzaware, valueType: first.valueType, times: new Float64Array(0), values: first.valueType === 'float64' ? new Float64Array(0) : [] };
    return sliceSeries(pick.series, query.from, query.to);
  }
}
