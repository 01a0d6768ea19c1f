import { describe, expect, it } from 'vitest';
import { check, createRegistry, evaluate, MemoryResolver, parse, type RemoteOperatorEntry, type RemoteValue } from '../../../core/formula/index.js';
import type { TimeSeries } from '../../../core/series/series.js';
import { covered, daily } from './helpers.js';

/**
 * An in-process stand-in for a plugin process: arguments are structured-cloned (as a postMessage or an
 * IPC frame would copy them) and the answer comes back on a later turn of the event loop.
 */
function fakeProcess(fn: (args: Record<string, RemoteValue>, rest: RemoteValue[]) => RemoteValue, seen: { args?: Record<string, RemoteValue>; signal?: AbortSignal } = {}): RemoteOperatorEntry['impl'] {
  return async ({ args, rest }, ctx) => {
    const copy = structuredClone({ args, rest });
    seen.args = copy.args;
    seen.signal = ctx.signal;
    await new Promise((r) => setTimeout(r, 2));
    return structuredClone(fn(copy.args, copy.rest));
  };
}

const scale: RemoteOperatorEntry = {
  name: 'scale',
  params: [
    { name: 'series', type: 'series', doc: 'Input series.' },
    { name: 'factor', type: 'number', default: 2, doc: 'Multiplier.' },
  ],
  keywords: [{ name: 'offset', type: 'number', default: 0, doc: 'Added after scaling.' }],
  returns: 'series',
  doc: 'Scales a series (runs in a plugin).',
  examples: ['(scale (series "a") 3 #:offset 1)'],
  impl: fakeProcess(({ series, factor, offset }) => {
    const s = series as TimeSeries;
    return { ...s, values: (s.values as Float64Array).map((x) => x * (factor as number) + (offset as number)) };
  }),
};

const r = new MemoryResolver({ a: daily('2024-01-01', [1, 2, 3]), b: daily('2024-01-02', [10, 20]) });
const values = (res: Awaited<ReturnType<typeof evaluate>>) => (res.kind === 'series' ? [...(res.series.values as Float64Array)] : res);

