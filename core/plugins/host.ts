import { StrataError } from '../base/errors.js';
import type { Disposable } from '../base/disposable.js';
import type { LaunchSpec, PluginChannel, PluginLauncher } from './launcher.js';
import { encodeFrameParts, FrameDecoder, WIRE_VERSION, WireError, type Frame } from './wire.js';

/** Why a plugin process was stopped. */
export type StopReason = 'timeout' | 'flood' | 'malformed' | 'crash' | 'oom' | 'start';

export interface HostLimits {
  /** Default deadline of one call, ms. */
  callTimeoutMs: number;
  /** Deadline for the plugin's `hello` after start, ms. */
  startTimeoutMs: number;
  /** Largest payload accepted from the plugin. */
  maxPayloadBytes: number;
  /** Most stderr bytes kept per process (the rest is dropped, not an error). */
  maxStderrBytes: number;
  /** Consecutive failures after which the plugin is disabled. */
  maxFailures: number;
  /** Restart backoff: base × 2^(failures−1), at most max, ms. */
  backoffBaseMs: number;
  backoffMaxMs: number;
}

export const DEFAULT_HOST_LIMITS: HostLimits = {
  callTimeoutMs: 30_000,
  startTimeoutMs: 10_000,
  maxPayloadBytes: 512 << 20,
  maxStderrBytes: 64 << 10,
  maxFailures: 3,
  backoffBaseMs: 200,
  backoffMaxMs: 10_000,
};

export interface CallResult {
  value: unknown;
  payload: Uint8Array;
}

interface Pending {
  resolve: (r: CallResult) => void;
  reject: (e: StrataError) => void;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * One long-lived plugin process behind the wire protocol, supervised: a call past its deadline, a flood,
 * a malformed frame, a crash or an out-of-memory death stops the process and fails its calls with the
 * reason; the next call restarts it after a backoff; after `maxFailures` failures in a row it is disabled.
 * Pure TS: the process comes from a PluginLauncher.
 */
export class PluginHost implements Disposable {
  status: 'idle' | 'starting' | 'ready' | 'disabled' | 'disposed' = 'idle';
  /** Every stop, oldest first (for `plugins` status and the UI). */
  readonly failures: Array<{ reason: StopReason; message: string; at: number }> = [];
  /** Methods the plugin announced in its hello. */
  methods: string[] = [];
  private consecutive = 0;
  private notBefore = 0;
  private channel: PluginChannel | null = null;
  private starting: Promise<void> | null = null;
  private pending = new Map<number, Pending>();
  private nextId = 1;
  private stderrTail = '';
  private readonly limits: HostLimits;

  constructor(
    readonly name: string,
    private readonly spec: LaunchSpec,
    private readonly launcher: PluginLauncher,
    limits: Partial<HostLimits> = {},
    private readonly onLog: (level: string, message: string) => void = () => {},
  ) {
    this.limits = { ...DEFAULT_HOST_LIMITS, ...limits };
  }

  /** The running process id, if any (tests check that it is gone). */
  get pid(): number | undefined {
    return this.channel?.pid;
  }

