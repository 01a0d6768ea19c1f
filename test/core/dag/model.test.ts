import { describe, expect, it } from 'vitest';
import { builtinRegistry, parseWorkflow, validateWorkflow } from '../../../core/dag/index.js';

const registry = builtinRegistry();
const src = { id: 'raw', op: 'series', config: { name: 'x' }, inputs: [] };

function issues(doc: unknown) {
  return validateWorkflow(doc, registry).issues;
}

describe('workflow validation', () => {
  it('accepts a valid workflow, fills config defaults and orders nodes after their inputs', () => {
    const v = parseWorkflow(
      {
        name: 'wf',
        saved_at: 'ignored: show --json output can be saved back',
        nodes: [
          { id: 'spec', op: 'fft', config: {}, inputs: ['lp'] },
          { id: 'lp', op: 'filter', config: { filter_type: 'lowpass', cutoff: 50 }, inputs: ['raw'] },
          { ...src, config: { name: 'x' } },
        ],
      },
      registry,
    );
    expect(v.order).toEqual(['raw', 'lp', 'spec']);
    expect(v.configs.get('lp')).toEqual({ filter_type: 'lowpass', cutoff: 50, order: 4, zero_phase: false });
    expect(v.configs.get('spec')).toEqual({ window: 'none', normalize: false });
    expect(v.kinds.get('spec')).toBe('frequency');
    expect(Object.keys(v.workflow)).toEqual(['name', 'nodes']);
  });

  it('config and inputs may be left out (empty)', () => {
    const v = parseWorkflow({ name: 'w', nodes: [{ id: 'a', op: 'series', config: { name: 'x' } }, { id: 'b', op: 'integral', inputs: ['a'] }] }, registry);
    expect(v.workflow.nodes[0]!.inputs).toEqual([]);
    expect(v.configs.get('b')).toEqual({ per: '1s' });
  });

  it('names the node with an unknown op, and lists the known ones', () => {
    const [i] = issues({ name: 'w', nodes: [src, { id: 'k', op: 'kalman', inputs: ['raw'] }] });
    expect(i).toMatchObject({ code: 'unknown_op', node: 'k' });
    expect(i!.message).toMatch(/^node "k" \(kalman\): unknown operation "kalman" \(known: derivative, fft, filter, formula, integral, resample, rolling, save, series, time_shift, unit_conversion\)$/);
  });

  it('names the node and the field of an invalid config', () => {
    const cases: [unknown, RegExp][] = [
      [{ filter_type: 'lowpass', cutoff: 'fast' }, /node "f" \(filter\): invalid config: config\.cutoff: /],
      [{ filter_type: 'notch', cutoff: 5 }, /config\.filter_type: /],
      [{ filter_type: 'lowpass', cutoff: 5, order: 11 }, /config\.order: .*10/],
      [{ filter_type: 'bandpass', cutoff: 5 }, /config\.cutoff: a bandpass filter needs two cutoffs/],
      [{ filter_type: 'bandpass', cutoff: [9, 5] }, /low cutoff must be below/],
      [{ filter_type: 'lowpass', cutoff: 5, cutof: 6 }, /Unrecognized key.*cutof/],
    ];
    for (const [config, re] of cases) {
      const found = issues({ name: 'w', nodes: [src, { id: 'f', op: 'filter', config, inputs: ['raw'] }] });
      expect(found).toHaveLength(1);
      expect(found[0]).toMatchObject({ code: 'bad_config', node: 'f' });
      expect(found[0]!.message).toMatch(re);
    }
    const dur = issues({ name: 'w', nodes: [src, { id: 's', op: 'time_shift', config: { delta: '3 fortnights' }, inputs: ['raw'] }] });
    expect(dur[0]!.message).toMatch(/node "s" \(time_shift\): invalid config: config\.delta: .*fortnights/);
    const res = issues({ name: 'w', nodes: [src, { id: 'r', op: 'resample', config: { bucket: '0s' }, inputs: ['raw'] }] });
    expect(res[0]!.message).toMatch(/config\.bucket: must be a positive duration/);
    const unit = issues({ name: 'w', nodes: [src, { id: 'u', op: 'unit_conversion', config: {}, inputs: ['raw'] }] });
    expect(unit[0]!.message).toMatch(/give a "conversion" name or a target unit "to"/);
  });

  it('rejects an unknown input, a duplicate id and a wrong number of inputs, naming each node', () => {
    expect(issues({ name: 'w', nodes: [src, { id: 'f', op: 'fft', inputs: ['rwa'] }] })).toEqual([
      { code: 'unknown_input', message: 'node "f" (fft): input "rwa" is not a node of this workflow', node: 'f' },
    ]);
    expect(issues({ name: 'w', nodes: [src, { ...src }] })).toEqual([
      { code: 'duplicate_node', message: 'node "raw": the id is used by more than one node', node: 'raw' },
    ]);
    expect(issues({ name: 'w', nodes: [src, { id: 'f', op: 'fft', inputs: [] }] })[0]).toMatchObject({
      code: 'bad_inputs',
      message: 'node "f" (fft): takes 1 input, got 0',
    });
    expect(issues({ name: 'w', nodes: [{ ...src, inputs: ['raw2'] }, { ...src, id: 'raw2' }] }).map((i) => i.code)).toContain('bad_inputs');
  });

  it('rejects a cycle, naming the nodes on it in the direction data flows', () => {
    const doc = {
      name: 'loop',
      nodes: [
        src,
        { id: 'a', op: 'time_shift', config: { delta: '1s' }, inputs: ['c'] },
        { id: 'b', op: 'time_shift', config: { delta: '1s' }, inputs: ['a'] },
        { id: 'c', op: 'time_shift', config: { delta: '1s' }, inputs: ['b'] },
      ],
    };
    expect(issues(doc)).toEqual([{ code: 'cycle', message: 'the workflow has a cycle: a → b → c → a', node: 'a', cycle: ['a', 'b', 'c', 'a'] }]);
    expect(() => parseWorkflow(doc, registry)).toThrow(expect.objectContaining({ code: 'cycle', message: 'workflow "loop": the workflow has a cycle: a → b → c → a' }));
  });

  it('rejects a time-domain op after an FFT (index kinds)', () => {
    const found = issues({ name: 'w', nodes: [src, { id: 'spec', op: 'fft', inputs: ['raw'] }, { id: 'lp', op: 'filter', config: { filter_type: 'lowpass', cutoff: 1 }, inputs: ['spec'] }] });
    expect(found).toEqual([
      { code: 'bad_input_kind', message: 'node "lp" (filter): needs a time-indexed input, but "spec" gives a frequency-indexed one', node: 'lp' },
    ]);
    // unit conversion works on spectra too, and keeps the frequency index.
    const v = parseWorkflow({ name: 'w', nodes: [src, { id: 'spec', op: 'fft', inputs: ['raw'] }, { id: 'u', op: 'unit_conversion', config: { conversion: 'mv_to_v' }, inputs: ['spec'] }] }, registry);
    expect(v.kinds.get('u')).toBe('frequency');
  });

  it('rejects malformed documents', () => {
    expect(issues(null)[0]!.code).toBe('bad_workflow');
    expect(issues({ name: '', nodes: [src] })[0]!.message).toMatch(/name/);
    expect(issues({ name: 'w', nodes: [] })[0]!.message).toMatch(/at least one node/);
    expect(issues({ name: 'w', nodes: [{ id: 'x', op: 'fft', input: ['raw'] }] })[0]).toMatchObject({ code: 'bad_workflow', node: 'x' });
    expect(issues({ name: 'w', nodes: [42] })[0]!.message).toMatch(/^node #1: /);
  });

  it('reports every issue at once; parseWorkflow throws the first code with all of them in details', () => {
    const doc = { name: 'w', nodes: [src, { id: 'k', op: 'kalman' }, { id: 'f', op: 'fft', config: { window: 'tukey' }, inputs: ['raw'] }] };
    expect(issues(doc).map((i) => i.code)).toEqual(['unknown_op', 'bad_config']);
    try {
      parseWorkflow(doc, registry);
      expect.unreachable();
    } catch (e: any) {
      expect(e.code).toBe('unknown_op');
      expect(e.message).toMatch(/^workflow "w": node "k" .*; node "f" \(fft\): invalid config: config\.window/);
      expect(e.details.issues).toHaveLength(2);
    }
  });
});
