import { describe, expect, it } from 'vitest';
import { check, createRegistry, defaultRegistry, evaluate, MemoryResolver, parse, type OperatorSpec } from '../../../core/formula/index.js';
import { seriesValue } from '../../../core/formula/values.js';
import { daily } from './helpers.js';

const base: OperatorSpec = {
  name: 'twice',
  family: 'plugin',
  params: [{ name: 'series', type: 'series', doc: 'input' }],
  keywords: [{ name: 'offset', type: 'number', default: 0, doc: 'added after doubling' }],
  returns: 'series',
  doc: 'Doubles a series.',
  examples: ['(twice (series "a"))'],
  impl: async ({ args }) => {
    // Stands in for a plugin whose implementation runs elsewhere and answers asynchronously.
    await new Promise((r) => setTimeout(r, 1));
    const s = args.series as ReturnType<typeof seriesValue>;
    const v = s.series.values as Float64Array;
    return seriesValue({ ...s.series, values: v.map((x) => 2 * x + (args.offset as number)) });
  },
};

describe('registry', () => {
  it('holds every operator issue 4 names (with the older min/max forms)', () => {
    const reg = defaultRegistry();
    for (const n of ['series', '+', '*', '/', 'add', 'sub', 'mul', 'div', 'row-min', 'row-max', 'min', 'max', 'std', 'row-mean', 'priority', 'clip', 'resample', 'constant', 'asof', 'time-shifted', 'round', 'tzaware', 'slice', 'date', 'today', 'timedelta', 'naive', 'cumsum', 'rolling', 'trig.cos', 'shifted']) {
      expect(reg.has(n), n).toBe(true);
    }
  });

  it('every built-in example parses and type-checks', () => {
    const reg = defaultRegistry();
    for (const op of reg.list()) {
      expect(op.examples.length, op.name).toBeGreaterThan(0);
      for (const ex of op.examples) {
        const p = parse(ex);
        expect(p.ok, ex).toBe(true);
        if (p.ok) expect(check(p.ast, reg).diagnostics, ex).toEqual([]);
      }
    }
  });

  it('the default registry is read-only; plugins extend a copy and cannot replace built-ins', () => {
    expect(() => defaultRegistry().register(base)).toThrow(/read-only/);
    const reg = createRegistry();
    expect(() => reg.register({ ...base, name: 'add' })).toThrow(/built in/);
    expect(() => reg.register({ ...base, aliases: ['series'] })).toThrow(/built in/);
    reg.register(base, { owner: 'p1' });
    expect(() => reg.register(base, { owner: 'p2' })).toThrow(/already registered by p1/);
    expect(() => reg.register(base, { owner: 'p1' })).toThrow(/already registered/);
    reg.register({ ...base, doc: 'v2' }, { owner: 'p1', replace: true });
    expect(reg.get('twice')!.doc).toBe('v2');
    expect(reg.unregister('twice', 'p2')).toBe(false);
    expect(reg.unregister('add', 'builtin')).toBe(false);
    expect(reg.unregister('twice', 'p1')).toBe(true);
    expect(defaultRegistry().has('twice')).toBe(false);
  });

  it('validates entries on registration', () => {
    const reg = createRegistry();
    const bad = (patch: Partial<OperatorSpec>, re: RegExp) => expect(() => reg.register({ ...base, ...patch } as OperatorSpec)).toThrow(re);
    bad({ name: 'has space' }, /invalid name/);
    bad({ name: '42' }, /invalid name/);
    bad({ name: 'nil' }, /invalid name/);
    bad({ doc: '' }, /doc/);
    bad({ impl: undefined as never }, /impl/);
    bad({ returns: 'seris' }, /unknown type/);
    bad({ params: [{ name: 'x', type: 'number', default: 1, doc: '' }, { name: 'y', type: 'number', doc: '' }] }, /follows a defaulted/);
    bad({ params: [{ name: 'x', type: 'number', default: 'a', doc: '' }] }, /does not fit/);
    bad({ params: [{ name: 'x', type: 'number', doc: '' }, { name: 'x', type: 'number', doc: '' }] }, /twice/);
    bad({ keywords: [{ name: 'k', type: 'number', doc: '' }] }, /needs a default/);
    bad({ examples: ['(twice'] }, /does not parse/);
    bad({ params: [{ name: '__bad name', type: 'number', doc: '' }] }, /invalid name/);
  });

  it('evaluates a plugin operator with an async implementation', async () => {
    const reg = createRegistry();
    reg.register(base, { owner: 'p1' });
    const r = new MemoryResolver({ a: daily('2024-01-01', [1, 2]) });
    const res = await evaluate('(twice (series "a") #:offset 1)', r, { registry: reg });
    expect(res.kind === 'series' && [...(res.series.values as Float64Array)]).toEqual([3, 5]);
    await expect(evaluate('(twice (series "a"))', r)).rejects.toMatchObject({ code: 'unknown_operator' });
  });

  it('describes operators as JSON for the CLI and the editor', () => {
    const d = defaultRegistry().describe();
    const series = d.find((o) => o.name === 'series')!;
    expect(series).toMatchObject({ family: 'source', origin: 'tshistory', returns: 'series', builtin: true, owner: 'builtin' });
    expect(series.params).toEqual([{ name: 'name', type: 'string', optional: false, doc: expect.any(String), seriesName: true }]);
    expect(series.keywords.map((k) => k.name)).toEqual(['fill', 'limit', 'prune', 'weight', 'keepnans']);
    const resample = d.find((o) => o.name === 'resample')!;
    expect(resample.params[2]).toMatchObject({ name: 'method', default: 'mean', optional: true });
    expect(d.find((o) => o.name === 'add')!.rest).toMatchObject({ name: 'series', min: 1 });
    expect(d.find((o) => o.name === 'timedelta')!.aliases).toEqual(['shifted']);
    expect(JSON.parse(JSON.stringify(d))).toEqual(d);
  });
});
