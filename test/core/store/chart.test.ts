import { describe, expect, it } from 'vitest';
import { Store } from '../../../core/store/index.js';
import { BIN_FIELDS } from '../../../core/series/envelope.js';
import type { TimeSeries } from '../../../core/series/index.js';

function noisy(n: number, spikes: number[]): TimeSeries {
  const times = Float64Array.from({ length: n }, (_, i) => 1_000_000 * i + (i % 7));
  const values = Float64Array.from({ length: n }, (_, i) => Math.sin(i / 500) + ((i * 7919) % 13) / 100);
  for (const s of spikes) values[s] = s % 2 ? 1000 : -1000;
  return { tzaware: true, valueType: 'float64', times, values };
}

/** Checks every column against a brute-force summary of the points it covers, and that columns cover all points. */
function checkExact(s: TimeSeries, d: ReturnType<Store['chart']>, from: number, to: number) {
  const t = s.times;
  const v = s.values as Float64Array;
  const inWindow = [...t.keys()].filter((i) => t[i]! >= from && t[i]! <= to);
  if (d.mode === 'raw') {
    expect(Array.from(d.times)).toEqual(inWindow.map((i) => t[i]));
    return;
  }
  let covered = 0;
  const cols = d.columns;
  for (let k = 0; k < cols.length; k++) {
    const o = k * BIN_FIELDS;
    const [tFirst, tLast, tMin, tMax, min, max, first, last] = Array.from(cols.data.subarray(o, o + BIN_FIELDS));
    const idx = inWindow.filter((i) => t[i]! >= tFirst! && t[i]! <= tLast!);
    covered += idx.length;
    const vals = idx.map((i) => v[i]!);
    expect(min).toBe(Math.min(...vals));
    expect(max).toBe(Math.max(...vals));
    expect(first).toBe(v[idx[0]!]);
    expect(last).toBe(v[idx[idx.length - 1]!]);
    expect(v[t.indexOf(tMin!)]).toBe(min);
    expect(v[t.indexOf(tMax!)]).toBe(max);
  }
  expect(covered).toBe(inWindow.length);
  expect(d.count).toBe(inWindow.length);
}

describe('chart envelopes', () => {
  const n = 300_000;
  const spikes = [12_345, 150_001, 299_998];
  const s = noisy(n, spikes);
  const store = new Store(':memory:', { chunkSize: 20_000 });
  store.update('x', s, { insertionDate: 1 });

  it('gives raw points when the window holds at most 4 per column', () => {
    const d = store.chart('x', { from: s.times[1000]!, to: s.times[1100]!, width: 100 });
    expect(d.mode).toBe('raw');
    checkExact(s, d, s.times[1000]!, s.times[1100]!);
  });

  it('summarises the whole series exactly from the coarse stored level, keeping every spike', () => {
    const d = store.chart('x', { width: 30 });
    expect(d.mode).toBe('columns');
    if (d.mode !== 'columns') return;
    expect(d.binSize).toBe(4096);
    expect(d.columns.length).toBeLessThanOrEqual(30);
    checkExact(s, d, -Infinity, Infinity);
    const maxes = Array.from({ length: d.columns.length }, (_, k) => d.columns.data[k * BIN_FIELDS + 5]!);
    const mins = Array.from({ length: d.columns.length }, (_, k) => d.columns.data[k * BIN_FIELDS + 4]!);
    expect(maxes.filter((m) => m === 1000)).toHaveLength(2);
    expect(mins.filter((m) => m === -1000)).toHaveLength(1);
  });

  it('is exact in a zoomed window cutting chunks, at the fine level and from raw points', () => {
    for (const [a, b, width] of [
      [10_000, 60_000, 200],
      [149_000, 151_500, 40],
      [5, 1_200, 100],
    ] as const) {
      const from = s.times[a]!;
      const to = s.times[b]!;
      const d = store.chart('x', { from, to, width });
      checkExact(s, d, from, to);
    }
  });

  it('is exact for chunks written without envelopes, and at an old revision', () => {
    const old = new Store(':memory:', { chunkSize: 20_000 });
    old.update('x', s, { insertionDate: 1 });
    old.db.prepare('UPDATE chunk SET env1 = NULL, env2 = NULL').run();
    checkExact(s, old.chart('x', { width: 25 }), -Infinity, Infinity);
    const changed = { ...s, times: Float64Array.of(s.times[200_000]!), values: Float64Array.of(5000) };
    old.update('x', changed, { insertionDate: 2 });
    const before = old.chart('x', { width: 25, revisionDate: 1 });
    checkExact(s, before, -Infinity, Infinity);
    const now = old.chart('x', { width: 25 });
    expect(now.mode === 'columns' && Math.max(...Array.from({ length: now.columns.length }, (_, k) => now.columns.data[k * BIN_FIELDS + 5]!))).toBe(5000);
  });

  it('refuses string series', () => {
    const st = new Store(':memory:');
    st.update('s', { tzaware: true, valueType: 'string', times: Float64Array.of(1), values: ['a'] });
    expect(() => st.chart('s', { width: 10 })).toThrow(/strings/);
  });
});
