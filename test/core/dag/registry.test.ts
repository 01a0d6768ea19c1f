import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { builtinRegistry, OpRegistry, runWorkflow, saveWorkflow, type OpDef } from '../../../core/dag/index.js';
import { statuses, tempStore, sine } from './helpers.js';

/** What the formula engine will register: one entry, a caller op whose external state is its inputs' revisions. */
const formulaLike: OpDef<{ text: string }> = {
  name: 'formula',
  version: 1,
  doc: 'evaluate a formula (test stand-in: the name of a series to read)',
  config: z.object({ text: z.string().min(1) }).strict(),
  inputs: { min: 0, max: 8 },
  accepts: 'any',
  output: 'time',
  placement: 'caller',
  external: (c, env) => ({ revision: env.store.info(c.text).lastInsertionDate }),
  run: (_i, c, ctx) => {
    const s = ctx.env!.store.get(c.text);
    return { indexKind: 'time', index: s.times, channels: { [c.text]: s.values as Float64Array }, tzaware: s.tzaware };
  },
};

let h: ReturnType<typeof tempStore>;
beforeEach(() => (h = tempStore()));
afterEach(() => h.cleanup());

describe('OpRegistry', () => {
  it('adding a node type (the formula op, a plugin op) is one entry', async () => {
    const registry = builtinRegistry();
    expect(registry.has('formula_like')).toBe(false);
    registry.register({ ...formulaLike, name: 'formula_like' });
    h.store.update('x', sine(64, 10, 1));
    saveWorkflow(h.store, { name: 'f', nodes: [{ id: 'e', op: 'formula_like', config: { text: 'x' }, inputs: [] }, { id: 's', op: 'fft', config: {}, inputs: ['e'] }] }, registry);
    expect(statuses(await runWorkflow(h.store, 'f', { registry, workers: 0 }))).toEqual({ e: 'ran', s: 'ran' });
    expect(statuses(await runWorkflow(h.store, 'f', { registry, workers: 0 }))).toEqual({ e: 'cached', s: 'cached' });
    h.store.update('x', sine(65, 10, 1));
    expect(statuses(await runWorkflow(h.store, 'f', { registry, workers: 0 }))).toEqual({ e: 'ran', s: 'ran' });
  });

  it('never silently replaces an op, and clones are independent', () => {
    const registry = builtinRegistry();
    expect(() => registry.register({ ...formulaLike, name: 'fft' })).toThrow(expect.objectContaining({ code: 'op_exists' }));
    registry.register({ ...formulaLike, name: 'fft' }, { replace: true });
    expect(registry.get('fft')!.doc).toMatch(/test stand-in/);
    const a = new OpRegistry();
    const b = a.clone();
    b.register(formulaLike);
    expect(a.names()).toEqual([]);
    expect(b.names()).toEqual(['formula']);
  });

  it('checks entries when they are registered', () => {
    const r = new OpRegistry();
    const bad: [Partial<OpDef>, RegExp][] = [
      [{ name: 'Bad Name' }, /lower_snake_case/],
      [{ version: 0 }, /version/],
      [{ config: {} as never }, /zod schema/],
      [{ inputs: { min: 2, max: 1 } }, /inputs/],
      [{ placement: 'gpu' as never }, /placement/],
      [{ placement: 'pool' }, /only caller ops can read external state/],
      [{ external: undefined, writes: true }, /writes/],
    ];
    for (const [patch, re] of bad) expect(() => r.register({ ...formulaLike, ...patch } as OpDef)).toThrow(re);
    r.register({ ...formulaLike, name: 'plugin.my_node' });
    expect(r.has('plugin.my_node')).toBe(true);
  });

  it('every built-in op is documented and versioned', () => {
    for (const def of builtinRegistry().list()) {
      expect(def.doc.length).toBeGreaterThan(10);
      expect(def.version).toBeGreaterThanOrEqual(1);
    }
  });
});
