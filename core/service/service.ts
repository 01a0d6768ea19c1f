import { StrataError } from '../base/errors.js';
import { defaultRegistry } from '../formula/index.js';
import type { ApiArgs, ApiMethod } from '../protocol/contract.js';
import type { ApiResults, Envelope, SeriesSummary } from '../protocol/types.js';
import { Store } from '../store/store.js';
import { SCHEMA_VERSION } from '../store/migrations/index.js';
import type { SeriesInfo } from '../store/types.js';
import { listAllTags } from '../metrics/index.js';
import { readChart, readSpans } from '../store/reads.js';
import { attachedSources, takeNotices } from '../store/sources.js';
import { BIN_FIELDS } from '../series/envelope.js';
import { VERSION } from '../version.js';
import type { ApiEvent } from '../protocol/events.js';
import { ImportJobs } from './imports.js';
import { formulaHandlers, seriesDto } from './formulas.js';
import { workflowHandlers } from './workflows.js';
import { EnginePlugins, pluginHandlers } from './plugins.js';
import { connectionHandlers, type ConnectionHandlerOptions } from './connections.js';
import { isFormula, readSeries, seriesHistory, seriesInfo, seriesInsertionDates } from '../store/formulas.js';
import { ColumnBuilder, type Bins } from '../series/envelope.js';
import type { TimeSeries } from '../series/series.js';

/** The engine's implementation of every contract method: one handler per method, typed by the contract. */
export type Handlers = { [M in ApiMethod]: (args: ApiArgs<M>) => ApiResults[M] | Promise<ApiResults[M]> };

export interface HandlerOptions {
  /** Where engine events go (import progress, store changes); dropped when absent. */
  emit?: (e: ApiEvent) => void;
  /** Minimum milliseconds between two import progress events. */
  progressIntervalMs?: number;
  /** Plugin library folders (`library/<kind>/<group>/<plugin>/`), in order. */
  libraries?: readonly string[];
  /** The libraries' long-lived plugins (operators, node types); the owner disposes it. Default: none. */
  plugins?: EnginePlugins;
  /** PostgreSQL connections: the engine's remote sources, password source and keychain sealer. */
  connections?: ConnectionHandlerOptions;
}

export function createHandlers(store: Store, opts: HandlerOptions = {}): Handlers {
  const emit = opts.emit ?? (() => {});
  const imports = new ImportJobs(store, emit, opts.progressIntervalMs);
  const plugins = opts.plugins;
  const operators = async () => (plugins ? plugins.operators() : defaultRegistry());
  const workflows = workflowHandlers(store, emit, async () => (plugins ? plugins.ops() : (await import('../dag/index.js')).builtinRegistry()));
  const fopts = async () => ({ registry: await operators() });
  const window = (from: number | null | undefined, to: number | null | undefined, revisionDate?: number | null) => ({
    revisionDate: revisionDate ?? null,
    from: from ?? null,
    to: to ?? null,
  });
  return {
    'app.info': () => ({ version: VERSION, storePath: store.path, schemaVersion: SCHEMA_VERSION }),
    // Stored series, then the tags of the store's connections (`<connection>/<tag>`, see core/remote).
    'series.list': async () => {
      const remote = [];
      for (const src of attachedSources(store)) remote.push(...(await src.list()));
      return [...store.list(), ...remote].map(summary);
    },
    'series.info': async ({ name }) => {
      const i = await seriesInfo(store, name, await fopts());
      return { ...summary(i), metadata: i.metadata, createdAt: i.createdAt, deathAt: i.deathAt, lastInsertionDate: i.lastInsertionDate, revisions: i.revisions };
    },
    // Reads work the same for primary, formula and connection series (a formula is computed from its
    // inputs; a connection's tags are read from their server).
    'series.get': async ({ name, revisionDate, from, to, maxPoints }) => {
      const s = await readSeries(store, name, window(from, to, revisionDate), await fopts());
      const notice = takeNotices(store);
      return { ...seriesDto(name, s, maxPoints), ...(notice ? { notice } : {}) };
    },
    'series.insertionDates': async ({ name }) => seriesInsertionDates(store, name, {}, (await fopts()).registry),
    'series.history': async ({ name, from, to, maxVersions }) => {
      const versions = await seriesHistory(store, name, { from: from ?? null, to: to ?? null }, await fopts());
      return versions.slice(-(maxVersions ?? 50)).map((v) => {
        const d = seriesDto(name, v.series);
        return { insertionDate: v.insertionDate, author: v.revision?.author ?? '', source: v.revision?.source ?? 'formula', times: d.times, values: d.values };
      });
    },
    'chart.envelope': async ({ name, from, to, width, revisionDate }) =>
      isFormula(store, name)
        ? computedEnvelope(name, await readSeries(store, name, window(from, to, revisionDate), await fopts()), from ?? null, to ?? null, width)
        : envelope(store, name, from ?? null, to ?? null, width, revisionDate ?? null),
    'spans.constant': async ({ name, from, to, limit }) => (await readSpans(store, name, from ?? null, to ?? null, limit ?? null, await fopts())).spans,
    'tags.list': async ({ from, to }) => (await listAllTags(store, from ?? null, to ?? null)).map((t) => ({ name: t.name, birthAt: t.birthAt, deathAt: t.deathAt })),
    'import.start': (args) => imports.start(args),
    'import.status': ({ jobId }) => imports.status(jobId),
    'import.cancel': ({ jobId }) => imports.cancel(jobId),
    ...formulaHandlers(store, operators),
    ...workflows.handlers,
    ...pluginHandlers(store, opts.libraries ?? [], plugins),
    ...connectionHandlers(store, opts.connections),
  };
}

