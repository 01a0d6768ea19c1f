import { Worker } from 'node:worker_threads';
import { StrataError } from '../base/errors.js';
import type { Disposable } from '../base/disposable.js';
import { workerEntry } from '../node/worker-entry.js';
import type { Store } from './store.js';
import type { WorkerInit, WorkerMethod, WorkerRequest, WorkerResponse } from './worker-protocol.js';

type Pending = { resolve(v: unknown): void; reject(e: unknown): void; timer: NodeJS.Timeout | undefined };

export interface StoreWorkerOptions {
  chunkSize?: number;
  /** Per-call timeout in ms (default 120 s); a call that takes longer fails with code `timeout`. */
  timeoutMs?: number;
}

/**
 * The store in a worker thread, so imports and big reads never block a UI's event loop.
 * `call('get', name, opts)` is typed after the Store's own methods; results' typed arrays are transferred.
 */
export class StoreWorker implements Disposable {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private closed = false;
  private readonly timeoutMs: number;

  constructor(path: string, opts: StoreWorkerOptions = {}) {
    this.timeoutMs = opts.timeoutMs ?? 120_000;
    const init: WorkerInit = { path, ...(opts.chunkSize ? { chunkSize: opts.chunkSize } : {}) };
    // Running from TypeScript sources (tests, tsx): load the .ts worker through tsx; compiled: the .js file.
    this.worker = new Worker(workerEntry(import.meta.url, 'worker'), { workerData: init });
    this.worker.on('message', (res: WorkerResponse) => this.settle(res));
    this.worker.on('error', (e) => this.failAll(new StrataError('internal', `store worker failed: ${e.message}`)));
    this.worker.on('exit', (code) => {
      this.closed = true;
      if (this.pending.size) this.failAll(new StrataError('internal', `store worker exited (code ${code})`));
    });
  }

  call<M extends WorkerMethod>(method: M, ...args: Parameters<Store[M]>): Promise<ReturnType<Store[M]>> {
    if (this.closed) return Promise.reject(new StrataError('closed', 'the store worker is closed'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = this.timeoutMs > 0
        ? setTimeout(() => {
            this.pending.delete(id);
            reject(new StrataError('timeout', `store call ${method} took longer than ${this.timeoutMs} ms`));
          }, this.timeoutMs)
        : undefined;
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
      const req: WorkerRequest = { id, method, args };
      this.worker.postMessage(req);
    });
  }

  /** Closes the store and ends the thread once pending calls are answered. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const exited = new Promise<void>((r) => this.worker.once('exit', () => r()));
    this.worker.postMessage('close');
    await exited;
  }

  dispose(): void {
    void this.close();
  }

  private settle(res: WorkerResponse): void {
    const p = this.pending.get(res.id);
    if (!p) return;
    this.pending.delete(res.id);
    if (p.timer) clearTimeout(p.timer);
    if (res.ok) p.resolve(res.value);
    else p.reject(new StrataError(res.error.code, res.error.message, res.error.details));
  }

  private failAll(e: StrataError): void {
    for (const [, p] of this.pending) {
      if (p.timer) clearTimeout(p.timer);
      p.reject(e);
    }
    this.pending.clear();
  }
}
