import type { Disposable } from '../base/disposable.js';
import { nextCronTime } from './cron.js';
import { runCorrelationHooks, runHook, type HookPlugin, type HookRun, type HookStore } from './hook-runner.js';
import type { Hook } from './manifest.js';

/** Time and timers, injectable so tests can drive schedules with a fake clock. */
export interface Clock {
  /** ms since the epoch. */
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

/** What the scheduler needs of the store: the hook runner's needs plus a series' revision count. */
export interface SchedulerStore extends HookStore {
  info(name: string): { revisions: number; lastInsertionDate: number | null };
}

/** Why a hook ran. */
export type HookTrigger = 'start' | 'stop' | 'schedule' | 'new-revision' | 'correlation';

/** One hook run, as reported to `onRun` and returned by the scheduler's methods. */
export interface HookEvent extends HookRun {
  trigger: HookTrigger;
  /** When it ran (ms since the epoch, the scheduler's clock). */
  at: number;
  /** The series whose new revisions triggered it (new-revision and correlation hooks). */
  changed?: string[];
}

export interface SchedulerOptions {
  clock?: Clock;
  /** How often the store is checked for new revisions, ms (default 1000). */
  pollMs?: number;
  /** Deadline of each stop hook, ms (default 10 000): quitting never waits longer per hook. */
  stopTimeoutMs?: number;
  /** The plugin's current configuration, sent to its hooks as `params.config` (reloadable). */
  config?: (plugin: string) => Record<string, unknown>;
  onRun?: (e: HookEvent) => void;
  /** The scheduler itself failed (e.g. the store could not be read while polling); it keeps going. */
  onError?: (e: unknown) => void;
}

/** setTimeout's longest delay (about 24.8 days); longer waits are taken in steps. */
const MAX_DELAY = 2 ** 31 - 1;

/**
 * Fires the hooks of a library (DP3's callbacks): `start` hooks when started, `schedule` hooks at their
 * cron times (croner computes them), `new-revision` hooks when one of their series gets a new revision
 * and the correlation hooks affected by it (in declared order), `stop` hooks when stopped. New revisions
 * are found by polling the store's revision counts, so writes from any process count (an import in the
 * CLI while the app runs). Hook runs are serialized; a hook's own writes do not trigger it again. Outputs
 * are revisions with source `plugin:<plugin>/<hook id>`. Dispose (or `stop()`) to end every timer.
 */
export class HookScheduler implements Disposable {
  private readonly clock: Clock;
  private readonly pollMs: number;
  private readonly timers = new Set<unknown>();
  private queue: Promise<unknown> = Promise.resolve();
  private running = false;
  /** Per consumer (a new-revision hook id, or `correlation`): the last seen revision mark of each series. */
  private readonly marks = new Map<string, Map<string, string | null>>();
  private readonly next = new Map<string, number>();

  constructor(
    private readonly plugins: readonly HookPlugin[],
    private readonly store: SchedulerStore,
    private readonly opts: SchedulerOptions = {},
  ) {
    this.clock = opts.clock ?? systemClock;
    this.pollMs = opts.pollMs ?? 1000;
  }

  private hooks(on: Hook['on']): Array<{ plugin: HookPlugin; hook: Hook; id: string }> {
    return this.plugins.flatMap((plugin) => plugin.manifest.hooks.filter((h) => h.on === on).map((hook) => ({ plugin, hook, id: `${plugin.name}/${hook.id}` })));
  }

  private mark(name: string): string | null {
    if (!this.store.exists(name)) return null;
    const i = this.store.info(name);
    return `${i.revisions}@${i.lastInsertionDate}`;
  }

  /** Series each consumer watches: a new-revision hook its `series`, the correlation hooks their `depends_on`. */
  private watched(): Map<string, string[]> {
    const w = new Map<string, string[]>();
    for (const { id, hook } of this.hooks('new-revision')) w.set(id, hook.series ?? []);
    const corr = [...new Set(this.hooks('correlation').flatMap(({ hook }) => hook.depends_on))];
    if (corr.length) w.set('correlation', corr);
    return w;
  }

  /** Runs the start hooks, notes the current revisions (later ones trigger hooks), arms schedules and polling. */
  async start(): Promise<HookEvent[]> {
    if (this.running) return [];
    this.running = true;
    for (const [consumer, series] of this.watched()) this.marks.set(consumer, new Map(series.map((s) => [s, this.mark(s)])));
    const events = await this.enqueue(() => this.runAll('start'));
    for (const { id, hook } of this.hooks('schedule')) this.arm(id, hook);
    this.armPoll();
    return events;
  }

  /** When each schedule hook fires next (ms since the epoch). */
  nextRuns(): Record<string, number> {
    return Object.fromEntries(this.next);
  }

  /** Checks the store for new revisions now and runs the hooks they trigger. */
  poll(): Promise<HookEvent[]> {
    return this.enqueue(() => this.checkRevisions());
  }

