import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { cli, tempDir, writeInput } from '../../helpers/cli.js';
import { evalJson } from '../../../core/cli/commands/formula.js';
import { defaultRegistry } from '../../../core/formula/index.js';

let t: { dir: string; cleanup(): void };
let db: string;
beforeEach(() => {
  t = tempDir();
  db = join(t.dir, 'store.db');
});
afterEach(() => t.cleanup());

function file(name: string, content: unknown): string {
  return writeInput(t.dir, name, content);
}

const T1 = '2024-01-01T00:00:00Z';
const T2 = '2024-01-02T00:00:00Z';
const T3 = '2024-01-03T00:00:00Z';

async function put(name: string, points: unknown, idate: string): Promise<void> {
  const r = await cli(['series', 'put', name, file(`${name}-${idate.slice(0, 10)}.json`, points), '--db', db, '--insertion-date', idate]);
  expect(r.code, r.stderr).toBe(0);
}

async function ok(args: string[]) {
  const r = await cli([...args, '--db', db]);
  expect(r.code, r.stderr).toBe(0);
  return r;
}

/** a: revisions Feb 1 and Feb 3; b: Feb 2 and Feb 4; c: Jan 15. */
async function seed(): Promise<void> {
  await put('a', [[T1, 1], [T2, 2]], '2024-02-01T00:00:00Z');
  await put('b', [[T1, 10], [T2, 20]], '2024-02-02T00:00:00Z');
  await put('a', [[T2, 3], [T3, 4]], '2024-02-03T00:00:00Z');
  await put('b', [[T3, 40]], '2024-02-04T00:00:00Z');
  await put('c', [[T1, 100]], '2024-01-15T00:00:00Z');
}

describe('strata formula register', () => {
  it('registers a formula that reads like a series and cannot be written', async () => {
    await seed();
    const r = await ok(['formula', 'register', 'ab', '(add (series "a") (series "b"))']);
    expect(r.stdout).toBe('registered formula ab\n');
    expect((await ok(['series', 'get', 'ab', '--json'])).json()).toEqual({ name: 'ab', points: [[T1, 11], [T2, 23], [T3, 44]] });
    const w = await cli(['series', 'put', 'ab', file('w.json', [[T1, 1]]), '--db', db]);
    expect(w.code).toBe(1);
    expect(w.stderr).toMatch(/^error\[read_only_series\]: "ab" is a formula series/);
  });

  it('refuses an existing name without --update, and replaces it with --update', async () => {
    await seed();
    await ok(['formula', 'register', 'f', '(series "a")']);
    const again = await cli(['formula', 'register', 'f', '(series "b")', '--db', db, '--json']);
    expect(again.code).toBe(1);
    expect(again.json().error.code).toBe('formula_exists');
    expect(again.stderr).toMatch(/formula "f" exists; use --update/);
    expect((await ok(['formula', 'register', 'f', '(series "b")', '--update', '--json'])).json()).toEqual({ name: 'f', created: false });
    expect((await ok(['formula', 'show', 'f'])).stdout).toBe('(series "b")\n');
  });

  it('refuses unknown series without --allow-unknown, with the position of the name', async () => {
    await seed();
    const r = await cli(['formula', 'register', 'g', '(add (series "a")\n     (series "nope"))', '--db', db, '--json']);
    expect(r.code).toBe(1);
    const err = r.json().error;
    expect(err).toMatchObject({ code: 'unknown_series', line: 2, column: 14, span: [31, 37] });
    expect(err.message).toMatch(/unknown series "nope"/);
    await ok(['formula', 'register', 'g', '(add (series "a") (series "nope"))', '--allow-unknown']);
    expect((await ok(['series', 'list', '--json'])).json().find((s: any) => s.name === 'g')).toMatchObject({ kind: 'formula', count: 0 });
  });

  it('gives parse and type errors with line, column (1-based) and span (0-based)', async () => {
    const syn = await cli(['formula', 'register', 'f', '(add (series "a")', '--db', db, '--json']);
    expect(syn.code).toBe(1);
    expect(syn.json().error).toMatchObject({ code: 'syntax', line: 1, column: 1, span: [0, 1], formula: 'f' });
    expect(syn.stderr).toMatch(/^error\[syntax\]: formula "f": 1:1: expected "\)"/);
    const kw = await cli(['formula', 'register', 'f', '(series "a" #:fil 0)', '--db', db, '--json', '--allow-unknown']);
    expect(kw.json().error).toMatchObject({ code: 'unknown_keyword', line: 1, column: 13, span: [12, 17] });
    expect(kw.json().error.diagnostics[0]).toMatchObject({ code: 'unknown_keyword', line: 1, column: 13, span: [12, 17] });
  });

  it('rejects a cycle, naming it', async () => {
    await seed();
    await ok(['formula', 'register', 'f1', '(series "a")']);
    await ok(['formula', 'register', 'f2', '(add (series "f1") (series "b"))']);
    const r = await cli(['formula', 'register', 'f1', '(series "f2")', '--update', '--db', db, '--json']);
    expect(r.code).toBe(1);
    expect(r.json().error).toMatchObject({ code: 'formula_cycle', cycle: ['f1', 'f2', 'f1'] });
    expect(r.stderr).toContain('f1 -> f2 -> f1');
  });
});

