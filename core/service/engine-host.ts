import { Worker } from 'node:worker_threads';
import type { Disposable } from '../base/disposable.js';
import type { Result } from '../protocol/result.js';
import type { ApiEvent } from '../protocol/events.js';
import { workerEntry } from '../node/worker-entry.js';
import { CONTRACT, isApiMethod } from '../protocol/contract.js';

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
  /**
   * Seals a password given in the app (`connect.add` / `connect.edit`) with the OS keychain (the app passes
   * Electron's `safeStorage.encryptString`). Without it the engine refuses given passwords ($PGPASSWORD only).
   */
  sealSecret?: (plain: string) => Buffer;
  /** Per-method timeouts overriding the contract's (tests). */
  timeoutsMs?: Partial<Record<string, number>>;
}

/** Timeout of a call whose method is not in the contract (the worker refuses it at once anyway). */
const DEFAULT_TIMEOUT_MS = 30_000;

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
  private readonly timeouts: Partial<Record<string, number>>;
  /** Whether the worker has loaded and listens; until then calls wait and their timeouts do not run. */
  private ready = false;
  private readonly onReady: (() => void)[] = [];

  constructor(storePath: string, opts: EngineHostOptions = {}) {
    const { openSecret, sealSecret, timeoutsMs, ...data } = opts;
    this.timeouts = timeoutsMs ?? {};
    this.worker = new Worker(workerEntry(import.meta.url, 'engine-worker'), { workerData: { storePath, progressIntervalMs: data.progressIntervalMs, libraries: [...(data.libraries ?? [])], canOpenSecrets: !!openSecret, canSealSecrets: !!sealSecret } });
    this.worker.on('message', (m: { id: number; result: Result<unknown> } | { event: ApiEvent } | { secretRequest: { id: number; sealed: Uint8Array } } | { sealRequest: { id: number; plain: string } } | { ready: true }) => {
      if ('ready' in m) {
        this.ready = true;
        for (const start of this.onReady.splice(0)) start();
        return;
      }
      if ('sealRequest' in m) {
        const { id, plain } = m.sealRequest;
        try {
          this.worker.postMessage({ sealReply: { id, sealed: new Uint8Array(sealSecret!(plain)) } });
        } catch (e) {
          this.worker.postMessage({ sealReply: { id, error: (e as Error).message } });
        }
        return;
      }
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

  /**
   * Runs one call in the worker. Every call has the contract's timeout, counted from when the worker is
   * up (starting it is not the call's time): past it the caller (an IPC handler, an HTTP request) gets a
   * `timeout` error and is freed, and the late answer is dropped. The work itself cannot be interrupted
   * mid-step; calls behind it wait in the worker's queue.
   */
  invoke(method: string, args: unknown): Promise<Result<unknown>> {
    if (this.closed) return Promise.resolve({ ok: false, error: { code: 'closed', message: 'the engine is closed' } });
    const id = this.nextId++;
    const ms = this.timeouts[method] ?? (isApiMethod(method) ? CONTRACT[method].timeoutMs : DEFAULT_TIMEOUT_MS);
    return new Promise((resolve) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const start = () => {
        timer = setTimeout(() => {
          if (!this.pending.delete(id)) return;
          resolve({ ok: false, error: { code: 'timeout', message: `${method} took longer than ${ms} ms in the engine` } });
        }, ms);
        timer.unref?.();
      };
      this.pending.set(id, (r) => {
        clearTimeout(timer);
        resolve(r);
      });
      if (this.ready) start();
      else this.onReady.push(start);
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
