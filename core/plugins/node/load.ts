import type { HostLimits } from '../host.js';
import type { PluginLauncher } from '../launcher.js';
import { PluginSet } from '../runtime.js';
import { childProcessLauncher, manifestLaunchSpec } from './child-launcher.js';
import { scanLibraries } from './scan.js';

export interface LoadOptions {
  /** Default: child_process (CLI, tests); the app passes Electron's utilityProcess launcher. */
  launcher?: PluginLauncher;
  limits?: Partial<HostLimits>;
  /** Heap cap of JS plugins, MB. */
  maxMemoryMb?: number;
  onLog?: (plugin: string, level: string, message: string) => void;
}

/**
 * Scans library folders (manifests only: no executable is run) and returns their long-lived plugins,
 * none started yet (Node-only). Dispose the set to stop every plugin process it started.
 */
export async function loadPlugins(dirs: readonly string[], opts: LoadOptions = {}): Promise<PluginSet> {
  // One library after the other: where two plugins clash, the one in the earlier library wins.
  const entries = [];
  for (const d of dirs) entries.push(...(await scanLibraries([d], { probe: false })));
  return new PluginSet(entries, {
    launcher: opts.launcher ?? childProcessLauncher,
    launchSpec: (p) => manifestLaunchSpec(p.path, p.manifest, opts.maxMemoryMb ? { maxMemoryMb: opts.maxMemoryMb } : {}),
    ...(opts.limits ? { limits: opts.limits } : {}),
    ...(opts.onLog ? { onLog: opts.onLog } : {}),
  });
}
