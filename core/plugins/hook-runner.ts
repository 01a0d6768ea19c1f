import { StrataError, toStrataError } from '../base/errors.js';
import type { TimeSeries } from '../series/series.js';
import type { WriteOptions } from '../store/types.js';
import { hookOrder, type LibraryIssue } from './hooks.js';
import type { CallResult } from './host.js';
import { longIPCToSeries, seriesToLongIPC } from './long-table.js';
import type { Hook, Manifest } from './manifest.js';

/** What the runner needs of the store (the Store class fits). */
export interface HookStore {
  exists(name: string): boolean;
  get(name: string): TimeSeries;
  update(name: string, points: TimeSeries, opts?: WriteOptions): unknown;
}

/** A plugin whose hooks run: its manifest and a way to call it (a PluginHost fits). */
export interface HookPlugin {
  name: string;
  manifest: Manifest;
  host: { call(method: string, params?: unknown, payload?: Uint8Array, timeoutMs?: number): Promise<CallResult> };
}

export interface HookRun {
  hook: string;
  status: 'ok' | 'skipped' | 'error';
  /** Series written as new revisions (source `plugin:<plugin>/<hook id>`). */
  written: string[];
  error?: { code: string; message: string };
}

/**
 * Runs one hook: calls method `hook.<id>` with `params` and, as payload, the series named in `reads`
 * (those that exist) in one long-format Arrow table; writes what it answers (same shape) as new revisions
 * with source `plugin:<plugin>/<id>` and author the plugin. Writing a series not in `may_change` is an
 * `undeclared_write` error and nothing of that answer is written. Never throws: failures are in the run.
 */
export async function runHook(plugin: HookPlugin, hook: Hook, store: HookStore, params: Record<string, unknown>, reads: readonly string[], timeoutMs?: number): Promise<HookRun> {
  const id = `${plugin.name}/${hook.id}`;
  try {
    const inputs = new Map([...new Set(reads)].filter((s) => store.exists(s)).map((s) => [s, store.get(s)] as const));
    const json = plugin.manifest.data === 'json';
    const full = { ...params, depends_on: hook.depends_on, may_change: hook.may_change, ...(json ? { series: seriesJson(inputs) } : {}) };
    const r = await plugin.host.call(`hook.${hook.id}`, full, json ? undefined : seriesToLongIPC(inputs), timeoutMs);
    const answered = (r.value as { series?: unknown } | null)?.series;
    const out = answered !== undefined ? seriesFromHookJson(answered, id) : r.payload.length ? longIPCToSeries(r.payload) : new Map();
    const undeclared = [...out.keys()].filter((s) => !hook.may_change.includes(s));
    if (undeclared.length) {
      return { hook: id, status: 'error', written: [], error: { code: 'undeclared_write', message: `${id} wrote ${undeclared.map((s) => JSON.stringify(s)).join(', ')}, not in its may_change` } };
    }
    // Outputs take the time axis of the inputs (a hook cannot mix naive and tz-aware); tz-aware without inputs.
    const tzaware = [...inputs.values()][0]?.tzaware ?? true;
    const written: string[] = [];
    for (const [name, s] of out) {
      const target = store.exists(name) ? store.get(name).tzaware : tzaware;
      store.update(name, { tzaware: target, valueType: 'float64', times: s.times, values: s.values }, { source: `plugin:${id}`, author: plugin.name });
      written.push(name);
    }
    return { hook: id, status: 'ok', written };
  } catch (e) {
    const err = toStrataError(e);
    return { hook: id, status: 'error', written: [], error: { code: err.code, message: err.message } };
  }
}

/** Hook inputs as JSON: `{name: {"ts": [µs…], "value": [… null]}}` (for `"data": "json"` plugins). */
function seriesJson(inputs: ReadonlyMap<string, TimeSeries>): Record<string, { ts: number[]; value: (number | string | null)[] }> {
  const out: Record<string, { ts: number[]; value: (number | string | null)[] }> = {};
  for (const [name, s] of inputs) out[name] = { ts: Array.from(s.times), value: Array.from(s.values as ArrayLike<number | string | null>, (v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v)) };
  return out;
}

/** A hook's JSON answer `{"series": {name: {"ts", "value"}}}`, checked. */
function seriesFromHookJson(v: unknown, id: string): Map<string, { times: Float64Array; values: Float64Array }> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new StrataError('plugin_malformed', `${id} answered "series" that is not an object of series`);
  const out = new Map<string, { times: Float64Array; values: Float64Array }>();
  for (const [name, s] of Object.entries(v as Record<string, { ts?: unknown; value?: unknown }>)) {
    const ok = Array.isArray(s?.ts) && Array.isArray(s?.value) && s.ts.length === s.value.length && s.ts.every((t) => typeof t === 'number' && Number.isFinite(t)) && s.value.every((x) => x === null || typeof x === 'number');
    if (!ok) throw new StrataError('plugin_malformed', `${id} answered series ${JSON.stringify(name)} without "ts" and "value" lists of numbers of one length`);
    out.set(name, { times: Float64Array.from(s.ts as number[]), values: Float64Array.from(s.value as (number | null)[], (x) => (x === null ? NaN : x)) });
  }
  return out;
}

/**
 * Runs the correlation hooks affected by changes to `changed`, in declared order: a hook runs when a
 * series it depends on changed (directly or through an earlier hook). It gets its `depends_on` series as
 * one long-format Arrow table (method `hook.<id>`) and returns the series it changed in the same shape.
 * One failing hook does not stop the others. Hooks on a cycle never run (reported as issues).
 */
export async function runCorrelationHooks(
  plugins: ReadonlyArray<HookPlugin>,
  store: HookStore,
  changed: readonly string[],
  extra: { config?: (plugin: string) => Record<string, unknown> } = {},
): Promise<{ runs: HookRun[]; issues: LibraryIssue[] }> {
  const { order, issues } = hookOrder(plugins);
  const byId = new Map<string, { plugin: HookPlugin; hook: Hook }>();
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
    const params: Record<string, unknown> = { trigger: 'correlation', changed: triggers };
    if (extra.config) params.config = extra.config(plugin.name);
    const run = await runHook(plugin, hook, store, params, hook.depends_on);
    for (const s of run.written) dirty.add(s);
    runs.push(run);
  }
  return { runs, issues };
}
