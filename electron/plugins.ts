// The app's plugins: the user library's hooks run against the store from the main process, JS plugins in
// utility processes (executables with child_process). Plugins never run inside the main process.
import { utilityProcess } from 'electron';
import { join } from 'node:path';
import { childProcessLauncher, startPluginRuntime, type PluginRuntime } from '../core/plugins/node/index.js';
import { Store } from '../core/store/index.js';
import { utilityProcessLauncher } from './plugin-launcher.js';

/** Starts the hooks of `<userData>/library`; resolves to a stop function (stop hooks, then every process ends). */
export async function startAppPlugins(userData: string, storePath: string): Promise<() => Promise<void>> {
  // A second connection to the store (WAL): hooks write revisions like any other writer.
  const store = new Store(storePath);
  let runtime: PluginRuntime;
  try {
    runtime = await startPluginRuntime([join(userData, 'library')], store, {
      launcher: utilityProcessLauncher(utilityProcess, childProcessLauncher),
      onRun: (e) => {
        if (e.status === 'error') console.error(`plugin hook ${e.hook} (${e.trigger}) failed: ${e.error?.code}: ${e.error?.message}`);
      },
      onError: (e) => console.error('plugin hooks:', e),
      onConfig: (plugin, r) => {
        if (!r.ok) console.error(`plugin ${plugin}: configuration refused, the previous one is kept: ${r.error}`);
      },
    });
  } catch (e) {
    store.close();
    throw e;
  }
  return async () => {
    try {
      await runtime.stop();
    } finally {
      store.close();
    }
  };
}
