import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Store } from '../../../core/store/index.js';
import { ENVELOPE_LEVELS } from '../../../core/store/chart.js';
import { BIN_FIELDS } from '../../../core/series/envelope.js';
import type { TimeSeries } from '../../../core/series/index.js';

function noisy(n: number, spikes: number[]): TimeSeries {
  const times = Float64Array.from({ length: n }, (_, i) => 1_000_000 * i + (i % 7));
  const values = Float64Array.from({ length: n }, (_, i) => Math.sin(i / 500) + ((i * 7919) % 13) / 100);
  for (const s of spikes) values[s] = s % 2 ? 1000 : -1000;
  return { tzaware: true, valueType: 'float64', times, values };
}

/**
 * Checks every column against a brute-force summary of the points it covers, that columns are in time
 * order without overlap, and that together they cover every point of the window exactly once.
 */
function checkExact(s: TimeSeries, d: ReturnType<Store['chart']>, from: number, to: number) {
  const t = s.times;
  const v = s.values as Float64Array;
  let i = 0;
  while (i < t.length && t[i]! < from) i++;
  let end = i;
  while (end < t.length && t[end]! <= to) end++;
  if (d.mode === 'raw') {
    expect(Array.from(d.times)).toEqual(Array.from(t.subarray(i, end)));
    expect(Array.from(d.values)).toEqual(Array.from(v.subarray(i, end)));
    return;
  }
  expect(d.count).toBe(end - i);
  const cols = d.columns;
  for (let k = 0; k < cols.length; k++) {
    const o = k * BIN_FIELDS;
    const [tFirst, tLast, tMin, tMax, min, max, first, last] = Array.from(cols.data.subarray(o, o + BIN_FIELDS)) as number[];
    // The column starts at the next point of the window: no point skipped, none counted twice.
    expect(tFirst).toBe(t[i]);
    let lo = Infinity;
    let hi = -Infinity;
    let j = i;
    for (; j < end && t[j]! <= tLast!; j++) {
      lo = Math.min(lo, v[j]!);
      hi = Math.max(hi, v[j]!);
    }
    expect(tLast).toBe(t[j - 1]);
    expect(min).toBe(lo);
    expect(max).toBe(hi);
    expect(first).toBe(v[i]);
    expect(last).toBe(v[j - 1]);
    expect(v[t.indexOf(tMin!)]).toBe(min);
    expect(v[t.indexOf(tMax!)]).toBe(max);
    i = j;
  }
  expect(i).toBe(end);
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
    old.db.prepare('DELETE FROM chunk_envelope').run();
    checkExact(s, old.chart('x', { width: 25 }), -Infinity, Infinity);
    const changed = { ...s, times: Float64Array.of(s.times[200_000]!), values: Float64Array.of(5000) };
    old.update('x', changed, { insertionDate: 2 });
    const before = old.chart('x', { width: 25, revisionDate: 1 });
    checkExact(s, before, -Infinity, Infinity);
    const now = old.chart('x', { width: 25 });
    expect(now.mode === 'columns' && Math.max(...Array.from({ length: now.columns.length }, (_, k) => now.columns.data[k * BIN_FIELDS + 5]!))).toBe(5000);
  });

  it('reads at most ~16 bins per column and points only where the window cuts a bin', () => {
    const big = new Store(':memory:');
    const n = 1_000_000;
    const t = Float64Array.from({ length: n }, (_, i) => i * 1000);
    const v = Float64Array.from({ length: n }, (_, i) => (i === 777_777 ? 1e6 : Math.sin(i / 1000)));
    big.update('x', { tzaware: true, valueType: 'float64', times: t, values: v }, { insertionDate: 1 });
    const full = { tzaware: true, valueType: 'float64' as const, times: t, values: v };
    for (const [from, to, width] of [
      [null, null, 1],
      [null, null, 7],
      [123_456_789, 898_765_432, 40],
      [777_000_000, 778_000_000, 3],
      [777_777_000, 777_777_000, 5],
    ] as const) {
      const d = big.chart('x', { from, to, width });
      checkExact(full, d, from ?? -Infinity, to ?? Infinity);
      if (d.mode === 'columns') {
        if (d.binSize > 1) expect(d.count / d.binSize).toBeLessThan(16 * width + 64);
        if (from === null || (from <= 777_777_000 && to >= 777_777_000)) expect(Math.max(...Array.from({ length: d.columns.length }, (_, k) => d.columns.data[k * BIN_FIELDS + 5]!))).toBe(1e6);
      }
    }
    // The coarsest level with at least two bins per column: 10^6 / 15 ≥ 2 × 32,768 > 10^6 / 16, and so on.
    expect(big.chart('x', { width: 15 })).toMatchObject({ binSize: ENVELOPE_LEVELS[3] });
    expect(big.chart('x', { width: 16 })).toMatchObject({ binSize: ENVELOPE_LEVELS[2] });
    expect(big.chart('x', { width: 123 })).toMatchObject({ binSize: ENVELOPE_LEVELS[1] });
    expect(big.chart('x', { width: 977 })).toMatchObject({ binSize: ENVELOPE_LEVELS[0] });
    expect(big.chart('x', { width: 7813 })).toMatchObject({ binSize: 1 });
  });

  it('is exact for any series, chunking, history of writes, window and width (property)', () => {
    const seriesArb = fc.record({
      n: fc.integer({ min: 1, max: 12_000 }),
      seed: fc.integer(),
      chunkSize: fc.constantFrom(50, 700, 4000, 65_536),
      // Later writes: overwrite or delete a stretch, so chunks get rewritten and envelopes rebuilt.
      edits: fc.array(fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), len: fc.integer({ min: 1, max: 3000 }), del: fc.boolean() }), { maxLength: 3 }),
    });
    const windowArb = fc.record({
      a: fc.option(fc.double({ min: -0.1, max: 1.1, noNaN: true }), { freq: 4 }),
      b: fc.option(fc.double({ min: -0.1, max: 1.1, noNaN: true }), { freq: 4 }),
      width: fc.integer({ min: 1, max: 60 }),
    });
    fc.assert(
      fc.property(seriesArb, fc.array(windowArb, { minLength: 1, maxLength: 6 }), ({ n, seed, chunkSize, edits }, windows) => {
        const st = new Store(':memory:', { chunkSize });
        let x = seed | 0;
        const next = () => (x = (Math.imul(x, 1103515245) + 12345) | 0);
        // Irregular sampling (gaps of 1 to 50 µs) and values with rare huge spikes.
        const times = new Float64Array(n);
        let t = 0;
        for (let i = 0; i < n; i++) times[i] = t += 1 + ((next() >>> 8) % 50);
        const values = Float64Array.from(times, () => (next() % 97 === 0 ? x : x % 100));
        st.update('x', { tzaware: true, valueType: 'float64', times, values }, { insertionDate: 1 });
        edits.forEach((e, k) => {
          const s = Math.floor(e.at * times.length);
          const ts = times.slice(s, s + e.len);
          const vs = Float64Array.from(ts, (_, i) => (e.del ? NaN : (i * 31) % 1000));
          if (ts.length) st.update('x', { tzaware: true, valueType: 'float64', times: ts, values: vs }, { insertionDate: 2 + k });
        });
        const truth = st.get('x');
        const span = t;
        for (const w of windows) {
          let from = w.a === null ? null : Math.round(w.a * span);
          let to = w.b === null ? null : Math.round(w.b * span);
          if (from !== null && to !== null && from > to) [from, to] = [to, from];
          const d = st.chart('x', { from, to, width: w.width });
          checkExact(truth, d, from ?? -Infinity, to ?? Infinity);
          if (d.mode === 'columns') {
            expect(d.columns.length).toBeLessThanOrEqual(w.width);
            // Resolution: no column spans two columns' time or more (its points are all within two pixels).
            const colWidth = ((to ?? truth.times[truth.times.length - 1]!) - (from ?? truth.times[0]!)) / w.width;
            const spans = Array.from({ length: d.columns.length }, (_, k) => d.columns.data[k * BIN_FIELDS + 1]! - d.columns.data[k * BIN_FIELDS]!);
            expect(spans.filter((x) => x >= 2 * colWidth)).toEqual([]);
          }
        }
        st.close();
      }),
      { numRuns: 100 },
    );
  });

  it('keeps every spike where sampling is uneven: a dense burst and a sparse stretch in one chunk', () => {
    // 90,000 points 1 µs apart, then 2,500 points 1 s apart with a spike every 30, of 60 and 50 by turns.
    const dense = 90_000;
    const sparse = 2_500;
    const times = new Float64Array(dense + sparse);
    const values = new Float64Array(dense + sparse);
    for (let i = 0; i < dense; i++) {
      times[i] = i;
      values[i] = (i % 7) / 10;
    }
    let spikes50 = 0;
    let spikes60 = 0;
    for (let j = 0; j < sparse; j++) {
      times[dense + j] = 1_000_000 * (j + 1);
      const spike = j % 30 === 0 ? ((j / 30) % 2 ? 50 : 60) : 0;
      if (spike === 50) spikes50++;
      if (spike === 60) spikes60++;
      values[dense + j] = spike;
    }
    const st = new Store(':memory:', { chunkSize: 100_000 });
    st.update('x', { tzaware: true, valueType: 'float64', times, values }, { insertionDate: 1 });
    // 100 columns of 25 s: the chunk has 925 points per column on average, so its level is 64-point bins,
    // but in the sparse stretch a bin spans 2.5 columns and holds a 60 and a 50: there its points are used.
    const d = st.chart('x', { width: 100 });
    checkExact({ tzaware: true, valueType: 'float64', times, values }, d, -Infinity, Infinity);
    expect(d).toMatchObject({ mode: 'columns', binSize: 64 });
    if (d.mode !== 'columns') return;
    const maxes = Array.from({ length: d.columns.length }, (_, k) => d.columns.data[k * BIN_FIELDS + 5]!);
    expect(maxes.filter((m) => m === 50)).toHaveLength(spikes50);
    expect(maxes.filter((m) => m === 60)).toHaveLength(spikes60);
  });

  it('gives each chunk the level its own points per column call for', () => {
    // A dense chunk (100k points in 0.1 s) and a sparse one (100k points over 10^5 s): one chart of both.
    const n = 100_000;
    const times = Float64Array.from({ length: 2 * n }, (_, i) => (i < n ? i : 1e9 + (i - n) * 1e6));
    const values = Float64Array.from({ length: 2 * n }, (_, i) => (i === n + 50_001 ? 77 : i % 5));
    const st = new Store(':memory:', { chunkSize: n });
    st.update('x', { tzaware: true, valueType: 'float64', times, values }, { insertionDate: 1 });
    const d = st.chart('x', { width: 1000 });
    checkExact({ tzaware: true, valueType: 'float64', times, values }, d, -Infinity, Infinity);
    if (d.mode !== 'columns') throw new Error('expected columns');
    // The dense chunk sits in one column (its coarsest bins); the sparse one spans ~990 columns of ~100
    // points each, below the finest level, so it is drawn from its points: the 77 is its own column's max.
    // (With one level for the whole window, 2 × 100k points over 1,000 columns, it would have been bins.)
    expect(d.binSize).toBe(32_768);
    expect(d.columns.length).toBeGreaterThan(900);
    const maxes = Array.from({ length: d.columns.length }, (_, k) => d.columns.data[k * BIN_FIELDS + 5]!);
    expect(maxes.filter((m) => m === 77)).toHaveLength(1);
    expect(maxes.filter((m) => m === 4).length).toBeGreaterThan(900);
  });

  it('refuses string series', () => {
    const st = new Store(':memory:');
    st.update('s', { tzaware: true, valueType: 'string', times: Float64Array.of(1), values: ['a'] });
    expect(() => st.chart('s', { width: 10 })).toThrow(/strings/);
  });
});
