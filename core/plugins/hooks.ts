import { findCycle, topoSort } from '../dag/toposort.js';
import type { Manifest } from './manifest.js';

/** A library-level problem found without starting any plugin (CLI.md's `errors` of `plugins check`). */
export interface LibraryIssue {
  code: string;
  message: string;
  cycle?: string[];
}

/**
 * Order of the correlation hooks of a library, from their declarations alone: a hook that may change a
 * series runs before every hook that depends on it (DP3's rule). A hook reading and writing the same
 * series is not a cycle by itself (it does not re-trigger itself). A cycle → a `cycle` issue naming it.
 */
export function hookOrder(plugins: ReadonlyArray<{ name: string; manifest: Manifest }>): { order: string[]; issues: LibraryIssue[] } {
  const ids: string[] = [];
  const hooks = new Map<string, { depends_on: string[]; may_change: string[] }>();
  for (const p of plugins) {
    for (const h of p.manifest.hooks) {
      if (h.on !== 'correlation') continue;
      const id = `${p.name}/${h.id}`;
      ids.push(id);
      hooks.set(id, h);
    }
  }
  const writers = new Map<string, string[]>();
  for (const id of ids) for (const s of hooks.get(id)!.may_change) writers.set(s, [...(writers.get(s) ?? []), id]);
  const inputsOf = (id: string): string[] => {
    const out = new Set<string>();
    for (const s of hooks.get(id)!.depends_on) for (const w of writers.get(s) ?? []) if (w !== id) out.add(w);
    return [...out];
  };
  const { sorted, cycled } = topoSort(ids, inputsOf);
  const issues: LibraryIssue[] = [];
  let rest = cycled;
  // Report every independent cycle, not only the first.
  while (rest.length) {
    const cycle = findCycle(rest, inputsOf);
    if (!cycle) break;
    issues.push({ code: 'cycle', message: `correlation hooks form a cycle: ${cycle.join(' → ')}`, cycle });
    const on = new Set(cycle);
    rest = topoSort(rest.filter((x) => !on.has(x)), inputsOf).cycled;
  }
  return { order: sorted, issues };
}
