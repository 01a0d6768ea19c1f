import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runWorkflow, saveWorkflow, seriesLineage, WorkflowStore } from '../../../core/dag/index.js';
import { formatTimestamp } from '../../../core/series/index.js';
import { sine, statuses, tempStore } from './helpers.js';

let h: ReturnType<typeof tempStore>;
beforeEach(() => {
  h = tempStore();
  h.store.update('raw', sine(200, 100, 2), { source: 'file:raw.csv', unit: 'mV' });
});
afterEach(() => h.cleanup());

const stage1 = {
  name: 'clean',
  nodes: [
    { id: 'in', op: 'series', config: { name: 'raw' }, inputs: [] },
    { id: 'lp', op: 'filter', config: { filter_type: 'lowpass', cutoff: 10 }, inputs: ['in'] },
    { id: 'v', op: 'unit_conversion', config: { conversion: 'mv_to_v' }, inputs: ['lp'] },
    { id: 'out', op: 'save', config: { name: 'clean' }, inputs: ['v'] },
  ],
};
const stage2 = {
  name: 'summary',
  nodes: [
    { id: 'in', op: 'series', config: { name: 'clean' }, inputs: [] },
    { id: 'sec', op: 'resample', config: { bucket: '1s', method: 'mean' }, inputs: ['in'] },
    { id: 'out', op: 'save', config: { name: 'clean_1s' }, inputs: ['sec'] },
  ],
};

describe('lineage', () => {
  it('a saved series records its source, and the chain goes back through workflows to stored data', async () => {
    saveWorkflow(h.store, stage1);
    saveWorkflow(h.store, stage2);
    await runWorkflow(h.store, 'clean', { workers: 0, author: 'ana' });
    await runWorkflow(h.store, 'summary', { workers: 0 });
    const raw = formatTimestamp(h.store.info('raw').lastInsertionDate!, true);
    const clean = formatTimestamp(h.store.info('clean').lastInsertionDate!, true);

    const rev = h.store.revisions('clean')[0]!;
    expect(rev.source).toBe('dag:clean/out');
    expect(rev.author).toBe('ana');

    const l = seriesLineage(h.store, 'clean_1s');
    expect(l).toMatchObject({ series: 'clean_1s', source: 'dag:summary/out', workflow: 'summary', node: 'out', config: { name: 'clean_1s', mode: 'replace' } });
    expect(l.steps.map((s) => [s.node, s.op])).toEqual([
      ['in', 'series'],
      ['sec', 'resample'],
    ]);
    expect(l.steps[0]!.external).toEqual({ series: 'clean', revision: clean });
    expect(l.steps[1]!.config).toEqual({ bucket: '1s', method: 'mean' });
    expect(l.steps[1]!.inputs).toEqual([{ node: 'in', key: l.steps[0]!.key }]);

    expect(l.upstream).toHaveLength(1);
    const up = l.upstream[0]!;
    expect(up).toMatchObject({ series: 'clean', insertion_date: clean, workflow: 'clean', source: 'dag:clean/out' });
    expect(up.steps.map((s) => s.op)).toEqual(['series', 'filter', 'unit_conversion']);
    expect(up.steps[1]!.config).toEqual({ filter_type: 'lowpass', cutoff: 10, order: 4, zero_phase: false });
    expect(up.upstream).toEqual([{ series: 'raw', insertion_date: raw, source: 'file:raw.csv', author: expect.any(String), steps: [], upstream: [] }]);
  });

  it('every cached output records its lineage: op, config, input keys and what it read', async () => {
    saveWorkflow(h.store, stage1);
    const r = await runWorkflow(h.store, 'clean', { workers: 0 });
    const ws = new WorkflowStore(h.store);
    const lp = ws.output(r.nodes[1]!.key!)!;
    expect(lp.lineage).toMatchObject({ workflow: 'clean', node: 'lp', op: 'filter', op_version: 1, inputs: [{ node: 'in', key: r.nodes[0]!.key }] });
    expect(ws.lineage(r.nodes[0]!.key!)!.external).toEqual({ series: 'raw', revision: formatTimestamp(h.store.info('raw').lastInsertionDate!, true) });
    // The save's output is keyed by the target's revision right after its write.
    expect(ws.lineage(r.nodes[3]!.key!)!.external).toEqual({ series: 'clean', revision: formatTimestamp(h.store.info('clean').lastInsertionDate!, true) });
  });

  it('older revisions keep the lineage of the data they were made from', async () => {
    saveWorkflow(h.store, stage1);
    await runWorkflow(h.store, 'clean', { workers: 0 });
    const firstRaw = formatTimestamp(h.store.info('raw').lastInsertionDate!, true);
    const firstClean = h.store.info('clean').lastInsertionDate!;
    h.store.update('raw', sine(210, 100, 2), { source: 'file:raw2.csv' });
    expect(statuses(await runWorkflow(h.store, 'clean', { workers: 0 }))).toEqual({ in: 'ran', lp: 'ran', v: 'ran', out: 'ran' });
    expect(seriesLineage(h.store, 'clean').upstream[0]!.source).toBe('file:raw2.csv');
    const old = seriesLineage(h.store, 'clean', { revisionDate: firstClean });
    expect(old.upstream[0]).toMatchObject({ insertion_date: firstRaw, source: 'file:raw.csv' });
  });

  it('a series not written by a workflow is stored data; an unknown one is an error', () => {
    expect(seriesLineage(h.store, 'raw')).toMatchObject({ series: 'raw', source: 'file:raw.csv', steps: [], upstream: [] });
    expect(() => seriesLineage(h.store, 'nope')).toThrow(expect.objectContaining({ code: 'unknown_series' }));
  });

  it('a workflow reading what it writes has a finite chain (older revisions), cut at the depth limit', async () => {
    saveWorkflow(h.store, {
      name: 'loop',
      nodes: [
        { id: 'in', op: 'series', config: { name: 'raw' }, inputs: [] },
        { id: 'x', op: 'time_shift', config: { delta: '1ms' }, inputs: ['in'] },
        { id: 'out', op: 'save', config: { name: 'raw', mode: 'update' }, inputs: ['x'] },
      ],
    });
    for (let i = 0; i < 3; i++) await runWorkflow(h.store, 'loop', { workers: 0 });
    const l = seriesLineage(h.store, 'raw');
    expect(l.upstream[0]!.upstream[0]!.upstream[0]).toMatchObject({ source: 'file:raw.csv', steps: [] });
    expect(seriesLineage(h.store, 'raw', { maxDepth: 1 }).upstream[0]!.truncated).toBe(true);
  });
});
