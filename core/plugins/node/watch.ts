import { watch, type FSWatcher } from 'node:fs';
import { toDisposable, type Disposable } from '../../base/disposable.js';
import type { Manifest } from '../manifest.js';
import { CONFIG_FILES, loadPluginConfig, type ConfigResult } from './config.js';

/**
 * Calls `onChange` (debounced) when anything changes below the library folders, so the app re-scans.
 * Folders that do not exist are skipped. Dispose to stop watching.
 */
export function watchLibraries(dirs: readonly string[], onChange: () => void, debounceMs = 200): Disposable {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const fire = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      onChange();
    }, debounceMs);
  };
  const watchers: FSWatcher[] = [];
  for (const d of dirs) {
    try {
      // Recursive watching works on Linux from Node 20, and natively on macOS and Windows.
      watchers.push(watch(d, { recursive: true }, fire).on('error', () => {}));
    } catch {
      // Missing folder: nothing to watch.
    }
  }
  return toDisposable(() => {
    if (timer) clearTimeout(timer);
    for (const w of watchers) w.close();
  });
}

/**
 * Reloads a plugin's configuration when its config file (JSON or YAML) changes and hands over the validated result
 * (an invalid file is reported, and the caller keeps the previous configuration).
 */
export function watchPluginConfig(dir: string, manifest: Manifest, onReload: (r: ConfigResult) => void, debounceMs = 100): Disposable {
  let timer: ReturnType<typeof setTimeout> | null = null;
  // The folder is watched, not the file: editors replace files, and a new file must be seen too.
  const w = watch(dir, (_event, name) => {
    if (name !== null && !(CONFIG_FILES as readonly string[]).includes(String(name))) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      onReload(loadPluginConfig(dir, manifest));
    }, debounceMs);
  }).on('error', () => {});
  return toDisposable(() => {
    if (timer) clearTimeout(timer);
    w.close();
  });
}

