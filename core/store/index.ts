export * from './types.js';
export { Store, openStore, concatSeries, type StoreOptions } from './store.js';
export { openDatabase, migrate, currentVersion, type SqliteDatabase } from './sqlite.js';
export { MIGRATIONS, SCHEMA_VERSION } from './migrations/index.js';
export { StoreWorker, type StoreWorkerOptions } from './worker-client.js';
export { WORKER_METHODS, type WorkerMethod } from './worker-protocol.js';
export { attachSource, sourceFor, attachedSources, type SeriesSource } from './sources.js';
export { readSpans, readChart } from './reads.js';
