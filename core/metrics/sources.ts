import { formulaText, readSeries, seriesInfo } from '../store/formulas.js';
import { attachedSources, sourceFor } from '../store/sources.js';
import type { Store } from '../store/store.js';
import type { SeriesInfo } from '../store/types.js';
import { StrataError } from '../base/errors.js';
import { listTags, type MetricRow, type Tag } from './tags.js';
import { localColumn, sampleGrid, type SampledMetrics } from './sample.js';

/**
 * Tags, metrics and samples over every series a store can read: its own and those of attached sources
 * (the tags of PostgreSQL connections, `<connection>/<tag>`), whose work is pushed down to their server.
 * The synchronous functions in tags.ts / sample.ts remain for stored series alone.
 */

/** Stored tags and every source's, with at least one point in [from, to) (every tag without a window). */
export async function listAllTags(store: Store, from: number | null = null, to: number | null = null): Promise<Tag[]> {
  const out = listTags(store, from, to);
  const windowed = from !== null || to !== null;
  for (const src of attachedSources(store)) {
    for (const info of await src.list()) {
      if (windowed && !(await src.hasPointsIn(info.name, from, to))) continue;
      // A remote tag's birth is the server's birth_at when it has one, else its first point.
      const birth = typeof info.metadata.birth_at === 'string' ? info.createdAt : info.first;
      out.push({ name: info.name, tzaware: info.tzaware, birthAt: birth, deathAt: info.deathAt });
    }
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Long-format rows like metricRows, for stored, formula and remote tags alike (all when none are named). */
export async function allMetricRows(store: Store, tags: string[] | null, from: number | null = null, to: number | null = null): Promise<MetricRow[]> {
  const names = tags ?? (await listAllTags(store)).map((t) => t.name);
  const rows: MetricRow[] = [];
  for (const name of names) {
    const s = await readSeries(store, name, { from, to: to === null ? null : to - 1 });
    for (let i = 0; i < s.times.length; i++) {
      const v = s.values[i];
      rows.push({ tagName: name, time: s.times[i]!, value: typeof v === 'number' && Number.isNaN(v) ? null : (v ?? null), tzaware: s.tzaware });
    }
  }
  rows.sort((a, b) => a.time - b.time || (a.tagName < b.tagName ? -1 : a.tagName > b.tagName ? 1 : 0));
  return rows;
}

/**
 * sampleMetrics over stored and remote tags: the same grid for all; a remote tag's column is computed
 * on its server (time-weighted LOCF averages in SQL).
 */
export async function sampleAllMetrics(store: Store, tags: string[] | null, bucket: number, from: number | null = null, to: number | null = null): Promise<SampledMetrics> {
  if (!(bucket > 0)) throw new StrataError('bad_duration', `--bucket must be a positive duration`);
  const names = tags ?? (await listAllTags(store)).map((t) => t.name);
  const infos: SeriesInfo[] = [];
  for (const n of names) {
    if (!sourceFor(store, n) && formulaText(store, n) !== undefined) throw new StrataError('formula_series', `${JSON.stringify(n)} is a formula series: metrics sample reads stored and remote tags`);
    infos.push(await seriesInfo(store, n));
  }
  const g = sampleGrid(infos, bucket, from, to);
  if (!g) return { bucket, tzaware: infos[0]?.tzaware ?? true, times: new Float64Array(0), columns: Object.fromEntries(names.map((n) => [n, new Float64Array(0)])) };
  const columns: SampledMetrics['columns'] = {};
  for (const info of infos) {
    const src = sourceFor(store, info.name);
    if (!src) columns[info.name] = localColumn(store, info, g);
    else if (src.locfSample) columns[info.name] = await src.locfSample(info.name, g);
    else throw new StrataError('unsupported', `${JSON.stringify(info.name)}: its source cannot sample`);
  }
  return { bucket, tzaware: g.tzaware, times: g.times, columns };
}
