import { StrataError } from '../base/errors.js';
import type { Disposable } from '../base/disposable.js';
import type { TimeSeries } from '../series/series.js';
import type { Span } from '../spans/constant.js';
import type { ChartData } from './chart.js';
import type { Store } from './store.js';
import type { ReadOptions, SeriesInfo } from './types.js';

/**
 * Series that live outside the local store (core/remote: the tags of a PostgreSQL connection, named
 * `<connection>/<tag>`). Every place that reads a series by name asks `sourceFor(store, name)` first, so a
 * name owned by a source is read from it — points, charts, spans — and everything else from SQLite. Such
 * series are read-only and unversioned: they have no revisions, and a revision date reads their current
 * state.
 */
export interface SeriesSource {
  /** Whether `name` belongs to this source (cheap and synchronous: e.g. a known connection prefix). */
  owns(name: string): boolean;
  /** Every series of the source (what is known offline when the server cannot be reached). */
  list(): Promise<SeriesInfo[]>;
  /** What a series is; `unknown_series` when the source has no such series. */
  info(name: string): Promise<SeriesInfo>;
  /** Whether the source has the series (cheaper than `info`: no statistics). */
  exists(name: string): Promise<boolean>;
  /** Whether the series has a point with from <= t < to (null bounds open). */
  hasPointsIn(name: string, from: number | null, to: number | null): Promise<boolean>;
  /** Points with from <= t <= to (inclusive, as store reads). */
  get(name: string, opts: ReadOptions): Promise<TimeSeries>;
  /** Chart data for `width` pixel columns (raw points when few), as Store.chart gives it. */
  chart(name: string, opts: ReadOptions & { width: number }): Promise<ChartData & { tzaware: boolean }>;
  /** Constant-value spans of the points with from <= t < to, newest first (CVec semantics). */
  spans(name: string, from: number | null, to: number | null, limit: number | null): Promise<{ spans: Span[]; tzaware: boolean }>;
  /** The newest point with a timestamp before `t`, or null (carry-forward reads). */
  lastPointBefore(name: string, t: number): Promise<{ time: number; value: number | string | null } | null>;
  /** A token that changes whenever the series' data changes (what a cached workflow result is keyed on). */
  version(name: string): Promise<string>;
  /**
   * CVec `sample_metric_data` for one series on a grid of `nb` buckets of `width` µs from `b0` over
   * [lo, hi) (see core/metrics/sample.ts), computed where the data lives. Optional: without it the
   * points are read and sampled locally.
   */
  locfSample?(name: string, grid: { b0: number; width: number; nb: number; lo: number; hi: number }): Promise<Float64Array | (string | null)[]>;
  /** Notices since the last call (e.g. "server unreachable, answered from the cache"), for transports to pass on. */
  takeNotices?(): string[];
}

/** Every attached source's pending notices, joined (undefined when there are none). */
export function takeNotices(store: Store): string | undefined {
  const all = (registry.get(store) ?? []).flatMap((s) => s.takeNotices?.() ?? []);
  return all.length ? all.join('; ') : undefined;
}

const registry = new WeakMap<Store, SeriesSource[]>();

/** Makes `source` answer for the names it owns in `store`; disposing detaches it. */
export function attachSource(store: Store, source: SeriesSource): Disposable {
  const list = registry.get(store) ?? [];
  list.push(source);
  registry.set(store, list);
  return {
    dispose() {
      const l = registry.get(store);
      if (!l) return;
      const i = l.indexOf(source);
      if (i >= 0) l.splice(i, 1);
    },
  };
}

/** The source that owns `name`, or undefined for a local series (or when no source is attached). */
export function sourceFor(store: Store, name: string): SeriesSource | undefined {
  const list = registry.get(store);
  if (!list) return undefined;
  for (const s of list) if (s.owns(name)) return s;
  return undefined;
}

export function attachedSources(store: Store): readonly SeriesSource[] {
  return registry.get(store) ?? [];
}

/** The error for a write to a series that lives elsewhere. */
export function readOnlyRemote(name: string, connection: string): StrataError {
  return new StrataError('read_only_series', `${JSON.stringify(name)} is a series of connection ${JSON.stringify(connection)} and cannot be written (remote series are read-only)`, {
    name,
    connection,
  });
}
