import { Worker } from 'node:worker_threads';
import type { Disposable } from '../base/disposable.js';
import type { Result } from '../protocol/result.js';
import type { ApiEvent } from '../protocol/events.js';
import { workerEntry } from '../node/worker-entry.js';

/** Anything that answers contract calls: the engine in a worker thread, or handlers in-process (tests). */
export interface Invoker {
  invoke(method: string, args: unknown): Promise<Result<unknown>>;
  /** Subscribes to engine events; returns the unsubscribe function. Optional: not every invoker has events. */
  onEvent?(listener: (e: ApiEvent) => void): () => void;
}

export interface EngineHostOptions {
  /** Minimum milliseconds between two import progress events (default 100). */
  progressIntervalMs?: number;
  /** Plugin library folders the engine scans for the plugins panel and analyses. */
  libraries?: readonly string[];
  /**
   * Opens a connection password sealed by the OS keychain (the app passes Electron's
   * `safeStorage.decryptString`); the engine asks when a server wants the password of a connection whose
   * sealed blob is in the store. Without it, only $PGPASSWORD is used.
   */
  openSecret?: (sealed: Buffer) => string;
}

/**
 * The engine (store + service) in a worker thread: the Electron main process and `strata serve` keep their
 * own event loop free for the window and the network, and calls queue in the worker.
 */
export class EngineHost implements Invoker, Disposable {
  private readonly worker: Worker;
  private readonly pending = new Map<number, (r: Result<unknown>) => void>();
  private readonly listeners = new Set<(e: ApiEvent) => void>();
  private nextId = 1;
  private closed = false;

  constructor(storePath: string, opts: EngineHostOptions = {}) {
    const { openSecret, ...data } = opts;
    this.worker = new Worker(workerEntry(import.meta.url, 'engine-worker'), { workerData: { storePath, progressIntervalMs: data.progressIntervalMs, libraries: [...(data.libraries ?? [])], canOpenSecrets: !!openSecret } });
    this.worker.on('message', (m: { id: number; result: Result<unknown> } | { event: ApiEvent } | { secretRequest: { id: number; sealed: Uint8Array } }) => {
      if ('secretRequest' in m) {
        const { id, sealed } = m.secretRequest;
        try {
          this.worker.postMessage({ secretReply: { id, password: openSecret!(Buffer.from(sealed)) } });
        } catch (e) {
          this.worker.postMessage({ secretReply: { id, error: (e as Error).message } });
        }
        return;
      }
      if ('event' in m) {
        for (const l of this.listeners) l(m.event);
        return;
      }
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

  onEvent(listener: (e: ApiEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
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
