import type { PluginKind } from './kinds.js';
import type { Manifest } from './manifest.js';

/**
 * One plugin found in a library. A Timeseer executable contributes one entry per module it lists;
 * a plugin with a manifest contributes one entry. Bad ones are entries too, with status `error`.
 */
export interface PluginEntry {
  name: string;
  /** From the folder (`library/<kind>/…`); `unknown` when the folder is not a known kind. */
  kind: PluginKind | 'unknown';
  /** Folders between the kind and the plugin, joined with `/` (nested groups allowed). */
  group: string;
  capabilities: string[];
  /** The plugin folder (manifest plugins) or the executable file (Timeseer modules). */
  path: string;
  status: 'ok' | 'error';
  error?: string;
  /** How the plugin is run: a JS module / command with a manifest, or a Timeseer-style executable. */
  runtime: 'manifest' | 'executable';
  manifest?: Manifest;
  /** For executables: the program to run and the module name to pass it. */
  executable?: string;
  module?: string;
}

/** What `plugins list --json` prints for each entry (CLI.md). */
export function listRow(e: PluginEntry): Record<string, unknown> {
  const row: Record<string, unknown> = { name: e.name, kind: e.kind, group: e.group, capabilities: e.capabilities, path: e.path, status: e.status };
  if (e.error !== undefined) row.error = e.error;
  return row;
}