function summary(i: SeriesInfo): SeriesSummary {
  return { name: i.name, kind: i.kind, valueType: i.valueType, tzaware: i.tzaware, unit: i.unit, count: i.count, first: i.first, last: i.last };
}

/** Chart data of a computed (formula) series: raw when few points, else exact per-column summaries. */
export function computedEnvelope(name: string, s: TimeSeries, from: number | null, to: number | null, width: number): Envelope {
  if (!(s.values instanceof Float64Array)) throw new StrataError('value_type_mismatch', `${JSON.stringify(name)} gives strings; charts of envelopes need numbers`);
  // Points without a value are not drawn (and would poison min/max).
  let times = s.times;
  let values = s.values;
  let n = 0;
  for (let i = 0; i < values.length; i++) if (values[i] === values[i]) n++;
  if (n < values.length) {
    const t = new Float64Array(n);
    const v = new Float64Array(n);
    for (let i = 0, k = 0; i < values.length; i++) {
      if (values[i] === values[i]) {
        t[k] = times[i]!;
        v[k++] = values[i]!;
      }
    }
    times = t;
    values = v;
  }
  if (n <= 4 * width) return { mode: 'raw', name, tzaware: s.tzaware, from, to, times: Array.from(times), values: Array.from(values) };
  // Columns straight from the points: each column's first/last/min/max is exact.
  const cols = new ColumnBuilder(from ?? times[0]!, to ?? times[n - 1]!, width);
  cols.addPoints(times, values);
  return columnsEnvelope(name, s.tzaware, from, to, n, 1, cols.columns());
}

function columnsEnvelope(name: string, tzaware: boolean, from: number | null, to: number | null, count: number, binSize: number, c: Bins): Envelope {
  const col = (f: number) => Array.from({ length: c.length }, (_, k) => c.data[k * BIN_FIELDS + f]!);
  return { mode: 'columns', name, tzaware, from, to, count, binSize, tFirst: col(0), tLast: col(1), tMin: col(2), tMax: col(3), min: col(4), max: col(5), first: col(6), last: col(7) };
}

async function envelope(store: Store, name: string, from: number | null, to: number | null, width: number, revisionDate: number | null): Promise<Envelope> {
  // Stored envelopes, or a connection's tag summarised on its server (O(width) rows cross the network).
  const d = await readChart(store, name, { from, to, width, revisionDate });
  const notice = takeNotices(store);
  const extra = notice ? { notice } : {};
  if (d.mode === 'raw') return { mode: 'raw', name, tzaware: d.tzaware, from, to, times: Array.from(d.times), values: Array.from(d.values), ...extra };
  return { ...columnsEnvelope(name, d.tzaware, from, to, d.count, d.binSize, d.columns), ...extra };
}
