import { describe, expect, it } from 'vitest';
import { StrataError } from '../../../core/base/index.js';
import { FormulaError } from '../../../core/formula/index.js';
import { parseInstant, pointsFromWire, pointsToWire } from '../../../core/series/index.js';
import {
  evaluateInStore,
  expandFormula,
  formulaText,
  latestInsertionDate,
  listFormulas,
  readSeries,
  registerFormula,
  registerFormulas,
  seriesHistory,
  seriesInsertionDates,
  seriesStaircase,
} from '../../../core/store/formulas.js';
import { Store } from '../../../core/store/index.js';

const pts = (p: unknown) => pointsFromWire(p);
const d = (s: string) => parseInstant(s);
const T1 = '2024-01-01T00:00:00Z';
const T2 = '2024-01-02T00:00:00Z';
const T3 = '2024-01-03T00:00:00Z';

async function errorOf(p: Promise<unknown> | (() => unknown)): Promise<StrataError> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    expect(e).toBeInstanceOf(StrataError);
    return e as StrataError;
  }
  throw new Error('expected an error');
}

/** a and b with two revisions each at distinct insertion dates. */
function twoInputs(): Store {
  const s = new Store(':memory:');
  s.update('a', pts([[T1, 1], [T2, 2]]), { insertionDate: d('2024-02-01T00:00:00Z') });
  s.update('b', pts([[T1, 10], [T2, 20]]), { insertionDate: d('2024-02-02T00:00:00Z') });
  s.update('a', pts([[T2, 3], [T3, 4]]), { insertionDate: d('2024-02-03T00:00:00Z') });
  s.update('b', pts([[T3, 40]]), { insertionDate: d('2024-02-04T00:00:00Z') });
  return s;
}

