import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { threadId } from 'node:worker_threads';
import { builtinRegistry, runWorkflow, saveWorkflow, WorkerPool, WorkflowStore, type Workflow } from '../../../core/dag/index.js';
import { op as slowOp } from './fixtures/slow-op.js';
import { statuses, tempStore } from './helpers.js';

const registry = builtinRegistry();
registry.register(slowOp);

let h: ReturnType<typeof tempStore>;
beforeEach(() => (h = tempStore()));
afterEach(() => h.cleanup());

function interval(key: string): { start: number; end: number; thread: number } {
  const f = new WorkflowStore(h.store).output(key)!.frame;
  return { start: f.index[0]!, end: f.index[1]!, thread: f.channels['thread']![0]! };
}

describe('parallel branches and cancel', () => {
  it('runs independent branches at the same time on worker threads, off the caller event loop', async () => {
    const wf: Workflow = {
      name: 'par',
      nodes: [
        // Long enough that the second worker thread's start-up (slow on a loaded machine) cannot hide the overlap.
        { id: 'a', op: 'test_slow', config: { ms: 1500 }, inputs: [] },
        { id: 'b', op: 'test_slow', config: { ms: 1501 }, inputs: [] },
        { id: 'c', op: 'test_slow', config: { ms: 10 }, inputs: ['a', 'b'] },
      ],
    };
    saveWorkflow(h.store, wf, registry);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 20);
    const r = await runWorkflow(h.store, 'par', { registry, workers: 2 }).finally(() => clearInterval(timer));
    expect(statuses(r)).toEqual({ a: 'ran', b: 'ran', c: 'ran' });
    const [a, b, c] = r.nodes.map((n) => interval(n.key!));
    // The two branches overlap in time, on two threads other than the caller's.
    expect(a!.start < b!.end && b!.start < a!.end).toBe(true);
    expect(new Set([a!.thread, b!.thread]).size).toBe(2);
    expect([a!.thread, b!.thread]).not.toContain(threadId);
    // c starts after both its inputs end.
    expect(c!.start).toBeGreaterThanOrEqual(Math.max(a!.end, b!.end));
    // The caller's event loop kept turning while the threads were busy.
    expect(ticks).toBeGreaterThan(5);
  });

  it('cancel stops a running node at once; finished nodes keep their outputs and a rerun resumes', async () => {
    const wf: Workflow = {
      name: 'long',
      nodes: [
        { id: 'quick', op: 'test_slow', config: { ms: 1 }, inputs: [] },
        { id: 'slow', op: 'test_slow', config: { ms: 20_000 }, inputs: ['quick'] },
        { id: 'after', op: 'test_slow', config: { ms: 1 }, inputs: ['slow'] },
      ],
    };
    saveWorkflow(h.store, wf, registry);
    const ac = new AbortController();
    const t0 = Date.now();
    const run = runWorkflow(h.store, 'long', {
      registry,
      workers: 1,
      signal: ac.signal,
      onProgress: (e) => {
        if (e.type === 'node-start' && e.node === 'slow') setTimeout(() => ac.abort(), 100);
      },
    });
    const r = await run;
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(r.cancelled).toBe(true);
    expect(statuses(r)).toEqual({ quick: 'ran', slow: 'skipped', after: 'skipped' });
    expect(r.nodes[1]!.error?.code).toBe('cancelled');
    // The cancelled nodes keep no new run state; the finished one is cached next time.
    const states = new WorkflowStore(h.store).nodeStates('long');
    expect([...states.keys()]).toEqual(['quick']);
    saveWorkflow(h.store, { ...wf, nodes: wf.nodes.map((n) => (n.id === 'slow' ? { ...n, config: { ms: 1 } } : n)) }, registry);
    expect(statuses(await runWorkflow(h.store, 'long', { registry, workers: 1 }))).toEqual({ quick: 'cached', slow: 'ran', after: 'ran' });
  });

  it('a signal aborted before the run skips every node', async () => {
    saveWorkflow(h.store, { name: 'x', nodes: [{ id: 'a', op: 'test_slow', config: { ms: 1 }, inputs: [] }] }, registry);
    const ac = new AbortController();
    ac.abort();
    const r = await runWorkflow(h.store, 'x', { registry, signal: ac.signal });
    expect(r.cancelled).toBe(true);
    expect(statuses(r)).toEqual({ a: 'skipped' });
  });

  it('an error thrown in a worker fails that node only; a shared pool stays usable', async () => {
    const pool = new WorkerPool({ size: 2 });
    try {
      saveWorkflow(
        h.store,
        {
          name: 'f',
          nodes: [
            { id: 'boom', op: 'test_slow', config: { ms: 1, fail: true }, inputs: [] },
            { id: 'fine', op: 'test_slow', config: { ms: 1 }, inputs: [] },
          ],
        },
        registry,
      );
      const r = await runWorkflow(h.store, 'f', { registry, pool });
      expect(statuses(r)).toEqual({ boom: 'failed', fine: 'ran' });
      expect(r.nodes[0]!.error!.message).toBe('node "boom" (test_slow): asked to fail');
      expect(pool.threads).toBeGreaterThan(0);
      const again = await runWorkflow(h.store, 'f', { registry, pool });
      expect(statuses(again)).toEqual({ boom: 'failed', fine: 'cached' });
    } finally {
      await pool.close();
    }
    expect(pool.threads).toBe(0);
  });
});
