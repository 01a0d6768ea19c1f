// Worker-thread side of EngineHost: owns the store and answers contract calls from the parent thread.
import { parentPort, workerData } from 'node:worker_threads';
import { Store } from '../store/store.js';
import { createHandlers } from './service.js';
import { dispatch } from './dispatch.js';

const { storePath } = workerData as { storePath: string };
const store = new Store(storePath);
const handlers = createHandlers(store);

parentPort!.on('message', async (msg: { id: number; method: string; args: unknown } | 'close') => {
  if (msg === 'close') {
    store.close();
    parentPort!.close();
    return;
  }
  parentPort!.postMessage({ id: msg.id, result: await dispatch(handlers, msg.method, msg.args) });
});
