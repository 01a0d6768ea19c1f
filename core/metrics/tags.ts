import type { Store } from '../store/store.js';
import type { SeriesInfo } from '../store/types.js';
import type { TimeSeries } from '../series/series.js';

/** A tag in CVec's vocabulary: a series with its life span. */
export interface Tag {
  name: string;
  tzaware: boolean;
  /** First point of the series (µs), null when it has none. */
  birthAt: number | null;
  /** When the series was retired (µs), null while alive. */
  deathAt: number | null;
}

/** Tags with at least one point in [from, to); every tag when no window is given. */
export function listTags(store: Store, from: number | null = null, to: number | null = null): Tag[] {
  const all = store.list();
  const windowed = from !== null || to !== null;
  return all
    .filter((i) => !windowed || store.hasPointsIn(i.name, from, to))
    .map((i: SeriesInfo) => ({ name: i.name, tzaware: i.tzaware, birthAt: i.first, deathAt: i.deathAt }));
}

/** One row of long-format metric data. */
export interface MetricRow {
  tagName: string;
  time: number;
  value: number | string | null;
  tzaware: boolean;
}

/**
 * Long-format data (`tag_name, time, value`): one row per stored point of the chosen tags (all when none
 * are named) with from <= time < to, ordered by time, then tag name.
 */
export function metricRows(store: Store, tags: string[] | null, from: number | null = null, to: number | null = null): MetricRow[] {
  const names = tags ?? store.list().map((i) => i.name);
  const series: { name: string; s: TimeSeries }[] = names.map((name) => ({
    name,
    // Store windows are inclusive; timestamps are whole µs, so [from, to) is [from, to - 1].
    s: store.get(name, { from, to: to === null ? null : to - 1 }),
  }));
  const rows: MetricRow[] = [];
  for (const { name, s } of series) {
    for (let i = 0; i < s.times.length; i++) {
      const v = s.values[i];
      rows.push({ tagName: name, time: s.times[i]!, value: typeof v === 'number' && Number.isNaN(v) ? null : (v ?? null), tzaware: s.tzaware });
    }
  }
  rows.sort((a, b) => a.time - b.time || (a.tagName < b.tagName ? -1 : a.tagName > b.tagName ? 1 : 0));
  return rows;
}