describe('formula series in the store', () => {
  it('registers a formula as a read-only series listed with kind formula, with the type it computes', async () => {
    const s = twoInputs();
    expect(await registerFormula(s, 'sum', '(add (series "a") (series "b"))')).toEqual({ name: 'sum', created: true });
    expect(formulaText(s, 'sum')).toBe('(add (series "a") (series "b"))');
    expect(s.list().map((i) => [i.name, i.kind])).toEqual([['a', 'primary'], ['b', 'primary'], ['sum', 'formula']]);
    expect(s.info('sum')).toMatchObject({ kind: 'formula', valueType: 'float64', tzaware: true });
    expect((await errorOf(() => s.update('sum', pts([[T1, 1]])))).code).toBe('read_only_series');
    expect((await errorOf(() => s.replace('sum', pts([[T1, 1]])))).code).toBe('read_only_series');
    // Reading a formula's (non-existent) stored points is an error, not a silently empty series.
    for (const read of [() => s.get('sum'), () => s.history('sum'), () => s.staircase('sum', 0), () => s.insertionDates('sum'), () => s.revisions('sum')]) {
      expect((await errorOf(read)).code).toBe('formula_series');
    }
    expect(listFormulas(s)).toEqual([{ name: 'sum', text: '(add (series "a") (series "b"))' }]);
  });

  it('reads a formula like a series, latest or as of a revision date, within a window', async () => {
    const s = twoInputs();
    await registerFormula(s, 'sum', '(add (series "a") (series "b"))');
    expect(pointsToWire(await readSeries(s, 'sum'))).toEqual([[T1, 11], [T2, 23], [T3, 44]]);
    expect(pointsToWire(await readSeries(s, 'sum', { revisionDate: d('2024-02-02T12:00:00Z') }))).toEqual([[T1, 11], [T2, 22]]);
    expect(pointsToWire(await readSeries(s, 'sum', { revisionDate: d('2024-02-01T12:00:00Z') }))).toEqual([]);
    expect(pointsToWire(await readSeries(s, 'sum', { from: d(T2), to: d(T2) }))).toEqual([[T2, 23]]);
    expect(pointsToWire(await readSeries(s, 'a'))).toEqual([[T1, 1], [T2, 3], [T3, 4]]);
  });

  it('gives a formula the union of its inputs insertion dates, through formulas of formulas', async () => {
    const s = twoInputs();
    s.update('c', pts([[T1, 100]]), { insertionDate: d('2024-01-15T00:00:00Z') });
    await registerFormula(s, 'ab', '(add (series "a") (series "b"))');
    await registerFormula(s, 'abc', '(add (series "ab") (series "c"))');
    const iso = (xs: number[]) => xs.map((x) => new Date(x / 1000).toISOString());
    expect(iso(seriesInsertionDates(s, 'abc'))).toEqual([
      '2024-01-15T00:00:00.000Z',
      '2024-02-01T00:00:00.000Z',
      '2024-02-02T00:00:00.000Z',
      '2024-02-03T00:00:00.000Z',
      '2024-02-04T00:00:00.000Z',
    ]);
    expect(iso(seriesInsertionDates(s, 'abc', { fromInsertionDate: d('2024-02-02T00:00:00Z'), toInsertionDate: d('2024-02-03T00:00:00Z') }))).toEqual([
      '2024-02-02T00:00:00.000Z',
      '2024-02-03T00:00:00.000Z',
    ]);
    expect(latestInsertionDate(s, 'abc')).toBe(d('2024-02-04T00:00:00Z'));
    // Formula of formula as of a date: every input as of that date.
    expect(pointsToWire(await readSeries(s, 'abc', { revisionDate: d('2024-02-03T00:00:00Z') }))).toEqual([[T1, 111]]);
  });

  it('builds history and staircase of a formula by evaluating it at each insertion date', async () => {
    const s = twoInputs();
    await registerFormula(s, 'sum', '(add (series "a") (series "b"))');
    const h = await seriesHistory(s, 'sum');
    expect(h.map((v) => [new Date(v.insertionDate / 1000).toISOString().slice(0, 10), pointsToWire(v.series)])).toEqual([
      ['2024-02-01', []],
      ['2024-02-02', [[T1, 11], [T2, 22]]],
      ['2024-02-03', [[T1, 11], [T2, 23]]],
      ['2024-02-04', [[T1, 11], [T2, 23], [T3, 44]]],
    ]);
    // With a value window, versions unchanged in the window are left out.
    const w = await seriesHistory(s, 'sum', { from: d(T1), to: d(T1) });
    expect(w.map((v) => pointsToWire(v.series))).toEqual([[], [[T1, 11]]]);

    // Staircase with delta 0 on value dates: a point comes from the version current at its own date.
    const st = twoInputs();
    st.update('x', pts([[T1, 1], [T2, 1], [T3, 1]]), { insertionDate: d('2023-12-31T00:00:00Z') });
    st.update('x', pts([[T1, 2], [T2, 2], [T3, 2]]), { insertionDate: d('2024-01-02T00:00:00Z') });
    await registerFormula(st, 'x2', '(* 2 (series "x"))');
    expect(pointsToWire(await seriesStaircase(st, 'x2', 0))).toEqual([[T1, 2], [T2, 4], [T3, 4]]);
    expect(pointsToWire(await seriesStaircase(st, 'x', 0))).toEqual([[T1, 1], [T2, 2], [T3, 2]]);
  });

  it('refuses an existing name without update, a primary name, unknown series without allowUnknown', async () => {
    const s = twoInputs();
    await registerFormula(s, 'f', '(series "a")');
    const exists = await errorOf(registerFormula(s, 'f', '(series "b")'));
    expect(exists.code).toBe('formula_exists');
    expect(exists.message).toMatch(/"f".*--update/);
    expect(await registerFormula(s, 'f', '(series "b")', { update: true })).toEqual({ name: 'f', created: false });
    expect(formulaText(s, 'f')).toBe('(series "b")');
    expect((await errorOf(registerFormula(s, 'a', '(series "b")', { update: true }))).code).toBe('series_exists');

    const unknown = await errorOf(registerFormula(s, 'g', '(add (series "a") (series "nope"))'));
    expect(unknown.code).toBe('unknown_series');
    expect(unknown.details.span).toMatchObject({ offset: 26, line: 1, column: 27 });
    expect(formulaText(s, 'g')).toBeUndefined();
    await registerFormula(s, 'g', '(add (series "a") (series "nope"))', { allowUnknown: true });
    expect(s.info('g').kind).toBe('formula');
    // Reading it then fails, positioned, until the series exists.
    expect((await errorOf(readSeries(s, 'g'))).message).toMatch(/unknown series "nope"/);
    s.update('nope', pts([[T1, 5]]));
    expect(pointsToWire(await readSeries(s, 'g'))).toEqual([[T1, 6]]);
  });

  it('rejects syntax and type errors with positions, and scalar formulas', async () => {
    const s = twoInputs();
    const syn = await errorOf(registerFormula(s, 'f', '(add (series "a")'));
    expect(syn.code).toBe('syntax');
    expect(syn).toBeInstanceOf(StrataError);
    expect(syn.details.span).toMatchObject({ line: 1 });
    const typ = await errorOf(registerFormula(s, 'f', '(add (series "a") #:nope 1)'));
    expect(typ.code).toBe('unknown_keyword');
    expect((await errorOf(registerFormula(s, 'f', '(+ 1 2)'))).code).toBe('not_a_series');
    expect(s.exists('f')).toBe(false);
  });

  it('rejects cycles naming them, and registers a batch all or none', async () => {
    const s = twoInputs();
    await registerFormula(s, 'f1', '(series "a")');
    await registerFormula(s, 'f2', '(series "f1")');
    const cyc = await errorOf(registerFormula(s, 'f1', '(series "f2")', { update: true }));
    expect(cyc.code).toBe('formula_cycle');
    expect(cyc.message).toContain('f1 -> f2 -> f1');
    expect(cyc.details.cycle).toEqual(['f1', 'f2', 'f1']);
    expect(formulaText(s, 'f1')).toBe('(series "a")');
    expect((await errorOf(registerFormula(s, 'self', '(series "self")', { allowUnknown: true }))).code).toBe('formula_cycle');

    // A batch may reference its own members, in any order; one bad member and nothing is registered.
    await registerFormulas(s, [
      { name: 'top', text: '(add (series "mid") (series "b"))' },
      { name: 'mid', text: '(* 2 (series "a"))' },
    ]);
    expect(pointsToWire(await readSeries(s, 'top'))).toEqual([[T1, 12], [T2, 26], [T3, 48]]);
    const bad = await errorOf(registerFormulas(s, [{ name: 'ok', text: '(series "a")' }, { name: 'broken', text: '(series "a"' }]));
    expect(bad.message).toMatch(/^formula "broken": 1:/);
    expect(bad.details.formula).toBe('broken');
    expect(s.exists('ok')).toBe(false);
  });

  it('evaluates formula texts against the store, scalar or series', async () => {
    const s = twoInputs();
    await registerFormula(s, 'sum', '(add (series "a") (series "b"))');
    const r = await evaluateInStore(s, '(* 2 (series "sum"))', { revisionDate: d('2024-02-02T00:00:00Z') });
    expect(r.kind === 'series' && pointsToWire(r.series)).toEqual([[T1, 22], [T2, 44]]);
    expect(await evaluateInStore(s, '(+ 1 2)')).toEqual({ kind: 'scalar', value: 3 });
    await expect(evaluateInStore(s, '(series "a"')).rejects.toBeInstanceOf(FormulaError);
    // Cancellation reaches formula inputs read through the store.
    const ac = new AbortController();
    ac.abort();
    await expect(evaluateInStore(s, '(series "sum")', { signal: ac.signal })).rejects.toMatchObject({ code: 'cancelled' });
    await expect(readSeries(s, 'sum', {}, { signal: ac.signal })).rejects.toMatchObject({ code: 'cancelled' });
  });

  it('expands referenced formulas inline, keeping references with options and dropping trailing comments', async () => {
    const s = twoInputs();
    await registerFormula(s, 'ab', '(add (series "a") (series "b")) ; the sum');
    await registerFormula(s, 'top', '(mul (series "ab") (series "ab" #:fill 0) (series "a"))');
    expect(expandFormula(s, formulaText(s, 'top')!)).toBe('(mul (add (series "a") (series "b")) (series "ab" #:fill 0) (series "a"))');
  });

  it('keeps the formula when its series is renamed and drops it when deleted', async () => {
    const s = twoInputs();
    await registerFormula(s, 'f', '(series "a")');
    s.rename('f', 'g');
    expect(formulaText(s, 'g')).toBe('(series "a")');
    s.delete('g');
    expect(formulaText(s, 'g')).toBeUndefined();
    expect(listFormulas(s)).toEqual([]);
  });
});
