import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { builtinRegistry, runWorkflow, saveWorkflow, WorkflowStore, type Workflow } from '../../../core/dag/index.js';
import { pointsFromWire, pointsToWire } from '../../../core/series/index.js';
import { registerFormula } from '../../../core/store/formulas.js';
import { statuses, tempStore } from './helpers.js';

const T1 = '2024-01-01T00:00:00Z';
const T2 = '2024-01-02T00:00:00Z';
const pts = (p: unknown) => pointsFromWire(p);

let h: ReturnType<typeof tempStore>;
beforeEach(() => {
  h = tempStore();
  h.store.update('a', pts([[T1, 1], [T2, 2]]));
  h.store.update('b', pts([[T1, 10], [T2, 20]]));
});
afterEach(() => h.cleanup());

function wf(nodes: Workflow['nodes']): Workflow {
  return { name: 'wf', nodes };
}

function outputOf(node: string) {
  const ws = new WorkflowStore(h.store);
  const key = ws.nodeStates('wf').get(node)!.key!;
  return ws.output(key)!;
}

describe('workflow formula op', () => {
  it('is registered, evaluates its text as a one-channel frame, and feeds other nodes', async () => {
    expect(builtinRegistry().has('formula')).toBe(true);
    saveWorkflow(
      h.store,
      wf([
        { id: 'sum', op: 'formula', config: { text: '(add (series "a") (series "b"))' }, inputs: [] },
        { id: 'out', op: 'save', config: { name: 'sum_saved' }, inputs: ['sum'] },
      ]),
    );
    const r = await runWorkflow(h.store, 'wf', { workers: 0 });
    expect(statuses(r)).toEqual({ sum: 'ran', out: 'ran' });
    expect(pointsToWire(h.store.get('sum_saved'))).toEqual([[T1, 11], [T2, 22]]);
    const out = outputOf('sum');
    expect(Object.keys(out.frame.channels)).toEqual(['formula']);
    expect(out.lineage.external).toMatchObject({ series: { a: expect.any(String), b: expect.any(String) }, formulas: {} });
  });

  it('reruns when an input gets a new revision or a formula it reads is edited, and only then', async () => {
    await registerFormula(h.store, 'ab', '(add (series "a") (series "b"))');
    saveWorkflow(h.store, wf([{ id: 'f', op: 'formula', config: { text: '(* 2 (series "ab"))', channel: 'twice' }, inputs: [] }]));
    expect(statuses(await runWorkflow(h.store, 'wf', { workers: 0 }))).toEqual({ f: 'ran' });
    expect(statuses(await runWorkflow(h.store, 'wf', { workers: 0 }))).toEqual({ f: 'cached' });
    h.store.update('b', pts([[T2, 30]]));
    expect(statuses(await runWorkflow(h.store, 'wf', { workers: 0 }))).toEqual({ f: 'ran' });
    expect(Array.from(outputOf('f').frame.channels['twice']!)).toEqual([22, 64]);
    await registerFormula(h.store, 'ab', '(sub (series "a") (series "b"))', { update: true });
    expect(statuses(await runWorkflow(h.store, 'wf', { workers: 0 }))).toEqual({ f: 'ran' });
    expect(Array.from(outputOf('f').frame.channels['twice']!)).toEqual([-18, -56]);
  });

  it('rejects a bad formula when the workflow is saved, with its position', () => {
    expect(() => saveWorkflow(h.store, wf([{ id: 'f', op: 'formula', config: { text: '(add (series "a") #:nope 1)' }, inputs: [] }]))).toThrow(
      /node "f" \(formula\): invalid config: .*1:19: operator add has no keyword #:nope/,
    );
    expect(() => saveWorkflow(h.store, wf([{ id: 'f', op: 'formula', config: { text: '(add' }, inputs: [] }]))).toThrow(/1:1: expected "\)"/);
  });

  it('fails the node (not the run) when the formula reads a series that does not exist', async () => {
    saveWorkflow(
      h.store,
      wf([
        { id: 'f', op: 'formula', config: { text: '(add (series "a") (series "ghost"))' }, inputs: [] },
        { id: 'g', op: 'series', config: { name: 'a' }, inputs: [] },
      ]),
    );
    const r = await runWorkflow(h.store, 'wf', { workers: 0 });
    expect(statuses(r)).toEqual({ f: 'failed', g: 'ran' });
    expect(r.nodes[0]!.error).toMatchObject({ code: 'unknown_series' });
    expect(r.nodes[0]!.error!.message).toContain('"ghost"');
  });
});

describe('workflow series node on a formula series', () => {
  it('reads the formula computed, keyed on its inputs and its text', async () => {
    await registerFormula(h.store, 'ab', '(add (series "a") (series "b"))');
    await registerFormula(h.store, 'abab', '(add (series "ab") (series "ab"))');
    saveWorkflow(h.store, wf([{ id: 's', op: 'series', config: { name: 'abab' }, inputs: [] }]));
    expect(statuses(await runWorkflow(h.store, 'wf', { workers: 0 }))).toEqual({ s: 'ran' });
    expect(Array.from(outputOf('s').frame.channels['abab']!)).toEqual([22, 44]);
    expect(outputOf('s').lineage.external).toMatchObject({ series: 'abab', formulas: { abab: '(add (series "ab") (series "ab"))', ab: '(add (series "a") (series "b"))' } });
    expect(statuses(await runWorkflow(h.store, 'wf', { workers: 0 }))).toEqual({ s: 'cached' });
    h.store.update('a', pts([[T1, 5]]));
    expect(statuses(await runWorkflow(h.store, 'wf', { workers: 0 }))).toEqual({ s: 'ran' });
    expect(Array.from(outputOf('s').frame.channels['abab']!)).toEqual([30, 44]);
    // Editing a formula it reads (not itself) also reruns it.
    await registerFormula(h.store, 'ab', '(series "a")', { update: true });
    expect(statuses(await runWorkflow(h.store, 'wf', { workers: 0 }))).toEqual({ s: 'ran' });
    expect(Array.from(outputOf('s').frame.channels['abab']!)).toEqual([10, 4]);
  });
});
