/**
 * Topological order of a graph given as node ids and each node's inputs (HyperFormula's TopSort idea):
 * cycles are returned as data, never thrown. `sorted` lists every node not on or behind a cycle, inputs
 * first; `cycled` lists the rest, in the given order.
 */
export function topoSort(ids: readonly string[], inputsOf: (id: string) => readonly string[]): { sorted: string[]; cycled: string[] } {
  const known = new Set(ids);
  const pending = new Map<string, number>();
  const children = new Map<string, string[]>();
  for (const id of ids) {
    const ins = inputsOf(id).filter((x) => known.has(x));
    pending.set(id, ins.length);
    for (const i of ins) {
      const c = children.get(i);
      if (c) c.push(id);
      else children.set(i, [id]);
    }
  }
  // Kahn's algorithm; the queue starts in the given order so the result is stable.
  const queue = ids.filter((id) => pending.get(id) === 0);
  const sorted: string[] = [];
  for (let k = 0; k < queue.length; k++) {
    const id = queue[k]!;
    sorted.push(id);
    for (const c of children.get(id) ?? []) {
      const n = pending.get(c)! - 1;
      pending.set(c, n);
      if (n === 0) queue.push(c);
    }
  }
  const done = new Set(sorted);
  return { sorted, cycled: ids.filter((id) => !done.has(id)) };
}

/** One cycle among `candidates` (the `cycled` of topoSort), as a closed path `[a, b, ..., a]`, or null. */
export function findCycle(candidates: readonly string[], inputsOf: (id: string) => readonly string[]): string[] | null {
  const inSet = new Set(candidates);
  const state = new Map<string, 1 | 2>(); // 1 = on the current path, 2 = finished
  for (const start of candidates) {
    if (state.has(start)) continue;
    // Iterative depth-first search: long chains never overflow the stack.
    const path: string[] = [];
    const iters: number[] = [];
    path.push(start);
    iters.push(0);
    state.set(start, 1);
    while (path.length) {
      const id = path[path.length - 1]!;
      const ins = inputsOf(id).filter((x) => inSet.has(x));
      const k = iters[iters.length - 1]!;
      if (k >= ins.length) {
        state.set(id, 2);
        path.pop();
        iters.pop();
        continue;
      }
      iters[iters.length - 1] = k + 1;
      const next = ins[k]!;
      const s = state.get(next);
      if (s === 1) {
        // Inputs point backwards along the data flow; reverse so the cycle reads in the data's direction.
        const cycle = path.slice(path.indexOf(next));
        cycle.reverse();
        // Start at the node listed first, so the same cycle always reads the same way.
        const rank = new Map(candidates.map((c, i) => [c, i]));
        let k0 = 0;
        cycle.forEach((c, k) => {
          if (rank.get(c)! < rank.get(cycle[k0]!)!) k0 = k;
        });
        const rotated = [...cycle.slice(k0), ...cycle.slice(0, k0)];
        return [...rotated, rotated[0]!];
      }
      if (s === undefined) {
        state.set(next, 1);
        path.push(next);
        iters.push(0);
      }
    }
  }
  return null;
}
