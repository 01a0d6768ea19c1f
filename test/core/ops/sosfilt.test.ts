import { describe, expect, it } from 'vitest';
import { butterworth } from '../../../core/ops/butterworth.js';
import { sosfilt, sosfiltInPlace, sosfiltZi } from '../../../core/ops/sosfilt.js';
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

// Textbook direct form II transposed, sample by sample (scipy's loop), as the reference for the fast kernels.
function reference(sos: Float64Array, x: Float64Array, zi: Float64Array, backward = false): Float64Array {
  const y = Float64Array.from(x);
  const n = y.length;
  for (let k = 0; k < n; k++) {
    const i = backward ? n - 1 - k : k;
    let v = y[i]!;
    for (let s = 0; s < sos.length / 6; s++) {
      const out = sos[6 * s]! * v + zi[2 * s]!;
      zi[2 * s] = sos[6 * s + 1]! * v - sos[6 * s + 4]! * out + zi[2 * s + 1]!;
      zi[2 * s + 1] = sos[6 * s + 2]! * v - sos[6 * s + 5]! * out;
      v = out;
    }
    y[i] = v;
  }
  return y;
}

describe('sosfiltInPlace', () => {
  const designs = [butterworth('lowpass', 1, 5, 100), butterworth('lowpass', 3, 5, 100), butterworth('bandpass', 2, [5, 20], 100), butterworth('bandstop', 3, [5, 20], 100)];
  for (const [d, sos] of designs.entries()) {
    it(`design ${d} (${sos.length / 6} sections): matches the textbook loop for every length, both directions, with state`, () => {
      for (let n = 0; n <= 7; n++) {
        for (const backward of [false, true]) {
          const input = signal(n, 5);
          const zi = Float64Array.from({ length: sos.length / 3 }, (_, i) => 0.1 * (i + 1));
          const ziRef = Float64Array.from(zi);
          const expected = reference(sos, input, ziRef, backward);
          sosfiltInPlace(sos, input, zi, 0, n, backward);
          expectClose(input, Array.from(expected), 1e-12);
          expectClose(zi, Array.from(ziRef), 1e-12);
        }
      }
    });

    it(`design ${d}: filtering in pieces with the carried state equals filtering at once`, () => {
      const whole = sosfilt(sos, x);
      const pieces = Float64Array.from(x);
      const zi = new Float64Array(sos.length / 3);
      for (const [from, to] of [[0, 1], [1, 3], [3, 4], [4, 150], [150, x.length]] as const) sosfiltInPlace(sos, pieces, zi, from, to);
      expectClose(pieces, Array.from(whole), 1e-12);
    });
  }
});