describe('strata formula eval', () => {
  it('evaluates series formulas as of a revision date and in a window', async () => {
    await seed();
    expect((await ok(['formula', 'eval', '(add (series "a") (series "b"))', '--json'])).json()).toEqual({ points: [[T1, 11], [T2, 23], [T3, 44]] });
    expect((await ok(['formula', 'eval', '(add (series "a") (series "b"))', '--revision-date', '2024-02-02T12:00:00Z', '--json'])).json()).toEqual({ points: [[T1, 11], [T2, 22]] });
    expect((await ok(['formula', 'eval', '(add (series "a") (series "b"))', '--from', T2, '--to', T2, '--json'])).json()).toEqual({ points: [[T2, 23]] });
    const people = await ok(['formula', 'eval', '(series "c")']);
    expect(people.stdout).toMatch(/timestamp\s+value\n2024-01-01T00:00:00Z\s+100/);
  });

  it('prints scalars as {"value"}, timestamps as ISO', async () => {
    expect((await ok(['formula', 'eval', '(+ 1 2)', '--json'])).json()).toEqual({ value: 3 });
    expect((await ok(['formula', 'eval', '(date "2024-03-01T00:00:00Z")', '--json'])).json()).toEqual({ value: '2024-03-01T00:00:00Z' });
    expect((await ok(['formula', 'eval', '(+ 1 2)'])).stdout).toBe('3\n');
  });

  it('reports evaluation errors positioned, and bad options as usage errors', async () => {
    await seed();
    const r = await cli(['formula', 'eval', '(add (series "a")\n  (series "zz"))', '--db', db, '--json']);
    expect(r.code).toBe(1);
    expect(r.json().error).toMatchObject({ code: 'unknown_series', line: 2, column: 11, span: [28, 32] });
    const u = await cli(['formula', 'eval', '(+ 1 2)', '--from', 'yesterday', '--db', db]);
    expect(u.code).toBe(2);
    const tmo = await cli(['formula', 'eval', '(+ 1 2)', '--timeout', '-5', '--db', db]);
    expect(tmo.code).toBe(2);
  });

  it('prints spans as {"spans": [{"begin", "end"}]} and tables as {"columns", "rows"}', async () => {
    await put('x', [[T1, 1], [T2, 5], [T3, 1]], '2024-02-01T00:00:00Z');
    const spans = (await ok(['formula', 'eval', '(spans-when (> (series "x") 2))', '--json'])).json();
    expect(spans).toEqual({ spans: [{ begin: T2, end: T3 }] });
    const tbl = (await ok(['formula', 'eval', '(spans-stats (spans-when (> (series "x") 2)) (series "x"))', '--json'])).json();
    expect(tbl.columns[0]).toBe('begin');
    expect(tbl.rows[0][0]).toBe(T2);
    const people = await ok(['formula', 'eval', '(spans-when (> (series "x") 2))']);
    expect(people.stdout).toMatch(/begin\s+end\n2024-01-02T00:00:00Z\s+2024-01-03T00:00:00Z/);
    // A value kind this command does not know yet still prints, typed arrays as arrays.
    expect(evalJson({ kind: 'matrix', data: new Float64Array([1, 2]) } as never)).toEqual({ kind: 'matrix', data: [1, 2] });
  });
});

