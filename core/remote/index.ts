// PostgreSQL / TimescaleDB as a source and a sink (docs/remote.md). Node-only (the `pg` driver): the CLI,
// the engine worker and tests use it; the renderer never does (build/dependency-cruiser.cjs).
import type { Store } from '../store/store.js';
import { attachSource } from '../store/sources.js';
import { RemoteSources, type RemoteOptions } from './source.js';

export * from './config.js';
export * from './connections.js';
export * from './secrets.js';
export { RemoteClient, translate } from './client.js';
export { RemoteSources, isUnavailable, type RemoteNotice, type RemoteOptions, type RemoteTag } from './source.js';
export { RemoteCache, DEFAULT_CACHE_LIMITS, type CacheLimits } from './cache.js';
export { cvecLayoutSql } from './ddl.js';
export { AGGREGATES, type Aggregate, type BucketFunction, type Layout } from './sql.js';
export { exportToRemote, type ExportOptions, type ExportReport } from './export.js';

/**
 * Makes the store's connections answer for their series (`<connection>/<tag>`) in every read that goes
 * through core/store (readSeries, formulas, charts, spans). Dispose (or `close()`) to detach and close pools.
 */
export function openRemote(store: Store, opts: RemoteOptions): RemoteSources & { detach(): void } {
  const sources = new RemoteSources(store, opts);
  const handle = attachSource(store, sources);
  const close = sources.close.bind(sources);
  return Object.assign(sources, {
    detach: () => handle.dispose(),
    close: async () => {
      handle.dispose();
      await close();
    },
    dispose: () => {
      handle.dispose();
      void close();
    },
  });
}
