// Worker-thread side of EngineHost: owns the store, answers contract calls from the parent thread and
// posts engine events (import progress, store changes) to it.
import { parentPort, workerData } from 'node:worker_threads';
import { Store } from '../store/store.js';
import { createHandlers } from './service.js';
import { dispatch } from './dispatch.js';

const { storePath, progressIntervalMs, libraries } = workerData as { storePath: string; progressIntervalMs?: number; libraries?: string[] };
const store = new Store(storePath);
const handlers = createHandlers(store, { emit: (event) => parentPort!.postMessage({ event }), ...(progressIntervalMs !== undefined ? { progressIntervalMs } : {}), libraries: libraries ?? [] });

parentPort!.on('message', async (msg: { id: number; method: string; args: unknown } | 'close') => {
  if (msg === 'close') {
    store.close();
    parentPort!.close();
    return;
  }
  parentPort!.postMessage({ id: msg.id, result: await dispatch(handlers, msg.method, msg.args) });
});
