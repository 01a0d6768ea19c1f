import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  builtinRegistry,
  OpRegistry,
  OUTPUT_USE_INTERVAL_US,
  parseWorkflow,
  runWorkflow,
  saveWorkflow,
  WorkflowStore,
  type Workflow,
} from '../../../core/dag/index.js';
import { Store } from '../../../core/store/index.js';
import { sine, statuses, tempStore } from './helpers.js';

let h: ReturnType<typeof tempStore>;
beforeEach(() => {
  h = tempStore();
  h.store.update('x', sine(64, 10, 1));
});
afterEach(() => h.cleanup());

const wf = (cutoff = 1): Workflow => ({
  name: 'w',
  nodes: [
    { id: 'a', op: 'series', config: { name: 'x' }, inputs: [] },
    { id: 'b', op: 'filter', config: { filter_type: 'lowpass', cutoff }, inputs: ['a'] },
    { id: 'c', op: 'fft', config: {}, inputs: ['b'] },
    { id: 'd', op: 'rolling', config: { window: 3 }, inputs: ['a'] },
  ],
});

describe('WorkflowStore', () => {
  it('saves by name (saving replaces), lists and deletes', () => {
    const ws = new WorkflowStore(h.store);
    saveWorkflow(h.store, wf());
    saveWorkflow(h.store, { ...wf(), name: 'other' });
    saveWorkflow(h.store, wf(2));
    expect(ws.list().map((s) => s.workflow.name)).toEqual(['other', 'w']);
    expect(ws.get('w').workflow).toEqual(wf(2));
    ws.delete('other');
    expect(ws.exists('other')).toBe(false);
    expect(() => ws.get('other')).toThrow(expect.objectContaining({ code: 'unknown_workflow' }));
    expect(() => ws.delete('other')).toThrow(expect.objectContaining({ code: 'unknown_workflow' }));
  });

  it('saving an edited workflow forgets the run state of edited nodes and their descendants only', async () => {
    saveWorkflow(h.store, wf());
    await runWorkflow(h.store, 'w', { workers: 0 });
    const ws = new WorkflowStore(h.store);
    expect([...ws.nodeStates('w').keys()].sort()).toEqual(['a', 'b', 'c', 'd']);
    saveWorkflow(h.store, wf(2));
    expect([...ws.nodeStates('w').keys()].sort()).toEqual(['a', 'd']);
    saveWorkflow(h.store, { name: 'w', nodes: wf(2).nodes.filter((n) => n.id !== 'd') });
    expect([...ws.nodeStates('w').keys()]).toEqual(['a']);
  });

  it('identical nodes in one run compute once', async () => {
    saveWorkflow(h.store, {
      name: 'twins',
      nodes: [
        { id: 'a', op: 'series', config: { name: 'x' }, inputs: [] },
        { id: 'f1', op: 'fft', config: {}, inputs: ['a'] },
        { id: 'f2', op: 'fft', config: { window: 'none' }, inputs: ['a'] },
      ],
    });
    const r = await runWorkflow(h.store, 'twins', { workers: 2 });
    expect(r.nodes[1]!.key).toBe(r.nodes[2]!.key);
    expect([r.nodes[1]!.status, r.nodes[2]!.status].sort()).toEqual(['cached', 'ran']);
  });

  it('prunes outputs no node points to once unused for the retention period', async () => {
    saveWorkflow(h.store, wf());
    const r1 = await runWorkflow(h.store, 'w', { workers: 0 });
    saveWorkflow(h.store, wf(2));
    await runWorkflow(h.store, 'w', { workers: 0 });
    const ws = new WorkflowStore(h.store);
    const oldFilter = r1.nodes[1]!.key!;
    expect(ws.prune()).toBe(0); // recently used: kept, so undoing the edit is a cache hit
    expect(ws.hasOutput(oldFilter)).toBe(true);
    expect(ws.prune(Number.MAX_SAFE_INTEGER)).toBe(2); // old filter + old fft
    expect(ws.hasOutput(oldFilter)).toBe(false);
    expect(statuses(await runWorkflow(h.store, 'w', { workers: 0 }))).toEqual({ a: 'cached', b: 'cached', c: 'cached', d: 'cached' });
  });

  it('a cache hit records its use at most once an hour (a touch rewrites the whole row, frame included)', async () => {
    saveWorkflow(h.store, wf());
    const r = await runWorkflow(h.store, 'w', { workers: 0 });
    const key = r.nodes[1]!.key!;
    const usedAt = () => (h.store.db.prepare('SELECT used_at FROM node_output WHERE cache_key = ?').get(key) as { used_at: number }).used_at;
    const ws = new WorkflowStore(h.store);
    const t0 = usedAt();
    expect(ws.hasOutput(key, t0 + 60e6)).toBe(true);
    expect(usedAt()).toBe(t0);
    expect(new WorkflowStore(h.store).hasOutput(key, t0 + OUTPUT_USE_INTERVAL_US - 1)).toBe(true);
    expect(usedAt()).toBe(t0);
    expect(ws.hasOutput(key, t0 + OUTPUT_USE_INTERVAL_US)).toBe(true);
    expect(usedAt()).toBe(t0 + OUTPUT_USE_INTERVAL_US);
    // A new connection (an app restart) reads the recorded use from the database.
    const again = new Store(h.path);
    try {
      expect(new WorkflowStore(again).hasOutput(key, t0 + OUTPUT_USE_INTERVAL_US + 60e6)).toBe(true);
      expect(usedAt()).toBe(t0 + OUTPUT_USE_INTERVAL_US);
      expect(new WorkflowStore(again).hasOutput(key, t0 + 3 * OUTPUT_USE_INTERVAL_US)).toBe(true);
      expect(usedAt()).toBe(t0 + 3 * OUTPUT_USE_INTERVAL_US);
    } finally {
      again.close();
    }
  });

  it('a workflow using an op the registry no longer has cannot run', async () => {
    const registry = builtinRegistry();
    saveWorkflow(h.store, wf());
    const without = new OpRegistry(registry.list().filter((d) => d.name !== 'fft'));
    await expect(runWorkflow(h.store, 'w', { registry: without })).rejects.toMatchObject({ code: 'unknown_op' });
    expect(() => parseWorkflow(wf(), without)).toThrow(/unknown operation "fft"/);
  });
});
