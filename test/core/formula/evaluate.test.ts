import { describe, expect, it } from 'vitest';
import {
  createRegistry,
  evaluate,
  findCycle,
  formulaDependencies,
  formulaInsertionDates,
  formulaResolver,
  MemoryResolver,
  parse,
  type OperatorSpec,
} from '../../../core/formula/index.js';
import { pointsToWire } from '../../../core/series/points.js';
import { covered, daily, failure, points, resolver } from './helpers.js';

const us = (iso: string) => Date.parse(iso) * 1000;

describe('evaluate', () => {
  const r = resolver({ a: daily('2024-01-01', [1, 2, 3, 4]), b: daily('2024-01-01', [10, 20, 30, 40]) });

  it('accepts text or a parsed tree', async () => {
    const p = parse('(add (series "a") (series "b"))');
    if (!p.ok) throw new Error();
    const res = await evaluate(p.ast, r);
    expect(res.kind === 'series' && res.series.times.length).toBe(4);
  });

  it('cuts the result to the requested window', async () => {
    expect(await points('(time-shifted (series "a") #:days 1)', r, { to: us('2024-01-03T00:00:00Z') })).toEqual([
      ['2024-01-02T00:00:00Z', 1],
      ['2024-01-03T00:00:00Z', 2],
    ]);
  });

  it('rejects syntax and type problems before reading anything', async () => {
    let reads = 0;
    const counting = { get: (n: string, q: object) => (reads++, r.get(n, q)) };
    await expect(evaluate('(add (series "a")', counting)).rejects.toMatchObject({ code: 'syntax' });
    await expect(evaluate('(add (series "a") 3)', counting)).rejects.toMatchObject({ code: 'type_mismatch', diagnostics: [expect.objectContaining({ code: 'type_mismatch' })] });
    expect(reads).toBe(0);
  });

  it('turns an implementation crash into a positioned evaluation error', async () => {
    const reg = createRegistry();
    const boom: OperatorSpec = { name: 'boom', family: 'x', params: [], returns: 'number', doc: 'd', examples: [], impl: () => { throw new TypeError('kaput'); } };
    reg.register(boom, { owner: 't' });
    const f = '(+ 1 (boom))';
    const e = await failure(f, r, { registry: reg });
    expect(e.code).toBe('evaluation_failed');
    expect(covered(f, e)).toBe('(boom)');
    expect(e.message).toContain('kaput');
  });

  it('can be cancelled with an AbortSignal', async () => {
    const ac = new AbortController();
    const slow = { get: async (n: string, q: object) => { ac.abort(); await new Promise((res) => setTimeout(res, 5)); return r.get(n, q); } };
    await expect(evaluate('(add (series "a") (series "b"))', slow, { signal: ac.signal })).rejects.toMatchObject({ code: 'cancelled' });
    const pre = new AbortController();
    pre.abort();
    await expect(evaluate('(series "a")', r, { signal: pre.signal })).rejects.toMatchObject({ code: 'cancelled', message: expect.stringContaining('cancelled') });
  });

  it('can be time-limited', async () => {
    const never = { get: () => new Promise<undefined>((res) => setTimeout(() => res(undefined), 200)) };
    await expect(evaluate('(add (series "a") (series "b"))', never, { timeoutMs: 20 })).rejects.toMatchObject({ code: 'cancelled', message: expect.stringContaining('timed out') });
  });

  it('evaluates independent series arguments concurrently', async () => {
    let inFlight = 0;
    let peak = 0;
    const slow = { get: async (n: string, q: object) => { inFlight++; peak = Math.max(peak, inFlight); await new Promise((res) => setTimeout(res, 5)); inFlight--; return r.get(n, q); } };
    await evaluate('(add (series "a") (series "b") (series "a"))', slow);
    expect(peak).toBe(3);
  });

  it('handles a million-point add quickly and exactly', async () => {
    const n = 1_000_000;
    const t1 = new Float64Array(n), t2 = new Float64Array(n), v = new Float64Array(n).fill(1);
    for (let i = 0; i < n; i++) { t1[i] = i * 4; t2[i] = i * 4 + (i % 4 === 0 ? 0 : 1); }
    const big = new MemoryResolver({ a: { tzaware: true, valueType: 'float64', times: t1, values: v }, b: { tzaware: true, valueType: 'float64', times: t2, values: v } });
    const res = await evaluate('(add (series "a" #:fill 0) (series "b" #:fill 0))', big);
    expect(res.kind === 'series' && res.series.times.length).toBe(1_750_000);
  });
});

describe('formulas as series', () => {
  const base = new MemoryResolver()
    .addVersion('x', us('2024-01-01T00:00:00Z'), daily('2024-02-01', [1, 1]))
    .addVersion('x', us('2024-01-05T00:00:00Z'), daily('2024-02-01', [2, 2]))
    .addVersion('y', us('2024-01-03T00:00:00Z'), daily('2024-02-01', [10, 10]));
  const formulas: Record<string, string> = {
    f1: '(add (series "x") (series "y"))',
    f2: '(* 2 (series "f1"))',
    loop1: '(series "loop2")',
    loop2: '(+ 1 (series "loop1"))',
  };
  const lookup = (n: string) => (Object.hasOwn(formulas, n) ? formulas[n] : undefined);
  const fr = formulaResolver(base, lookup);

  it('evaluates formulas of formulas, with revision dates applied to every input', async () => {
    const read = async (revisionDate?: number) => {
      const res = await evaluate('(series "f2")', fr, { revisionDate });
      return res.kind === 'series' ? pointsToWire(res.series).map((p) => p[1]) : null;
    };
    expect(await read()).toEqual([24, 24]);
    expect(await read(us('2024-01-04T00:00:00Z'))).toEqual([22, 22]);
    expect(await read(us('2024-01-02T00:00:00Z'))).toEqual([]);
    expect(await fr.exists!('f2')).toBe(true);
    expect(await fr.exists!('zz')).toBe(false);
  });

  it('reports a cycle met during evaluation, naming it', async () => {
    const e = await failure('(series "loop1")', fr as MemoryResolver);
    expect(e.message).toContain('loop1 -> loop2 -> loop1');
  });

  it('finds cycles statically for registration', async () => {
    const deps = (n: string) => (lookup(n) ? formulaDependencies(lookup(n)!) : undefined);
    expect(await findCycle('loop1', deps)).toEqual(['loop1', 'loop2', 'loop1']);
    expect(await findCycle('f2', deps)).toBeNull();
    expect(await findCycle('self', (n) => (n === 'self' ? ['self'] : undefined))).toEqual(['self', 'self']);
  });

  it('gives a formula the union of its inputs\' insertion dates, through formulas of formulas', async () => {
    const dates = await formulaInsertionDates(formulas.f2!, lookup, (n) => base.insertionDates(n));
    expect(dates).toEqual([us('2024-01-01T00:00:00Z'), us('2024-01-03T00:00:00Z'), us('2024-01-05T00:00:00Z')]);
  });
});
