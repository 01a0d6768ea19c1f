import { describe, expect, it } from 'vitest';
import { evaluate, formulaInsertionDates, formulaResolver, MemoryResolver } from '../../../core/formula/index.js';
import { pointsToWire } from '../../../core/series/points.js';
import { daily } from './helpers.js';

const us = (iso: string) => Date.parse(iso) * 1000;

/** Formula series over versioned primaries, through the same resolver the store uses. */
function world() {
  const base = new MemoryResolver();
  base.addVersion('stock', us('2024-01-01T12:00:00Z'), daily('2024-01-01', [100]));
  base.addVersion('stock', us('2024-01-03T12:00:00Z'), daily('2024-01-01', [100, null, 130]));
  base.addVersion('flow', us('2024-01-02T12:00:00Z'), daily('2024-01-02', [1, 2, 3, 4]));
  const formulas: Record<string, string> = {
    level: '(integration "stock" "flow")',
    // A formula of a formula: the level as known at 13:00 each day, for the next day.
    dayahead: '(block-staircase "level" #:revision_time_hour 13 #:maturity_offset_days 1 #:maturity_time_hour 0)',
  };
  const formulaOf = (n: string) => formulas[n];
  const datesOf = (n: string) => base.insertionDates(n);
  return { resolver: formulaResolver(base, formulaOf), formulaOf, datesOf, formulas };
}

describe('new operators in formulas of formulas', () => {
  it('insertion dates are the union of both inputs of integration, through formula-of-formula', async () => {
    const w = world();
    const expected = [us('2024-01-01T12:00:00Z'), us('2024-01-02T12:00:00Z'), us('2024-01-03T12:00:00Z')];
    expect(await formulaInsertionDates(w.formulas.level!, w.formulaOf, w.datesOf)).toEqual(expected);
    expect(await formulaInsertionDates(w.formulas.dayahead!, w.formulaOf, w.datesOf)).toEqual(expected);
  });
  it('a revision-date read evaluates every input as of that date, inside block-staircase too', async () => {
    const w = world();
    const read = async (f: string, revisionDate?: number) => {
      const r = await evaluate(f, w.resolver, revisionDate === undefined ? {} : { revisionDate });
      return r.kind === 'series' ? pointsToWire(r.series) : r;
    };
    // As of Jan 2 13:00: stock 100 on Jan 1, flow from Jan 2 on.
    expect(await read('(series "level")', us('2024-01-02T13:00:00Z'))).toEqual([
      ['2024-01-01T00:00:00Z', 100], ['2024-01-02T00:00:00Z', 101], ['2024-01-03T00:00:00Z', 103], ['2024-01-04T00:00:00Z', 106], ['2024-01-05T00:00:00Z', 110],
    ]);
    // Latest: the stock of Jan 3 takes over.
    expect(await read('(series "level")')).toEqual([['2024-01-01T00:00:00Z', 100], ['2024-01-03T00:00:00Z', 130], ['2024-01-04T00:00:00Z', 133], ['2024-01-05T00:00:00Z', 137]]);
    // Day-ahead blocks [D+1, D+2) from the level known at D 13:00. Jan 1 and 2: nothing known yet for them
    // (no flow before Jan 2 12:00); Jan 4 already sees the stock inserted on Jan 3.
    expect(await read('(series "dayahead")')).toEqual([['2024-01-03T00:00:00Z', 103], ['2024-01-04T00:00:00Z', 133], ['2024-01-05T00:00:00Z', 137]]);
    // Read as of Jan 2 13:00, later blocks cannot look past that date: they get what was known then.
    expect(await read('(series "dayahead")', us('2024-01-02T13:00:00Z'))).toEqual([['2024-01-03T00:00:00Z', 103], ['2024-01-04T00:00:00Z', 106], ['2024-01-05T00:00:00Z', 110]]);
  });
});
