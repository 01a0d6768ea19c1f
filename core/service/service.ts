import type { ApiArgs, ApiMethod } from '../protocol/contract.js';
import type { ApiResults, Envelope, SeriesSummary } from '../protocol/types.js';
import { Store } from '../store/store.js';
import { SCHEMA_VERSION } from '../store/migrations/index.js';
import type { SeriesInfo } from '../store/types.js';
import { listAllTags } from '../metrics/index.js';
import { readSeries, seriesInfo } from '../store/formulas.js';
import { readChart, readSpans } from '../store/reads.js';
import { attachedSources, takeNotices } from '../store/sources.js';
import { BIN_FIELDS } from '../series/envelope.js';
import { VERSION } from '../version.js';
import type { ApiEvent } from '../protocol/events.js';
import { ImportJobs } from './imports.js';

/** The engine's implementation of every contract method: one handler per method, typed by the contract. */
export type Handlers = { [M in ApiMethod]: (args: ApiArgs<M>) => ApiResults[M] | Promise<ApiResults[M]> };

export interface HandlerOptions {
  /** Where engine events go (import progress, store changes); dropped when absent. */
  emit?: (e: ApiEvent) => void;
  /** Minimum milliseconds between two import progress events. */
  progressIntervalMs?: number;
}

export function createHandlers(store: Store, opts: HandlerOptions = {}): Handlers {
  const imports = new ImportJobs(store, opts.emit ?? (() => {}), opts.progressIntervalMs);
  return {
    'app.info': () => ({ version: VERSION, storePath: store.path, schemaVersion: SCHEMA_VERSION }),
    // Stored series, then the tags of the store's connections (`<connection>/<tag>`, see core/remote).
    'series.list': async () => {
      const remote = [];
      for (const src of attachedSources(store)) remote.push(...(await src.list()));
      return [...store.list(), ...remote].map(summary);
    },
    'series.info': async ({ name }) => {
      const i = await seriesInfo(store, name);
      return { ...summary(i), metadata: i.metadata, createdAt: i.createdAt, deathAt: i.deathAt, lastInsertionDate: i.lastInsertionDate, revisions: i.revisions };
    },
    'series.get': async ({ name, revisionDate, from, to, maxPoints }) => {
      const s = await readSeries(store, name, { revisionDate: revisionDate ?? null, from: from ?? null, to: to ?? null });
      const notice = takeNotices(store);
      const n = maxPoints === undefined ? s.times.length : Math.min(maxPoints, s.times.length);
      return {
        name,
        tzaware: s.tzaware,
        valueType: s.valueType,
        times: Array.from(s.times.subarray(0, n)),
        values: jsonValues(s.values, n),
        truncated: n < s.times.length,
        ...(notice ? { notice } : {}),
      };
    },
    'series.insertionDates': ({ name }) => store.insertionDates(name),
    'series.history': ({ name, from, to, maxVersions }) => {
      const versions = store.history(name, { from: from ?? null, to: to ?? null });
      return versions.slice(-(maxVersions ?? 50)).map((v) => ({
        insertionDate: v.revision.insertionDate,
        author: v.revision.author,
        source: v.revision.source,
        times: Array.from(v.series.times),
        values: jsonValues(v.series.values, v.series.times.length),
      }));
    },
    'chart.envelope': ({ name, from, to, width, revisionDate }) => envelope(store, name, from ?? null, to ?? null, width, revisionDate ?? null),
    'spans.constant': async ({ name, from, to, limit }) => (await readSpans(store, name, from ?? null, to ?? null, limit ?? null)).spans,
    'tags.list': async ({ from, to }) => (await listAllTags(store, from ?? null, to ?? null)).map((t) => ({ name: t.name, birthAt: t.birthAt, deathAt: t.deathAt })),
    'import.start': (args) => imports.start(args),
    'import.status': ({ jobId }) => imports.status(jobId),
    'import.cancel': ({ jobId }) => imports.cancel(jobId),
  };
}

function summary(i: SeriesInfo): SeriesSummary {
  return { name: i.name, kind: i.kind, valueType: i.valueType, tzaware: i.tzaware, unit: i.unit, count: i.count, first: i.first, last: i.last };
}

function jsonValues(values: Float64Array | (string | null)[], n: number): (number | string | null)[] {
  const out: (number | string | null)[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    out[i] = typeof v === 'number' && Number.isNaN(v) ? null : (v ?? null);
  }
  return out;
}

async function envelope(store: Store, name: string, from: number | null, to: number | null, width: number, revisionDate: number | null): Promise<Envelope> {
  // Stored envelopes, or a connection's tag summarised on its server (O(width) rows cross the network).
  const d = await readChart(store, name, { from, to, width, revisionDate });
  const notice = takeNotices(store);
  const extra = notice ? { notice } : {};
  if (d.mode === 'raw') return { mode: 'raw', name, tzaware: d.tzaware, from, to, times: Array.from(d.times), values: Array.from(d.values), ...extra };
  const c = d.columns;
  const col = (f: number) => Array.from({ length: c.length }, (_, k) => c.data[k * BIN_FIELDS + f]!);
  return {
    mode: 'columns',
    name,
    tzaware: d.tzaware,
    from,
    to,
    count: d.count,
    binSize: d.binSize,
    tFirst: col(0),
    tLast: col(1),
    tMin: col(2),
    tMax: col(3),
    min: col(4),
    max: col(5),
    first: col(6),
    last: col(7),
    ...extra,
  };
}
