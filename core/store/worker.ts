// Worker-thread side of StoreWorker: owns one Store and answers requests from the parent thread.
import { parentPort, workerData } from 'node:worker_threads';
import { toStrataError } from '../base/errors.js';
import { Store } from './store.js';
import { WORKER_METHODS, type WorkerInit, type WorkerRequest, type WorkerResponse } from './worker-protocol.js';

const init = workerData as WorkerInit;
const store = new Store(init.path, init.chunkSize ? { chunkSize: init.chunkSize } : {});
const allowed = new Set<string>(WORKER_METHODS);

parentPort!.on('message', (req: WorkerRequest | 'close') => {
  if (req === 'close') {
    store.close();
    parentPort!.close();
    return;
  }
  let res: WorkerResponse;
  const transfer: ArrayBuffer[] = [];
  try {
    if (!allowed.has(req.method)) throw new Error(`unknown store method ${JSON.stringify(req.method)}`);
    const value = (store[req.method] as (...a: unknown[]) => unknown).apply(store, req.args);
    collectBuffers(value, transfer);
    res = { id: req.id, ok: true, value };
  } catch (e) {
    const err = toStrataError(e);
    res = { id: req.id, ok: false, error: { code: err.code, message: err.message, details: err.details } };
  }
  // Typed arrays of results move to the caller without a copy.
  parentPort!.postMessage(res, transfer);
});

function collectBuffers(v: unknown, out: ArrayBuffer[], depth = 0): void {
  if (depth > 4 || v === null || typeof v !== 'object') return;
  if (ArrayBuffer.isView(v)) {
    const b = v.buffer as ArrayBuffer;
    // Only whole, unshared buffers can be transferred.
    if (b instanceof ArrayBuffer && v.byteOffset === 0 && v.byteLength === b.byteLength && !out.includes(b)) out.push(b);
    return;
  }
  for (const x of Array.isArray(v) ? v : Object.values(v)) collectBuffers(x, out, depth + 1);
}
