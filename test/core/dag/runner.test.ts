import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runWorkflow, saveWorkflow, WorkflowStore, type ProgressEvent, type Workflow } from '../../../core/dag/index.js';
import { sine, statuses, tempStore } from './helpers.js';

const FS = 100;

function chain(name = 'wf'): Workflow {
  return {
    name,
    nodes: [
      { id: 'raw', op: 'series', config: { name: 'sig' }, inputs: [] },
      { id: 'lp', op: 'filter', config: { filter_type: 'lowpass', cutoff: 10, order: 4, zero_phase: true }, inputs: ['raw'] },
      { id: 'spec', op: 'fft', config: { window: 'hann', normalize: true }, inputs: ['lp'] },
      { id: 'f', op: 'unit_conversion', config: { conversion: 'celsius_to_fahrenheit' }, inputs: ['raw'] },
      { id: 'out', op: 'save', config: { name: 'sig_f' }, inputs: ['f'] },
    ],
  };
}

let h: ReturnType<typeof tempStore>;
beforeEach(() => {
  h = tempStore();
  h.store.update('sig', sine(256, FS, 5, 20), { unit: '°C', source: 'file:sig.csv' });
});
afterEach(() => h.cleanup());

describe('runWorkflow', () => {
  it('runs every node, then a rerun with nothing changed runs nothing (save included)', async () => {
    saveWorkflow(h.store, chain());
    const first = await runWorkflow(h.store, 'wf', { workers: 1 });
    expect(statuses(first)).toEqual({ raw: 'ran', lp: 'ran', spec: 'ran', f: 'ran', out: 'ran' });
    expect(first.cancelled).toBe(false);
    const saved = h.store.get('sig_f');
    expect(saved.times.length).toBe(256);
    expect((saved.values as Float64Array)[0]).toBeCloseTo(20 * 1.8 + 32, 9);
    expect(h.store.info('sig_f').unit).toBe('°F');

    const second = await runWorkflow(h.store, 'wf', { workers: 1 });
    expect(statuses(second)).toEqual({ raw: 'cached', lp: 'cached', spec: 'cached', f: 'cached', out: 'cached' });
    const third = await runWorkflow(h.store, 'wf', { workers: 1 });
    expect(new Set(third.nodes.map((n) => n.status))).toEqual(new Set(['cached']));
    expect(h.store.revisions('sig_f')).toHaveLength(1);
  });

  it('a new revision of a source series reruns it and its descendants only', async () => {
    saveWorkflow(h.store, {
      name: 'wf',
      nodes: [
        { id: 'a', op: 'series', config: { name: 'sig' }, inputs: [] },
        { id: 'b', op: 'series', config: { name: 'other' }, inputs: [] },
        { id: 'a2', op: 'time_shift', config: { delta: '1h' }, inputs: ['a'] },
        { id: 'b2', op: 'time_shift', config: { delta: '1h' }, inputs: ['b'] },
      ],
    });
    h.store.update('other', sine(10, FS, 1));
    await runWorkflow(h.store, 'wf', { workers: 0 });
    h.store.update('sig', sine(300, FS, 5, 20));
    const r = await runWorkflow(h.store, 'wf', { workers: 0 });
    expect(statuses(r)).toEqual({ a: 'ran', b: 'cached', a2: 'ran', b2: 'cached' });
  });

  it('changing one node reruns it and its descendants only; changing it back is a cache hit', async () => {
    saveWorkflow(h.store, chain());
    await runWorkflow(h.store, 'wf', { workers: 1 });
    const edited = chain();
    edited.nodes[1]!.config = { filter_type: 'lowpass', cutoff: 20, order: 4, zero_phase: true };
    saveWorkflow(h.store, edited);
    const r = await runWorkflow(h.store, 'wf', { workers: 1 });
    expect(statuses(r)).toEqual({ raw: 'cached', lp: 'ran', spec: 'ran', f: 'cached', out: 'cached' });
    saveWorkflow(h.store, chain());
    const back = await runWorkflow(h.store, 'wf', { workers: 1 });
    expect(statuses(back)).toEqual({ raw: 'cached', lp: 'cached', spec: 'cached', f: 'cached', out: 'cached' });
  });

  it('defaults and key order do not change the cache key', async () => {
    saveWorkflow(h.store, chain());
    await runWorkflow(h.store, 'wf', { workers: 0 });
    const same = chain();
    // order 4 and zero_phase false are the defaults; key order is irrelevant.
    same.nodes[1]!.config = { zero_phase: true, cutoff: 10, filter_type: 'lowpass' };
    saveWorkflow(h.store, same);
    const r = await runWorkflow(h.store, 'wf', { workers: 0 });
    expect(statuses(r).lp).toBe('cached');
  });

  it('a failing node is failed with its error, its descendants skipped, the rest still run', async () => {
    saveWorkflow(h.store, {
      name: 'wf',
      nodes: [
        { id: 'raw', op: 'series', config: { name: 'sig' }, inputs: [] },
        // 60 Hz is above the Nyquist frequency of a 100 Hz signal.
        { id: 'bad', op: 'filter', config: { filter_type: 'lowpass', cutoff: 60 }, inputs: ['raw'] },
        { id: 'after', op: 'fft', config: {}, inputs: ['bad'] },
        { id: 'after2', op: 'save', config: { name: 'never' }, inputs: ['after0'] },
        { id: 'after0', op: 'rolling', config: { window: 3 }, inputs: ['bad'] },
        { id: 'ok', op: 'fft', config: {}, inputs: ['raw'] },
      ],
    });
    const r = await runWorkflow(h.store, 'wf', { workers: 1 });
    expect(statuses(r)).toEqual({ raw: 'ran', bad: 'failed', after: 'skipped', after2: 'skipped', after0: 'skipped', ok: 'ran' });
    const bad = r.nodes.find((n) => n.id === 'bad')!;
    expect(bad.error?.code).toBe('bad_cutoff');
    expect(bad.error?.message).toMatch(/^node "bad" \(filter\): .*Nyquist/);
    expect(r.nodes.find((n) => n.id === 'after')!.error).toEqual({ code: 'upstream_failed', message: 'node "after" (fft): input "bad" failed' });
    expect(h.store.exists('never')).toBe(false);
    // The state is kept per node.
    const states = new WorkflowStore(h.store).nodeStates('wf');
    expect(states.get('bad')!.status).toBe('failed');
    expect(states.get('ok')!.status).toBe('ran');
  });

  it('a missing source series fails that node only', async () => {
    saveWorkflow(h.store, {
      name: 'wf',
      nodes: [
        { id: 'gone', op: 'series', config: { name: 'nope' }, inputs: [] },
        { id: 'x', op: 'fft', config: {}, inputs: ['gone'] },
        { id: 'raw', op: 'series', config: { name: 'sig' }, inputs: [] },
      ],
    });
    const r = await runWorkflow(h.store, 'wf', { workers: 0 });
    expect(statuses(r)).toEqual({ gone: 'failed', x: 'skipped', raw: 'ran' });
    expect(r.nodes[0]!.error!.code).toBe('unknown_series');
  });

  it('emits progress events: start, each node start and end, end', async () => {
    saveWorkflow(h.store, chain());
    const events: ProgressEvent[] = [];
    const r = await runWorkflow(h.store, 'wf', { workers: 1, onProgress: (e) => events.push(e) });
    expect(events[0]).toEqual({ type: 'start', workflow: 'wf', total: 5 });
    expect(events.at(-1)).toEqual({ type: 'end', report: r });
    const ends = events.filter((e) => e.type === 'node-end');
    expect(ends.map((e) => (e as { done: number }).done)).toEqual([1, 2, 3, 4, 5]);
    expect(events.filter((e) => e.type === 'node-start')).toHaveLength(5);
    // A node starts after its inputs have ended.
    const pos = (type: string, node: string) => events.findIndex((e) => e.type === type && (e as { node: string }).node === node);
    expect(pos('node-end', 'raw')).toBeLessThan(pos('node-start', 'lp'));
    expect(pos('node-end', 'lp')).toBeLessThan(pos('node-start', 'spec'));
  });

  it('an app restart keeps workflows, outputs and node state: a rerun is all cached', async () => {
    saveWorkflow(h.store, chain());
    await runWorkflow(h.store, 'wf', { workers: 1 });
    const store = h.reopen();
    expect(new WorkflowStore(store).get('wf').workflow).toEqual(chain());
    const r = await runWorkflow(store, 'wf', { workers: 1 });
    expect(new Set(r.nodes.map((n) => n.status))).toEqual(new Set(['cached']));
    const out = new WorkflowStore(store).output(r.nodes.find((n) => n.id === 'spec')!.key!)!;
    expect(out.frame.indexKind).toBe('frequency');
    expect(out.lineage.op).toBe('fft');
  });

  it('rerunning a workflow whose save target was edited by someone else writes it again', async () => {
    saveWorkflow(h.store, chain());
    await runWorkflow(h.store, 'wf', { workers: 0 });
    h.store.update('sig_f', { tzaware: true, valueType: 'float64', times: new Float64Array([h.store.get('sig_f').times[0]!]), values: new Float64Array([0]) });
    const r = await runWorkflow(h.store, 'wf', { workers: 0 });
    expect(statuses(r).out).toBe('ran');
    expect((h.store.get('sig_f').values as Float64Array)[0]).toBeCloseTo(68, 9);
    expect(statuses(await runWorkflow(h.store, 'wf', { workers: 0 })).out).toBe('cached');
  });

  it('runs an unknown workflow name as an error', async () => {
    await expect(runWorkflow(h.store, 'nope')).rejects.toMatchObject({ code: 'unknown_workflow' });
  });
});
