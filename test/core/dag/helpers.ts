import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Store } from '../../../core/store/index.js';
import type { TimeSeries } from '../../../core/series/index.js';

export const T0 = Date.UTC(2024, 0, 1) * 1000;

/** A tz-aware sine sampled at `fs` Hz: `n` points of amplitude 1 at `hz` plus `offset`. */
export function sine(n: number, fs: number, hz: number, offset = 0): TimeSeries {
  const times = new Float64Array(n);
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    times[i] = T0 + Math.round((i * 1e6) / fs);
    values[i] = offset + Math.sin((2 * Math.PI * hz * i) / fs);
  }
  return { tzaware: true, valueType: 'float64', times, values };
}

/** A store in a fresh temporary folder; `reopen` closes it and opens the same file (an app restart). */
export function tempStore(): { store: Store; path: string; reopen(): Store; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'strata-dag-'));
  const path = join(dir, 's.db');
  const h = {
    store: new Store(path),
    path,
    reopen() {
      h.store.close();
      h.store = new Store(path);
      return h.store;
    },
    cleanup() {
      h.store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return h;
}

export function statuses(report: { nodes: { id: string; status: string }[] }): Record<string, string> {
  return Object.fromEntries(report.nodes.map((n) => [n.id, n.status]));
}