describe('formulas as versioned series through the CLI', () => {
  it('formula of formula: insertion dates are the union of the inputs, revision dates reach every input', async () => {
    await seed();
    await ok(['formula', 'register', 'ab', '(add (series "a") (series "b"))']);
    await ok(['formula', 'register', 'abc', '(add (series "ab") (series "c"))']);
    expect((await ok(['series', 'insertion-dates', 'abc', '--json'])).json()).toEqual([
      '2024-01-15T00:00:00Z',
      '2024-02-01T00:00:00Z',
      '2024-02-02T00:00:00Z',
      '2024-02-03T00:00:00Z',
      '2024-02-04T00:00:00Z',
    ]);
    const get = (rd: string) => ok(['series', 'get', 'abc', '--revision-date', rd, '--json']).then((r) => r.json().points);
    expect(await get('2024-01-20T00:00:00Z')).toEqual([]);
    expect(await get('2024-02-02T00:00:00Z')).toEqual([[T1, 111]]);
    expect(await get('2024-02-03T00:00:00Z')).toEqual([[T1, 111]]);
    expect(await get('2024-02-04T00:00:00Z')).toEqual([[T1, 111]]);
    // The same through formula eval of a formula-of-formula reference.
    expect((await ok(['formula', 'eval', '(series "abc")', '--revision-date', '2024-02-03T00:00:00Z', '--json'])).json()).toEqual({ points: [[T1, 111]] });
    const fill = await ok(['formula', 'eval', '(add (series "ab") (series "c" #:fill 0))', '--revision-date', '2024-02-03T00:00:00Z', '--json']);
    expect(fill.json()).toEqual({ points: [[T1, 111], [T2, 23]] });
  });

  it('series history and staircase evaluate a formula at each insertion date', async () => {
    await seed();
    await ok(['formula', 'register', 'ab', '(add (series "a") (series "b"))']);
    const h = (await ok(['series', 'history', 'ab', '--json'])).json();
    expect(h.name).toBe('ab');
    expect(h.versions).toEqual([
      { insertion_date: '2024-02-01T00:00:00Z', points: [] },
      { insertion_date: '2024-02-02T00:00:00Z', points: [[T1, 11], [T2, 22]] },
      { insertion_date: '2024-02-03T00:00:00Z', points: [[T1, 11], [T2, 23]] },
      { insertion_date: '2024-02-04T00:00:00Z', points: [[T1, 11], [T2, 23], [T3, 44]] },
    ]);
    const hw = (await ok(['series', 'history', 'ab', '--from-insertion-date', '2024-02-03T00:00:00Z', '--json'])).json();
    expect(hw.versions.map((v: any) => v.insertion_date)).toEqual(['2024-02-03T00:00:00Z', '2024-02-04T00:00:00Z']);
    // Value dates Jan 1..3 all lie before every insertion date: nothing was known a day ahead of them.
    expect((await ok(['series', 'staircase', 'ab', '--delta', '1d', '--json'])).json()).toEqual({ name: 'ab', points: [] });
    // With -32 days, Jan 1 comes from the Feb 2 version, Jan 2 from Feb 3, Jan 3 from Feb 4.
    expect((await ok(['series', 'staircase', 'ab', '--delta', '-P32D', '--json'])).json().points).toEqual([[T1, 11], [T2, 23], [T3, 44]]);
    // With -31 days, Jan 2 comes from the Feb 2 version (22, not yet 23) and Jan 3 from Feb 3 (b has no Jan 3 yet).
    expect((await ok(['series', 'staircase', 'ab', '--delta', '-P31D', '--json'])).json().points).toEqual([[T2, 22]]);
  });

  it('lists and describes formulas with kind formula and their computed shape', async () => {
    await seed();
    await ok(['formula', 'register', 'ab', '(add (series "a") (series "b"))']);
    const list = (await ok(['series', 'list', '--json'])).json();
    expect(list.find((s: any) => s.name === 'ab')).toEqual({ name: 'ab', kind: 'formula', value_type: 'float64', tzaware: true, unit: '', count: 3, first: T1, last: T3 });
    expect(list.find((s: any) => s.name === 'a').kind).toBe('primary');
    const info = (await ok(['series', 'info', 'ab', '--json'])).json();
    expect(info).toMatchObject({ kind: 'formula', count: 3, revisions: 4, last_insertion_date: '2024-02-04T00:00:00Z', formula: '(add (series "a") (series "b"))' });
  });
});

