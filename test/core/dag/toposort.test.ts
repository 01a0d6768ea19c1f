import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { findCycle, topoSort } from '../../../core/dag/index.js';

const graph = (g: Record<string, string[]>) => [Object.keys(g), (id: string) => g[id] ?? []] as const;

describe('topoSort', () => {
  it('orders inputs first, stable in the given order', () => {
    const [ids, inputs] = graph({ c: ['a', 'b'], a: [], b: ['a'], d: [] });
    expect(topoSort(ids, inputs)).toEqual({ sorted: ['a', 'd', 'b', 'c'], cycled: [] });
  });

  it('returns cycles as data: nodes on or behind a cycle are cycled, never thrown', () => {
    const [ids, inputs] = graph({ a: [], b: ['a', 'd'], c: ['b'], d: ['c'], e: ['d'], f: ['a'] });
    const r = topoSort(ids, inputs);
    expect(r.sorted).toEqual(['a', 'f']);
    expect(r.cycled).toEqual(['b', 'c', 'd', 'e']);
    expect(findCycle(r.cycled, inputs)).toEqual(['b', 'c', 'd', 'b']);
  });

  it('finds a self-loop', () => {
    const [ids, inputs] = graph({ a: ['a'] });
    expect(topoSort(ids, inputs).cycled).toEqual(['a']);
    expect(findCycle(['a'], inputs)).toEqual(['a', 'a']);
  });

  it('handles a 100,000-node chain without recursion', () => {
    const n = 100_000;
    const ids = Array.from({ length: n }, (_, i) => `n${i}`);
    const inputs = (id: string) => (id === 'n0' ? ['n' + (n - 1)] : ['n' + (Number(id.slice(1)) - 1)]);
    const r = topoSort(ids, inputs);
    expect(r.sorted).toEqual([]);
    expect(findCycle(r.cycled, inputs)).toHaveLength(n + 1);
  });

  it('property: every sorted node comes after its inputs; a cycle found is a real closed path', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.nat(11), { maxLength: 3 }), { minLength: 1, maxLength: 12 }), (edges) => {
        const ids = edges.map((_, i) => `n${i}`);
        const inputs = (id: string) => (edges[Number(id.slice(1))] ?? []).filter((k) => k < edges.length).map((k) => `n${k}`);
        const { sorted, cycled } = topoSort(ids, inputs);
        expect(sorted.length + cycled.length).toBe(ids.length);
        const pos = new Map(sorted.map((id, i) => [id, i]));
        for (const id of sorted) for (const i of inputs(id)) expect(pos.get(i)!).toBeLessThan(pos.get(id)!);
        const cycle = findCycle(cycled, inputs);
        expect(cycle === null).toBe(cycled.length === 0);
        if (cycle) {
          expect(cycle[0]).toBe(cycle.at(-1));
          // Data flows along the cycle: each node is an input of the next.
          for (let k = 0; k + 1 < cycle.length; k++) expect(inputs(cycle[k + 1]!)).toContain(cycle[k]);
        }
      }),
    );
  });
});
