import { describe, expect, it } from 'vitest';
import { EMPTY, deleteNamedLayout, layoutNameError, loadLayout, namedLayouts, saveLayout, saveNamedLayout, type Layout } from '../../renderer/src/layout/layout.js';

function memory(init: Record<string, string> = {}) {
  const m = new Map(Object.entries(init));
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), m };
}

const two: Layout = {
  panes: [
    { id: 1, series: ['a', 'b'], stacked: true },
    { id: 3, series: ['c'], stacked: false },
  ],
  window: { from: 10, to: 20 },
};

describe('layouts in localStorage', () => {
  it('the last layout round-trips; unreadable ones give the empty layout', () => {
    const st = memory();
    saveLayout(two, st);
    expect(loadLayout(st)).toEqual(two);
    for (const bad of ['{', '42', '{"panes": []}', '{"panes": [null, 7]}', 'null']) expect(loadLayout(memory({ 'strata.layout': bad }))).toEqual(EMPTY);
    // Bad parts are dropped, good parts kept.
    expect(loadLayout(memory({ 'strata.layout': '{"panes":[{"id":"x","series":["a",5],"stacked":1}],"window":{"from":5,"to":1}}' }))).toEqual({ panes: [{ id: 1, series: ['a'], stacked: false }], window: null });
    // a pane's as-of date and spans formula are kept when valid, dropped when not
    expect(loadLayout(memory({ 'strata.layout': '{"panes":[{"id":1,"series":[],"stacked":false,"asOf":1700000000000000,"spans":"(> (series \\"a\\") 1)"},{"id":2,"series":[],"stacked":false,"asOf":"x","spans":"  "}],"window":null}' }))).toEqual({
      panes: [
        { id: 1, series: [], stacked: false, asOf: 1700000000000000, spans: '(> (series "a") 1)' },
        { id: 2, series: [], stacked: false },
      ],
      window: null,
    });
  });

  it('saves, lists (sorted), replaces and deletes named layouts', () => {
    const st = memory();
    expect(namedLayouts(st).size).toBe(0);
    saveNamedLayout('  shift B ', two, st);
    saveNamedLayout('alpha', EMPTY, st);
    expect([...namedLayouts(st).keys()]).toEqual(['alpha', 'shift B']);
    expect(namedLayouts(st).get('shift B')).toEqual(two);
    saveNamedLayout('alpha', two, st);
    expect(namedLayouts(st).get('alpha')).toEqual(two);
    deleteNamedLayout('alpha', st);
    expect([...namedLayouts(st).keys()]).toEqual(['shift B']);
    deleteNamedLayout('nothing', st);
    expect([...namedLayouts(st).keys()]).toEqual(['shift B']);
    // The last layout is separate.
    expect(loadLayout(st)).toEqual(EMPTY);
  });

  it('refuses empty and overlong names, and ignores unreadable saved entries', () => {
    const st = memory();
    expect(layoutNameError('   ')).toMatch(/needs a name/);
    expect(() => saveNamedLayout('', two, st)).toThrow(/needs a name/);
    expect(() => saveNamedLayout('x'.repeat(81), two, st)).toThrow(/at most 80/);
    const junk = memory({ 'strata.layouts': JSON.stringify({ ok: two, broken: { panes: 'no' }, ['y'.repeat(200)]: two }) });
    expect([...namedLayouts(junk).keys()]).toEqual(['ok']);
    expect(namedLayouts(memory({ 'strata.layouts': '[1,2]' })).size).toBe(0);
    expect(namedLayouts(memory({ 'strata.layouts': 'nope' })).size).toBe(0);
  });
});
