import { toStrataError } from '../base/errors.js';
import type { TimeSeries } from '../series/series.js';
import type { WriteOptions } from '../store/types.js';
import { hookOrder, type LibraryIssue } from './hooks.js';
import type { PluginHost } from './host.js';
import { longIPCToSeries, seriesToLongIPC } from './long-table.js';
import type { Manifest } from './manifest.js';

/** What the runner needs of the store (the Store class fits). */
export interface HookStore {
  exists(name: string): boolean;
  get(name: string): TimeSeries;
  update(name: string, points: TimeSeries, opts?: WriteOptions): unknown;
}

export interface HookRun {
  hook: string;
  status: 'ok' | 'skipped' | 'error';
  /** Series written as new revisions (source `plugin:<plugin>/<hook id>`). */
  written: string[];
  error?: { code: string; message: string };
}

/**
 * Runs the correlation hooks affected by changes to `changed`, in declared order: a hook runs when a
 * series it depends on changed (directly or through an earlier hook). It gets its `depends_on` series as
 * one long-format Arrow table (method `hook.<id>`) and returns the series it changed in the same shape;
 * writing a series it did not declare in `may_change` is an error and nothing of that answer is written.
 * One failing hook does not stop the others. Hooks on a cycle never run (reported as issues).
 */
export async function runCorrelationHooks(
  plugins: ReadonlyArray<{ name: string; manifest: Manifest; host: PluginHost }>,
  store: HookStore,
  changed: readonly string[],
): Promise<{ runs: HookRun[]; issues: LibraryIssue[] }> {
  const { order, issues } = hookOrder(plugins);
  const byId = new Map<string, { plugin: (typeof plugins)[number]; hook: Manifest['hooks'][number] }>();
  for (const p of plugins) for (const h of p.manifest.hooks) byId.set(`${p.name}/${h.id}`, { plugin: p, hook: h });
  const dirty = new Set(changed);
  const runs: HookRun[] = [];
  for (const id of order) {
    const { plugin, hook } = byId.get(id)!;
    const triggers = hook.depends_on.filter((s) => dirty.has(s));
    if (!triggers.length) {
      runs.push({ hook: id, status: 'skipped', written: [] });
      continue;
    }
    try {
      const inputs = new Map(hook.depends_on.filter((s) => store.exists(s)).map((s) => [s, store.get(s)] as const));
      const r = await plugin.host.call(`hook.${hook.id}`, { changed: triggers, depends_on: hook.depends_on, may_change: hook.may_change }, seriesToLongIPC(inputs));
      const out = r.payload.length ? longIPCToSeries(r.payload) : new Map();
      const undeclared = [...out.keys()].filter((s) => !hook.may_change.includes(s));
      if (undeclared.length) {
        runs.push({ hook: id, status: 'error', written: [], error: { code: 'undeclared_write', message: `${id} wrote ${undeclared.map((s) => JSON.stringify(s)).join(', ')}, not in its may_change` } });
        continue;
      }
      // Outputs take the time axis of the inputs (a hook cannot mix naive and tz-aware).
      const tzaware = [...inputs.values()][0]?.tzaware ?? true;
      const written: string[] = [];
      for (const [name, s] of out) {
        store.update(name, { tzaware, valueType: 'float64', times: s.times, values: s.values }, { source: `plugin:${id}`, author: plugin.name });
        written.push(name);
        dirty.add(name);
      }
      runs.push({ hook: id, status: 'ok', written });
    } catch (e) {
      const err = toStrataError(e);
      runs.push({ hook: id, status: 'error', written: [], error: { code: err.code, message: err.message } });
    }
  }
  return { runs, issues };
}