describe('remote (plugin) operators', () => {
  it('registers an async operator taking typed-array series; the evaluator awaits it, defaults apply, positionals may be keywords', async () => {
    const reg = createRegistry();
    const seen: { args?: Record<string, RemoteValue> } = {};
    reg.registerOperator({ ...scale, impl: fakeProcess(({ series, factor, offset }) => {
      const s = series as TimeSeries;
      return { ...s, values: (s.values as Float64Array).map((x) => x * (factor as number) + (offset as number)) };
    }, seen) }, 'demo-plugin');
    expect(values(await evaluate('(scale (series "a"))', r, { registry: reg }))).toEqual([2, 4, 6]);
    expect(values(await evaluate('(scale (series "a") #:factor 10 #:offset 1)', r, { registry: reg }))).toEqual([11, 21, 31]);
    const s = seen.args!.series as TimeSeries;
    expect(s.times).toBeInstanceOf(Float64Array);
    expect(s.values).toBeInstanceOf(Float64Array);
    expect(Object.keys(s).sort()).toEqual(['times', 'tzaware', 'valueType', 'values']);
    expect(reg.get('scale')).toMatchObject({ owner: 'demo-plugin', builtin: false, family: 'plugin', origin: 'demo-plugin' });
  });

  it('composes with built-ins both ways', async () => {
    const reg = createRegistry();
    reg.registerOperator(scale, 'demo');
    const res = await evaluate('(add (scale (series "a") 3) (series "b"))', r, { registry: reg });
    expect(values(res)).toEqual([16, 29]);
    expect(values(await evaluate('(scale (add (series "a") (series "b")) #:offset 0.5)', r, { registry: reg }))).toEqual([24.5, 46.5]);
  });

  it('refuses to replace a built-in name or alias, to pose as builtin, and to take another plugin\'s name', () => {
    const reg = createRegistry();
    expect(() => reg.registerOperator({ ...scale, name: 'add' }, 'p')).toThrow(/built in and cannot be replaced/);
    expect(() => reg.registerOperator({ ...scale, aliases: ['min'] }, 'p')).toThrow(/built in/);
    expect(() => reg.registerOperator(scale, 'builtin')).toThrow(/plugin's name as owner/);
    expect(() => reg.registerOperator({ ...scale, returns: 'seriez' }, 'p')).toThrow(/unknown type/);
    expect(() => reg.registerOperator({ ...scale, impl: 42 as never }, 'p')).toThrow(/impl must be a function/);
    reg.registerOperator(scale, 'p1');
    expect(() => reg.registerOperator(scale, 'p2')).toThrow(/already registered by p1/);
    reg.registerOperator({ ...scale, doc: 'second version' }, 'p1', { replace: true });
    expect(reg.get('scale')!.doc).toBe('second version');
  });

  it('the checker checks plugin operators like built-ins, with positioned errors', () => {
    const reg = createRegistry();
    reg.registerOperator(scale, 'p');
    const diag = (f: string) => {
      const p = parse(f);
      if (!p.ok) throw new Error('parse');
      return check(p.ast, reg).diagnostics.map((d) => ({ code: d.code, text: f.slice(d.span.offset, d.span.end) }));
    };
    expect(diag('(scale (series "a") 3 #:offset 1)')).toEqual([]);
    expect(diag('(scale 3)')).toEqual([{ code: 'type_mismatch', text: '3' }]);
    expect(diag('(scale (series "a") "x")')).toEqual([{ code: 'type_mismatch', text: '"x"' }]);
    expect(diag('(scale (series "a") #:ofset 1)')[0]).toMatchObject({ code: 'unknown_keyword' });
    expect(diag('(scale)')[0]).toMatchObject({ code: 'missing_argument' });
    expect(diag('(scale (series "a") 1 2)')[0]).toMatchObject({ code: 'too_many_arguments', text: '2' });
    expect(diag('(scale (series "a") 1 #:factor 2)')[0]).toMatchObject({ code: 'duplicate_argument' });
    expect(diag('(+ 1 (scale (series "a")))')).toEqual([]);
  });

  it('validates the answer: declared type, series invariants', async () => {
    const reg = createRegistry();
    const answering = (name: string, returns: string, answer: unknown) =>
      reg.registerOperator({ ...scale, name, returns, examples: [], impl: async () => answer as RemoteValue }, 'p');
    const t = Float64Array.from([1, 2]);
    answering('unsorted', 'series', { tzaware: true, valueType: 'float64', times: Float64Array.from([2, 1]), values: Float64Array.from([1, 2]) });
    answering('short', 'series', { tzaware: true, valueType: 'float64', times: t, values: Float64Array.from([1]) });
    answering('badvals', 'series', { tzaware: true, valueType: 'float64', times: t, values: [1, 2] });
    answering('notype', 'series', 42);
    answering('num', 'number', 4.5);
    answering('numforstr', 'string', 4.5);
    answering('junk', 'number', { what: 1 });
    const fail = async (f: string) => evaluate(f, r, { registry: reg }).then(() => null, (e) => e as { code: string; message: string });
    expect(await fail('(unsorted (series "a"))')).toMatchObject({ code: 'bad_operator_answer', message: expect.stringMatching(/1:1: unsorted: plugin answered a series whose timestamps are not strictly increasing at index 1/) });
    expect(await fail('(short (series "a"))')).toMatchObject({ code: 'bad_operator_answer', message: expect.stringMatching(/2 timestamps but 1 values/) });
    expect(await fail('(badvals (series "a"))')).toMatchObject({ code: 'bad_operator_answer', message: expect.stringMatching(/do not match its value type/) });
    expect(await fail('(notype (series "a"))')).toMatchObject({ code: 'bad_operator_answer', message: expect.stringMatching(/an int where series was declared/) });
    expect(await fail('(numforstr (series "a"))')).toMatchObject({ code: 'bad_operator_answer' });
    expect(await fail('(junk (series "a"))')).toMatchObject({ code: 'bad_operator_answer', message: expect.stringMatching(/neither a series nor a scalar/) });
    expect(await evaluate('(num (series "a"))', r, { registry: reg })).toEqual({ kind: 'scalar', value: 4.5 });
  });

  it('a failing implementation is a positioned evaluation error naming the operator', async () => {
    const reg = createRegistry();
    reg.registerOperator({ ...scale, name: 'boom', examples: [], impl: async () => { throw new Error('plugin crashed'); } }, 'p');
    const f = '(add (series "a") (boom (series "b")))';
    const e = await evaluate(f, r, { registry: reg }).catch((x) => x);
    expect(e.code).toBe('evaluation_failed');
    expect(e.message).toMatch(/boom failed: plugin crashed/);
    expect(covered(f, e)).toBe('(boom (series "b"))');
  });

  it('cancellation and time limits reach a remote operator that never answers', async () => {
    const reg = createRegistry();
    let signal: AbortSignal | undefined;
    reg.registerOperator({ ...scale, name: 'hang', examples: [], impl: (_c, ctx) => { signal = ctx.signal; return new Promise(() => {}); } }, 'p');
    const t0 = Date.now();
    await expect(evaluate('(hang (series "a"))', r, { registry: reg, timeoutMs: 30 })).rejects.toMatchObject({ code: 'cancelled', message: expect.stringMatching(/timed out/) });
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(signal?.aborted).toBe(true);
    const ac = new AbortController();
    const p = evaluate('(hang (series "a"))', r, { registry: reg, signal: ac.signal });
    ac.abort();
    await expect(p).rejects.toMatchObject({ code: 'cancelled' });
  });

  it('unregisters one operator or everything a plugin registered; the shared registry never sees them', () => {
    const reg = createRegistry();
    reg.registerOperator(scale, 'p');
    reg.registerOperator({ ...scale, name: 'scale2', aliases: ['sc2'] }, 'p');
    reg.registerOperator({ ...scale, name: 'other' }, 'q');
    expect(reg.unregisterOperator('scale', 'q')).toBe(false);
    expect(reg.unregisterOperator('add', 'builtin')).toBe(false);
    expect(reg.unregisterOwner('p').sort()).toEqual(['scale', 'scale2']);
    expect(reg.has('sc2')).toBe(false);
    expect(reg.has('other')).toBe(true);
    expect(createRegistry().has('other')).toBe(false);
  });
});