  /** Resolves when every queued hook run has finished. */
  async idle(): Promise<void> {
    let q;
    do {
      q = this.queue;
      await q.catch(() => undefined);
    } while (q !== this.queue);
  }

  /** Stops timers, lets running hooks finish, then runs the stop hooks (each within its deadline). */
  async stop(): Promise<HookEvent[]> {
    if (!this.running) return [];
    this.dispose();
    await this.idle();
    return this.enqueue(() => this.runAll('stop', this.opts.stopTimeoutMs ?? 10_000));
  }

  /** Ends every timer at once; no stop hook runs (use `stop()` for an orderly end). */
  dispose(): void {
    this.running = false;
    for (const t of this.timers) this.clock.clearTimeout(t);
    this.timers.clear();
    this.next.clear();
  }

  private enqueue<T>(fn: () => Promise<T>): Promise<T> {
    const p = this.queue.then(fn, fn);
    this.queue = p.catch(() => undefined);
    return p;
  }

  private timer(fn: () => void, ms: number): void {
    const h = this.clock.setTimeout(() => {
      this.timers.delete(h);
      fn();
    }, Math.max(0, Math.min(ms, MAX_DELAY)));
    this.timers.add(h);
  }

  private armPoll(): void {
    if (!this.running || !this.marks.size) return;
    this.timer(() => {
      void this.poll()
        .catch((e: unknown) => this.opts.onError?.(e))
        .finally(() => this.armPoll());
    }, this.pollMs);
  }

  private arm(id: string, hook: Hook, after = this.clock.now()): void {
    if (!this.running) return;
    const at = nextCronTime(hook.cron!, after, hook.timezone);
    if (at === null) {
      this.next.delete(id);
      return;
    }
    this.next.set(id, at);
    const wake = () => {
      if (!this.running) return;
      // A long wait is taken in steps; fire only once the time has come.
      if (this.clock.now() < at) return this.timer(wake, at - this.clock.now());
      const entry = this.hooks('schedule').find((x) => x.id === id)!;
      this.enqueue(() => this.runOne(entry.plugin, entry.hook, 'schedule', { now: at * 1000 }, entry.hook.depends_on)).catch((e: unknown) => this.opts.onError?.(e));
      this.arm(id, hook, Math.max(at, this.clock.now()));
    };
    this.timer(wake, at - this.clock.now());
  }

  private async runAll(on: 'start' | 'stop', timeoutMs?: number): Promise<HookEvent[]> {
    const out: HookEvent[] = [];
    for (const { plugin, hook } of this.hooks(on)) out.push(await this.runOne(plugin, hook, on, { now: this.clock.now() * 1000 }, hook.depends_on, timeoutMs));
    return out;
  }

  private async runOne(plugin: HookPlugin, hook: Hook, trigger: HookTrigger, params: Record<string, unknown>, reads: readonly string[], timeoutMs?: number, changed?: string[]): Promise<HookEvent> {
    const full: Record<string, unknown> = { trigger, ...params };
    if (this.opts.config) full.config = this.opts.config(plugin.name);
    const run = await runHook(plugin, hook, this.store, full, reads, timeoutMs);
    return this.report({ ...run, trigger, at: this.clock.now(), ...(changed ? { changed } : {}) });
  }

  private report(e: HookEvent): HookEvent {
    try {
      this.opts.onRun?.(e);
    } catch {
      // A failing listener must not stop the hooks.
    }
    return e;
  }

  private async checkRevisions(): Promise<HookEvent[]> {
    const events: HookEvent[] = [];
    const changedFor = (consumer: string): string[] => {
      const marks = this.marks.get(consumer);
      if (!marks) return [];
      const changed: string[] = [];
      for (const [s, old] of marks) {
        const now = this.mark(s);
        if (now !== old) {
          marks.set(s, now);
          if (now !== null) changed.push(s);
        }
      }
      return changed;
    };
    /** The consumer's own writes are seen by others, not by itself. */
    const remark = (consumer: string, written: readonly string[]) => {
      const marks = this.marks.get(consumer);
      for (const s of written) if (marks?.has(s)) marks.set(s, this.mark(s));
    };
    for (const { plugin, hook, id } of this.hooks('new-revision')) {
      const changed = changedFor(id);
      if (!changed.length) continue;
      const e = await this.runOne(plugin, hook, 'new-revision', { now: this.clock.now() * 1000, changed }, [...(hook.series ?? []), ...hook.depends_on], undefined, changed);
      remark(id, e.written);
      events.push(e);
    }
    const changed = changedFor('correlation');
    if (changed.length) {
      const opts = this.opts.config ? { config: this.opts.config } : {};
      const { runs } = await runCorrelationHooks(this.plugins, this.store, changed, opts);
      for (const r of runs) {
        if (r.status === 'skipped') continue;
        remark('correlation', r.written);
        events.push(this.report({ ...r, trigger: 'correlation', at: this.clock.now(), changed }));
      }
    }
    return events;
  }
}
