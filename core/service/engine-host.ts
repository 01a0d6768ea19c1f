import { Worker } from 'node:worker_threads';
import type { Disposable } from '../base/disposable.js';
import type { Result } from '../protocol/result.js';
import { workerEntry } from '../node/worker-entry.js';

/** Anything that answers contract calls: the engine in a worker thread, or handlers in-process (tests). */
export interface Invoker {
  invoke(method: string, args: unknown): Promise<Result<unknown>>;
}

/**
 * The engine (store + service) in a worker thread: the Electron main process and `strata serve` keep their
 * own event loop free for the window and the network, and calls queue in the worker.
 */
export class EngineHost implements Invoker, Disposable {
  private readonly worker: Worker;
  private readonly pending = new Map<number, (r: Result<unknown>) => void>();
  private nextId = 1;
  private closed = false;

  constructor(storePath: string) {
    this.worker = new Worker(workerEntry(import.meta.url, 'engine-worker'), { workerData: { storePath } });
    this.worker.on('message', (m: { id: number; result: Result<unknown> }) => {
      const resolve = this.pending.get(m.id);
      this.pending.delete(m.id);
      resolve?.(m.result);
    });
    const failAll = (message: string) => {
      for (const [, resolve] of this.pending) resolve({ ok: false, error: { code: 'engine_failed', message } });
      this.pending.clear();
    };
    this.worker.on('error', (e) => failAll(`the engine failed: ${e.message}`));
    this.worker.on('exit', (code) => {
      this.closed = true;
      failAll(`the engine stopped (exit code ${code})`);
    });
  }

  invoke(method: string, args: unknown): Promise<Result<unknown>> {
    if (this.closed) return Promise.resolve({ ok: false, error: { code: 'closed', message: 'the engine is closed' } });
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.worker.postMessage({ id, method, args });
    });
  }

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
}