describe('strata formula show/import/operators', () => {
  it('shows a formula, expanded down to primary series with --expand', async () => {
    await seed();
    await ok(['formula', 'register', 'ab', '(add (series "a") (series "b"))']);
    await ok(['formula', 'register', 'abc', '(add (series "ab") (series "c"))']);
    expect((await ok(['formula', 'show', 'abc', '--json'])).json()).toEqual({ name: 'abc', text: '(add (series "ab") (series "c"))' });
    expect((await ok(['formula', 'show', 'abc', '--expand'])).stdout).toBe('(add (add (series "a") (series "b")) (series "c"))\n');
    const prim = await cli(['formula', 'show', 'a', '--db', db]);
    expect(prim.code).toBe(1);
    expect(prim.stderr).toMatch(/error\[unknown_formula\]: "a" is a primary series, not a formula/);
  });

  it('imports a tshistory name,text CSV, formulas referencing each other in any order, all or none', async () => {
    await seed();
    const csv = file('f.csv', 'name,text\ntop,"(add (series ""mid"") (series ""b""))"\nmid,"(* 2 (series ""a""))"\n');
    const r = await ok(['formula', 'import', csv, '--json']);
    expect(r.json()).toEqual({ imported: [{ name: 'top', created: true }, { name: 'mid', created: true }] });
    expect((await ok(['series', 'get', 'top', '--json'])).json().points).toEqual([[T1, 12], [T2, 26], [T3, 48]]);
    const again = await cli(['formula', 'import', csv, '--db', db]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/formula_exists/);
    expect((await ok(['formula', 'import', csv, '--update'])).stdout).toMatch(/imported 2 formulas .*\(0 new, 2 updated\)/);

    const bad = file('bad.csv', 'name,text\nok1,"(series ""a"")"\nbroken,"(series ""a"""\n');
    const b = await cli(['formula', 'import', bad, '--db', db, '--json']);
    expect(b.code).toBe(1);
    expect(b.json().error).toMatchObject({ code: 'syntax', formula: 'broken', line: 1 });
    expect((await cli(['formula', 'show', 'ok1', '--db', db])).code).toBe(1);

    const cols = await cli(['formula', 'import', file('c.csv', 'series,formula\nx,y\n'), '--db', db]);
    expect(cols.code).toBe(1);
    expect(cols.stderr).toMatch(/expected columns name,text/);
  });

  it('lists the operators of the registry', async () => {
    const j = (await cli(['formula', 'operators', '--json'])).json();
    expect(j).toEqual(JSON.parse(JSON.stringify(defaultRegistry().describe())));
    expect(j.find((o: any) => o.name === 'series')).toMatchObject({ returns: 'series', params: [{ name: 'name' }] });
    const people = await cli(['formula', 'operators']);
    expect(people.stdout).toMatch(/\(series name #:fill #:limit #:prune #:weight #:keepnans\)\s+series/);
  });
});
