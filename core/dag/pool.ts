// Node-only: worker threads that run workflow nodes off the caller's event loop.
import { availableParallelism } from 'node:os';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Disposable } from '../base/disposable.js';
import { StrataError } from '../base/errors.js';
import type { Frame } from '../ops/frame.js';
import type { PoolRequest, PoolResponse } from './pool-protocol.js';

/**
 * The worker's entry: the compiled worker.js, or — running from TypeScript sources (tests, tsx) — a tiny
 * ES module that registers tsx's loader in the thread and then imports worker.ts (as core/store does).
 */
function workerEntry(): URL {
  if (!import.meta.url.endsWith('.ts')) return new URL('./worker.js', import.meta.url);
  const tsxApi = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  const target = new URL('./worker.ts', import.meta.url).href;
  const code = `import { register } from ${JSON.stringify(tsxApi)}; register(); await import(${JSON.stringify(target)});`;
  return new URL('data:text/javascript,' + encodeURIComponent(code));
}

export type PoolTask = Omit<PoolRequest, 'id'>;

interface Job {
  req: PoolRequest;
  resolve(f: Frame): void;
  reject(e: unknown): void;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
  slot: Slot | null;
}

interface Slot {
  worker: Worker;
  job: Job | null;
}

export interface WorkerPoolOptions {
  /** Worker threads at most (default: 2, or 1 on a one-core machine). Threads start when work arrives. */
  size?: number;
}

/** Default pool size: small, since branches of one workflow rarely number more than a few. */
export function defaultPoolSize(): number {
  return Math.max(1, Math.min(2, availableParallelism() - 1));
}

/**
 * A small pool of worker threads running `pool` ops. Threads start lazily, are unref'd while idle (an
 * idle pool never keeps a process alive) and a cancelled node's thread is terminated, so cancelling stops
 * even a long FFT at once.
 */
export class WorkerPool implements Disposable {
  readonly size: number;
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;

  constructor(opts: WorkerPoolOptions = {}) {
    this.size = Math.max(1, Math.floor(opts.size ?? defaultPoolSize()));
  }

  /** Threads started and alive (tests and diagnostics). */
  get threads(): number {
    return this.slots.length;
  }

  run(task: PoolTask, signal?: AbortSignal): Promise<Frame> {
    if (this.closed) return Promise.reject(new StrataError('closed', 'the workflow worker pool is closed'));
    if (signal?.aborted) return Promise.reject(cancelled(task.where));
    return new Promise<Frame>((resolve, reject) => {
      const job: Job = { req: { ...task, id: this.nextId++ }, resolve, reject, signal, onAbort: undefined, slot: null };
      if (signal) {
        job.onAbort = () => this.abort(job);
        signal.addEventListener('abort', job.onAbort, { once: true });
      }
      this.queue.push(job);
      this.pump();
    });
  }

  /** Terminates every thread; queued and running jobs fail with code `closed`. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const job of this.queue.splice(0)) this.finish(job, new StrataError('closed', 'the workflow worker pool was closed'));
    await Promise.all(
      this.slots.splice(0).map((s) => {
        if (s.job) this.finish(s.job, new StrataError('closed', 'the workflow worker pool was closed'));
        return s.worker.terminate();
      }),
    );
  }

  dispose(): void {
    void this.close();
  }

  private pump(): void {
    while (this.queue.length) {
      let slot = this.slots.find((s) => !s.job);
      if (!slot) {
        if (this.slots.length >= this.size) return;
        slot = this.spawn();
      }
      const job = this.queue.shift()!;
      job.slot = slot;
      slot.job = job;
      slot.worker.ref();
      // Inputs are copied: the runner may still hand the same frame to other nodes.
      slot.worker.postMessage(job.req);
    }
  }

  private spawn(): Slot {
    const worker = new Worker(workerEntry());
    const slot: Slot = { worker, job: null };
    worker.on('message', (res: PoolResponse) => {
      const job = slot.job;
      if (!job || job.req.id !== res.id) return;
      slot.job = null;
      worker.unref();
      if (res.ok) this.finish(job, null, res.frame);
      else this.finish(job, new StrataError(res.error.code, res.error.message, res.error.details));
      this.pump();
    });
    const lost = (why: string) => {
      const i = this.slots.indexOf(slot);
      if (i < 0) return;
      this.slots.splice(i, 1);
      if (slot.job) this.finish(slot.job, new StrataError('internal', `${slot.job.req.where}: worker thread ${why}`));
      slot.job = null;
      this.pump();
    };
    worker.on('error', (e) => lost(`failed: ${e.message}`));
    worker.on('exit', (code) => lost(`exited (code ${code})`));
    worker.unref();
    this.slots.push(slot);
    return slot;
  }

  private abort(job: Job): void {
    const q = this.queue.indexOf(job);
    if (q >= 0) this.queue.splice(q, 1);
    const slot = job.slot;
    if (slot && slot.job === job) {
      // The only way to stop synchronous work in a thread: end the thread; the next job gets a new one.
      const i = this.slots.indexOf(slot);
      if (i >= 0) this.slots.splice(i, 1);
      slot.job = null;
      void slot.worker.terminate();
    }
    this.finish(job, cancelled(job.req.where));
    this.pump();
  }

  private finish(job: Job, err: unknown, frame?: Frame): void {
    if (job.onAbort) job.signal?.removeEventListener('abort', job.onAbort);
    job.onAbort = undefined;
    if (err) job.reject(err);
    else job.resolve(frame!);
  }
}

export function cancelled(where: string): StrataError {
  return new StrataError('cancelled', `${where}: cancelled`);
}
