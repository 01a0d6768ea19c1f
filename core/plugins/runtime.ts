import { StrataError } from '../base/errors.js';
import type { Disposable } from '../base/disposable.js';
import type { OpRegistry } from '../dag/registry.js';
import type { OperatorRegistry } from '../formula/registry.js';
import type { LibraryIssue } from './hooks.js';
import { PluginHost, type HostLimits } from './host.js';
import type { LaunchSpec, PluginLauncher } from './launcher.js';
import type { Manifest } from './manifest.js';
import { registerPluginNodes } from './nodes.js';
import { registerPluginOperators, type PluginCall } from './operators.js';
import type { PluginEntry } from './types.js';

/** A long-lived plugin of a library: its manifest, folder and (once used) its process. */
export interface LoadedPlugin {
  name: string;
  manifest: Manifest;
  path: string;
}

export interface PluginSetOptions {
  launcher: PluginLauncher;
  /** How to start a plugin (Node: `manifestLaunchSpec`). */
  launchSpec: (plugin: LoadedPlugin) => LaunchSpec;
  limits?: Partial<HostLimits>;
  onLog?: (plugin: string, level: string, message: string) => void;
}

/**
 * The long-lived plugins of scanned libraries (those with a manifest and status ok; the first of two with
 * the same name), each with one supervised process started on first use. Registers their operators and
 * node types from the manifests alone, so checking a formula or a workflow starts nothing. Dispose to
 * stop every process.
 */
export class PluginSet implements Disposable {
  readonly plugins: readonly LoadedPlugin[];
  private readonly hosts = new Map<string, PluginHost>();
  private disposed = false;

  constructor(
    entries: readonly PluginEntry[],
    private readonly opts: PluginSetOptions,
  ) {
    const seen = new Set<string>();
    const plugins: LoadedPlugin[] = [];
    for (const e of entries) {
      if (e.status !== 'ok' || e.runtime !== 'manifest' || !e.manifest || seen.has(e.name)) continue;
      seen.add(e.name);
      plugins.push({ name: e.name, manifest: e.manifest, path: e.path });
    }
    this.plugins = plugins;
  }

  get(name: string): LoadedPlugin | undefined {
    return this.plugins.find((p) => p.name === name);
  }

  /** The plugin's supervised process (created on first use, started by its first call). */
  host(name: string): PluginHost {
    if (this.disposed) throw new StrataError('plugin_disabled', `plugins are shut down (wanted ${name})`);
    let h = this.hosts.get(name);
    if (!h) {
      const p = this.get(name);
      if (!p) throw new StrataError('unknown_plugin', `no plugin named ${JSON.stringify(name)}`);
      h = new PluginHost(name, this.opts.launchSpec(p), this.opts.launcher, this.opts.limits, (level, message) => this.opts.onLog?.(name, level, message));
      this.hosts.set(name, h);
    }
    return h;
  }

  /** Hosts started so far (for status and tests). */
  startedHosts(): PluginHost[] {
    return [...this.hosts.values()];
  }

  private readonly call = (plugin: string): PluginCall => (method, params, payload) => this.host(plugin).call(method, params, payload);

  /** Adds the plugins' formula operators to `registry` (a registry from `createRegistry()`). */
  addOperators(registry: OperatorRegistry): { registered: string[]; issues: LibraryIssue[] } {
    return registerPluginOperators(registry, this.plugins, this.call);
  }

  /** Adds the plugins' workflow node types (`<plugin>/<node>`) to `registry` (e.g. `builtinRegistry()`). */
  addNodeTypes(registry: OpRegistry): { registered: string[]; issues: LibraryIssue[] } {
    return registerPluginNodes(registry, this.plugins, this.call);
  }

  dispose(): void {
    this.disposed = true;
    for (const h of this.hosts.values()) h.dispose();
    this.hosts.clear();
  }
}
