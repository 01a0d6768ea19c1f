import type { Disposable } from '../../base/disposable.js';
import type { PluginSet } from '../runtime.js';
import { HookScheduler, type Clock, type HookEvent, type SchedulerStore } from '../scheduler.js';
import { loadPluginConfig } from './config.js';
import { loadPlugins, type LoadOptions } from './load.js';
import { watchPluginConfig } from './watch.js';

export interface RuntimeOptions extends LoadOptions {
  clock?: Clock;
  pollMs?: number;
  stopTimeoutMs?: number;
  onRun?: (e: HookEvent) => void;
  onError?: (e: unknown) => void;
  /** A config file changed: the new configuration, or why it was refused (the previous one is kept). */
  onConfig?: (plugin: string, result: { ok: true } | { ok: false; error: string }) => void;
}

/** Plugins and their hooks running against a store (the app, `strata plugins run`). */
export interface PluginRuntime extends Disposable {
  plugins: PluginSet;
  scheduler: HookScheduler;
  /** What the start hooks did. */
  started: HookEvent[];
  /** Orderly end: stop hooks (within their deadline), then every plugin process is stopped. */
  stop(): Promise<HookEvent[]>;
}

/**
 * Loads the libraries' plugins and starts their hooks against `store` (Node-only): start hooks now,
 * schedules at their cron times, new-revision and correlation hooks when the store gets new revisions
 * (from this process or any other). Each plugin's config.json is loaded at start, sent with every hook
 * call, and reloaded when the file changes (an invalid file is reported and the previous config kept).
 */
export async function startPluginRuntime(dirs: readonly string[], store: SchedulerStore, opts: RuntimeOptions = {}): Promise<PluginRuntime> {
  const plugins = await loadPlugins(dirs, opts);
  const hooked = plugins.plugins.filter((p) => p.manifest.hooks.length);
  const configs = new Map<string, Record<string, unknown>>();
  const watchers: Disposable[] = [];
  for (const p of hooked) {
    const c = loadPluginConfig(p.path, p.manifest);
    configs.set(p.name, c.ok ? c.config : {});
    watchers.push(
      watchPluginConfig(p.path, p.manifest, (r) => {
        if (r.ok) configs.set(p.name, r.config);
        opts.onConfig?.(p.name, r.ok ? { ok: true } : { ok: false, error: `${p.path}: ${r.error}` });
      }),
    );
  }
  const scheduler = new HookScheduler(
    hooked.map((p) => ({ name: p.name, manifest: p.manifest, host: plugins.host(p.name) })),
    store,
    {
      config: (name) => configs.get(name) ?? {},
      ...(opts.clock ? { clock: opts.clock } : {}),
      ...(opts.pollMs !== undefined ? { pollMs: opts.pollMs } : {}),
      ...(opts.stopTimeoutMs !== undefined ? { stopTimeoutMs: opts.stopTimeoutMs } : {}),
      ...(opts.onRun ? { onRun: opts.onRun } : {}),
      ...(opts.onError ? { onError: opts.onError } : {}),
    },
  );
  const end = () => {
    scheduler.dispose();
    for (const w of watchers) w.dispose();
    plugins.dispose();
  };
  let started: HookEvent[];
  try {
    started = await scheduler.start();
  } catch (e) {
    end();
    throw e;
  }
  return {
    plugins,
    scheduler,
    started,
    async stop() {
      try {
        return await scheduler.stop();
      } finally {
        end();
      }
    },
    dispose: end,
  };
}
