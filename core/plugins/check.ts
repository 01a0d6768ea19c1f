import { StrataError } from '../base/errors.js';
import { builtinRegistry } from '../dag/ops/index.js';
import { createRegistry } from '../formula/operators/index.js';
import { hookOrder, type LibraryIssue } from './hooks.js';
import { registerPluginNodes } from './nodes.js';
import { registerPluginOperators, type PluginCall } from './operators.js';
import type { PluginEntry } from './types.js';

/** What `strata plugins check --json` prints (CLI.md). */
export interface CheckReport {
  plugins: Array<{ name: string; status: 'ok' | 'error'; error?: string }>;
  hook_order: string[];
  errors: LibraryIssue[];
}

/** Validates a scanned library without starting anything: each plugin, duplicate names, hook order. */
export function checkLibrary(entries: readonly PluginEntry[]): CheckReport {
  const plugins = entries.map((e) => (e.status === 'ok' ? { name: e.name, status: e.status } : { name: e.name, status: e.status, error: e.error ?? 'invalid' }));
  const errors: LibraryIssue[] = [];
  const byName = new Map<string, PluginEntry[]>();
  for (const e of entries) if (e.status === 'ok') byName.set(`${e.kind}\0${e.name}`, [...(byName.get(`${e.kind}\0${e.name}`) ?? []), e]);
  for (const same of byName.values()) {
    if (same.length > 1) errors.push({ code: 'duplicate_plugin', message: `${same.length} ${same[0]!.kind} plugins are named ${JSON.stringify(same[0]!.name)}: ${same.map((e) => e.path).join(', ')} (the first is used)` });
  }
  const withHooks = entries.filter((e) => e.status === 'ok' && e.manifest).map((e) => ({ name: e.name, manifest: e.manifest! }));
  const { order, issues } = hookOrder(withHooks);
  errors.push(...issues);
  // Operators and node types are registered as the app would (first of a name wins), but never called.
  const seen = new Set<string>();
  const firsts = withHooks.filter((p) => !seen.has(p.name) && seen.add(p.name));
  const never: (plugin: string) => PluginCall = () => () => Promise.reject(new StrataError('internal', 'plugins check runs nothing'));
  errors.push(...registerPluginOperators(createRegistry(), firsts, never).issues);
  errors.push(...registerPluginNodes(builtinRegistry(), firsts, never).issues);
  return { plugins, hook_order: order, errors };
}