  /** Calls `method` in the plugin; data (an Arrow IPC stream) travels in `payload` both ways. */
  async call(method: string, params?: unknown, payload?: Uint8Array, timeoutMs = this.limits.callTimeoutMs): Promise<CallResult> {
    await this.ensureStarted();
    const ch = this.channel!;
    const id = this.nextId++;
    return new Promise<CallResult>((resolve, reject) => {
      const timer = setTimeout(() => this.stop('timeout', `call ${method} did not answer within ${timeoutMs} ms`), timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      for (const part of encodeFrameParts({ type: 'call', v: WIRE_VERSION, id, method, params }, payload)) ch.write(part);
    });
  }

  private async ensureStarted(): Promise<void> {
    if (this.status === 'disposed') throw new StrataError('plugin_disabled', `plugin ${this.name} is shut down`);
    if (this.status === 'disabled') throw new StrataError('plugin_disabled', `plugin ${this.name} is disabled after ${this.consecutive} failures in a row (last: ${this.failures.at(-1)?.message})`);
    if (this.status === 'ready') return;
    this.starting ??= this.start().finally(() => (this.starting = null));
    return this.starting;
  }

  private async start(): Promise<void> {
    const wait = this.notBefore - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    this.status = 'starting';
    this.stderrTail = '';
    const ch = this.launcher.launch(this.spec);
    this.channel = ch;
    const decoder = new FrameDecoder(this.limits.maxPayloadBytes);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.stop('start', `no hello within ${this.limits.startTimeoutMs} ms`);
        reject(this.lastError());
      }, this.limits.startTimeoutMs);
      const helloSeen = () => {
        clearTimeout(timer);
        resolve();
      };
      ch.onData((chunk) => {
        if (this.channel !== ch) return;
        let frames: Frame[];
        try {
          frames = decoder.push(chunk);
        } catch (e) {
          const we = e as WireError;
          this.stop(we.reason ?? 'malformed', we.message);
          if (this.status !== 'ready') reject(this.lastError());
          return;
        }
        for (const f of frames) this.onFrame(f, helloSeen);
      });
      const text = new TextDecoder();
      ch.onStderr((chunk) => {
        if (this.stderrTail.length < this.limits.maxStderrBytes) this.stderrTail += text.decode(chunk, { stream: true });
      });
      ch.onExit((code, signal, error) => {
        if (this.channel !== ch) return;
        clearTimeout(timer);
        const oom = /heap out of memory|Allocation failed/i.test(this.stderrTail);
        const why = error ? `could not start: ${error.message}` : oom ? 'ran out of memory' : `exited with ${signal ? `signal ${signal}` : `code ${code}`}${this.tail()}`;
        this.stop(error ? 'start' : oom ? 'oom' : 'crash', why);
        reject(this.lastError());
      });
    });
  }

  private onFrame(f: Frame, helloSeen: () => void): void {
    const h = f.header;
    if (h.type === 'hello') {
      this.methods = h.methods;
      this.status = 'ready';
      helloSeen();
      return;
    }
    if (h.type === 'log') {
      this.onLog(h.level, h.message);
      return;
    }
    if (h.type !== 'result' && h.type !== 'error') return this.stop('malformed', `unexpected ${JSON.stringify(h.type)} message`);
    const p = this.pending.get(h.id);
    if (!p) return this.stop('malformed', `answer to unknown call ${h.id}`);
    this.pending.delete(h.id);
    clearTimeout(p.timer);
    // A plugin that answers is healthy again: its failure streak ends.
    this.consecutive = 0;
    if (h.type === 'result') p.resolve({ value: h.value ?? null, payload: f.payload });
    else p.reject(new StrataError(h.error?.code ?? 'plugin_error', `${this.name}: ${h.error?.message ?? 'failed'}`, { plugin: this.name }));
  }

  /** Stops the process for `reason`, fails its pending calls, schedules the restart or disables it. */
  stop(reason: StopReason, message: string): void {
    const ch = this.channel;
    if (!ch) return;
    this.channel = null;
    ch.kill();
    this.failures.push({ reason, message, at: Date.now() });
    this.consecutive++;
    this.notBefore = Date.now() + Math.min(this.limits.backoffBaseMs * 2 ** (this.consecutive - 1), this.limits.backoffMaxMs);
    if (this.status !== 'disposed') this.status = this.consecutive >= this.limits.maxFailures ? 'disabled' : 'idle';
    const err = this.lastError();
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.reject(err);
    }
    this.pending.clear();
  }

  /** Reports what a plugin did to be stopped, and the data it returned that could not be read. */
  malformedData(message: string): void {
    this.stop('malformed', message);
  }

  private lastError(): StrataError {
    const f = this.failures.at(-1)!;
    return new StrataError('plugin_failed', `plugin ${this.name} stopped (${f.reason}): ${f.message}`, { plugin: this.name, reason: f.reason });
  }

  private tail(): string {
    // The last meaningful lines: not blank, not a lone bracket, not Node's version banner.
    const lines = this.stderrTail.split('\n').map((l) => l.trim()).filter((l) => l && !/^[{}()[\]]+$/.test(l) && !/^Node\.js v\d/.test(l));
    const err = lines.findLast((l) => /^\w*Error\b|^error\b/i.test(l));
    const picked = err && !lines.slice(-3).includes(err) ? [err, ...lines.slice(-2)] : lines.slice(-3);
    return picked.length ? `: ${picked.join(' | ').slice(0, 300)}` : '';
  }

  dispose(): void {
    const ch = this.channel;
    this.status = 'disposed';
    this.channel = null;
    // Killed, not asked: a plugin must never outlive the app, even a busy one.
    ch?.kill();
    const err = new StrataError('plugin_disabled', `plugin ${this.name} is shut down`);
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.reject(err);
    }
    this.pending.clear();
  }
}
