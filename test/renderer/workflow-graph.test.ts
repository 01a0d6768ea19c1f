import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runWorkflow, saveWorkflow, seriesLineage } from '../../core/dag/index.js';
import { sine, tempStore } from '../core/dag/helpers.js';
import { addNode, autoLayout, connect, definitions, lineageGraph, removeNodes, renameNode, setConfig, staleNodes, type WGraph, type SeriesLineageDto } from '../../renderer/src/workflow/graph.js';

const empty: WGraph = { name: 'w', nodes: [], positions: {} };
function three(): WGraph {
  let g = addNode(empty, 'series', { name: 'raw' }).graph;
  g = addNode(g, 'filter', { filter_type: 'lowpass', cutoff: 10 }).graph;
  g = addNode(g, 'fft').graph;
  g = connect(g, 'series', 'filter', 1) as WGraph;
  return connect(g, 'filter', 'fft', 1) as WGraph;
}

describe('workflow graph edits', () => {
  it('adds nodes with fresh ids and lays them out left to right along the data flow', () => {
    const g = three();
    expect(g.nodes.map((n) => [n.id, n.inputs])).toEqual([
      ['series', []],
      ['filter', ['series']],
      ['fft', ['filter']],
    ]);
    expect(addNode(g, 'filter').id).toBe('filter_2');
    const p = autoLayout(g.nodes);
    expect(p.series!.x).toBeLessThan(p.filter!.x);
    expect(p.filter!.x).toBeLessThan(p.fft!.x);
  });

  it('refuses cycles and self-loops, replaces the input of a one-input node, and cleans up on removal', () => {
    const g = three();
    expect(connect(g, 'fft', 'series', 0)).toEqual({ error: 'node series takes no inputs' });
    expect(connect(g, 'fft', 'series', 1)).toEqual({ error: 'connecting fft → series would make a cycle' });
    expect(connect(g, 'fft', 'filter', 1)).toEqual({ error: 'connecting fft → filter would make a cycle' });
    expect(connect(g, 'fft', 'fft', 1)).toEqual({ error: 'a node cannot feed itself' });
    const g2 = addNode(g, 'series', { name: 'other' }).graph;
    const swapped = connect(g2, 'series_2', 'filter', 1) as WGraph;
    expect(swapped.nodes.find((n) => n.id === 'filter')!.inputs).toEqual(['series_2']);
    const r = removeNodes(g, ['filter']);
    expect(r.nodes.map((n) => [n.id, n.inputs])).toEqual([
      ['series', []],
      ['fft', []],
    ]);
    expect(r.positions.filter).toBeUndefined();
    const renamed = renameNode(g, 'filter', 'lp') as WGraph;
    expect(renamed.nodes.map((n) => [n.id, n.inputs])).toEqual([
      ['series', []],
      ['lp', ['series']],
      ['fft', ['lp']],
    ]);
    expect(renameNode(g, 'filter', 'fft')).toEqual({ error: 'a node fft exists' });
    expect(renameNode(g, 'filter', '1x')).toHaveProperty('error');
  });

  it('marks a node stale when it or anything upstream changed since the run', () => {
    const g = three();
    const ran = definitions(g.nodes);
    expect(staleNodes(g.nodes, ran)).toEqual(new Set());
    const edited = setConfig(g, 'filter', { filter_type: 'lowpass', cutoff: 20 });
    expect(staleNodes(edited.nodes, ran)).toEqual(new Set(['filter', 'fft']));
    // Key order in a config does not matter (canonical JSON).
    const same = setConfig(g, 'filter', { cutoff: 10, filter_type: 'lowpass' });
    expect(staleNodes(same.nodes, ran)).toEqual(new Set());
    expect(staleNodes(g.nodes, new Map())).toEqual(new Set(['series', 'filter', 'fft']));
  });
});

describe('lineage graph', () => {
  let h: ReturnType<typeof tempStore>;
  beforeEach(() => {
    h = tempStore();
    h.store.update('raw', sine(200, 100, 2), { source: 'file:raw.csv', unit: 'mV' });
  });
  afterEach(() => h.cleanup());

  it('draws series and steps of a two-stage lineage along the data flow', async () => {
    saveWorkflow(h.store, {
      name: 'clean',
      nodes: [
        { id: 'in', op: 'series', config: { name: 'raw' }, inputs: [] },
        { id: 'lp', op: 'filter', config: { filter_type: 'lowpass', cutoff: 10 }, inputs: ['in'] },
        { id: 'out', op: 'save', config: { name: 'clean' }, inputs: ['lp'] },
      ],
    });
    saveWorkflow(h.store, {
      name: 'summary',
      nodes: [
        { id: 'in', op: 'series', config: { name: 'clean' }, inputs: [] },
        { id: 'sec', op: 'resample', config: { bucket: '1s' }, inputs: ['in'] },
        { id: 'out', op: 'save', config: { name: 'clean_1s' }, inputs: ['sec'] },
      ],
    });
    await runWorkflow(h.store, 'clean', { workers: 0 });
    await runWorkflow(h.store, 'summary', { workers: 0 });
    const l = JSON.parse(JSON.stringify(seriesLineage(h.store, 'clean_1s'))) as SeriesLineageDto;
    const { nodes, edges } = lineageGraph(l);
    const label = new Map(nodes.map((n) => [n.id, n.label]));
    const flow = edges.map((e) => `${label.get(e.from)} -> ${label.get(e.to)}`).sort();
    expect(flow).toEqual(
      [
        'raw -> in (series)',
        'in (series) -> lp (filter)',
        'lp (filter) -> out (save)',
        'out (save) -> clean',
        'clean -> in (series)',
        'in (series) -> sec (resample)',
        'sec (resample) -> out (save)',
        'out (save) -> clean_1s',
      ].sort(),
    );
    expect(nodes.filter((n) => n.kind === 'series').map((n) => n.label).sort()).toEqual(['clean', 'clean_1s', 'raw']);
  });
});
