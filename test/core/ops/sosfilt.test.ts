import { describe, expect, it } from 'vitest';
import { butterworth } from '../../../core/ops/butterworth.js';
import { sosfilt, sosfiltZi } from '../../../core/ops/sosfilt.js';
import { expectClose, loadFixture, signal } from './fixtures.js';

const fx = loadFixture('filters.json');
const x = signal(fx.signal.n, fx.signal.seed);

describe('sosfilt', () => {
  for (const r of fx.runs) {
    it(`${r.type} order ${r.order}: equals scipy.signal.sosfilt`, () => {
      expectClose(sosfilt(butterworth(r.type, r.order, r.cutoff, r.fs), x), r.sosfilt, 1e-9);
    });
  }

  it('starts from a zero state unless given one, and leaves its inputs alone', () => {
    const sos = butterworth('lowpass', 2, 5, 100);
    const copy = Float64Array.from(x);
    const zi = sosfiltZi(sos);
    const ziCopy = Float64Array.from(zi);
    expect(sosfilt(sos, Float64Array.of(0, 0, 0))).toEqual(Float64Array.of(0, 0, 0));
    // With the steady-state for a constant input, a constant passes through unchanged from the first sample.
    const y = sosfilt(sos, new Float64Array(20).fill(3), zi.map((v) => v * 3));
    for (const v of y) expect(v).toBeCloseTo(3, 12);
    expect(x).toEqual(copy);
    expect(zi).toEqual(ziCopy);
  });

  it('rejects malformed sections and states', () => {
    expect(() => sosfilt(Float64Array.of(1, 0, 0, 1, 0), x)).toThrow(/6 coefficients each/);
    expect(() => sosfilt(Float64Array.of(1, 0, 0, 2, 0, 0), x)).toThrow(/a0 = 1/);
    expect(() => sosfilt(Float64Array.of(1, 0, 0, 1, 0, 0), x, Float64Array.of(0))).toThrow(/needs 2 values/);
  });
});

describe('sosfiltZi', () => {
  for (const d of fx.designs) {
    it(`${d.type} order ${d.order}: equals scipy.signal.sosfilt_zi`, () => {
      expectClose(sosfiltZi(butterworth(d.type, d.order, d.cutoff, d.fs)), d.zi, 1e-9);
    });
  }
});
