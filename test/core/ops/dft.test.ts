import FFT from 'fft.js';
import { describe, expect, it } from 'vitest';
import { binIndex, BluesteinDft, complexDft, PowerOfTwoDft, Twiddles, type DftResult } from '../../../core/ops/dft.js';
import { signal } from './fixtures.js';

/** Natural-order copy of a transform's result. */
function natural(res: DftResult, n: number): Float64Array {
  const out = new Float64Array(2 * n);
  for (let k = 0; k < n; k++) {
    const at = binIndex(res, k);
    out[2 * k] = res.data[at]!;
    out[2 * k + 1] = res.data[at + 1]!;
  }
  return out;
}

function maxError(a: Float64Array, b: Float64Array): number {
  let err = 0;
  let scale = 1;
  for (let i = 0; i < a.length; i++) {
    err = Math.max(err, Math.abs(a[i]! - b[i]!));
    scale = Math.max(scale, Math.abs(b[i]!));
  }
  return err / scale;
}

/** The DFT of a few bins by the definition, in long hand. */
function directBins(z: Float64Array, bins: number[]): Float64Array {
  const n = z.length / 2;
  const out = new Float64Array(2 * bins.length);
  bins.forEach((k, b) => {
    let re = 0;
    let im = 0;
    for (let j = 0; j < n; j++) {
      const angle = (-2 * Math.PI * ((j * k) % n)) / n;
      re += z[2 * j]! * Math.cos(angle) - z[2 * j + 1]! * Math.sin(angle);
      im += z[2 * j]! * Math.sin(angle) + z[2 * j + 1]! * Math.cos(angle);
    }
    out[2 * b] = re;
    out[2 * b + 1] = im;
  });
  return out;
}

describe('PowerOfTwoDft', () => {
  // 2^14 goes to fft.js whole; above, one DIF level per factor 4 until the blocks are at most 2^14.
  for (const [bits, levels] of [[4, 0], [14, 0], [15, 1], [16, 1], [17, 2], [19, 3]] as const) {
    it(`n = 2^${bits} (${levels} DIF levels) equals fft.js on the whole length, window fused`, () => {
      const n = 1 << bits;
      const z = signal(2 * n, bits);
      const dft = new PowerOfTwoDft(n);
      expect(dft.levels).toBe(levels);
      const reference = new Float64Array(2 * n);
      new FFT(n).transform(reference, z);
      expect(maxError(natural(dft.forward(z), n), reference)).toBeLessThan(1e-14);
      const w = Float64Array.from(z, (_, i) => 0.5 + 0.5 * Math.cos(i));
      new FFT(n).transform(reference, z.map((v, i) => v * w[i]!));
      expect(maxError(natural(dft.forward(z, w), n), reference)).toBeLessThan(1e-14);
    });
  }

  it('leaves its input alone and gives the same result twice', () => {
    const n = 1 << 16;
    const z = signal(2 * n, 3);
    const copy = Float64Array.from(z);
    const dft = new PowerOfTwoDft(n);
    const first = natural(dft.forward(z), n);
    expect(Array.from(natural(dft.forward(z), n))).toEqual(Array.from(first));
    expect(Array.from(z)).toEqual(Array.from(copy));
  });
});

describe('BluesteinDft', () => {
  // Lengths whose convolution is short (fft.js whole) and long (2^16 and 2^17: blocked).
  for (const n of [3, 5, 6, 7, 100, 1000, 20_001, 40_000]) {
    it(`n = ${n} equals the DFT by definition (sampled bins)`, () => {
      const z = signal(2 * n, 7);
      const bins = [...new Set([0, 1, 2, Math.floor(n / 3), Math.floor(n / 2), n - 2, n - 1].filter((k) => k >= 0 && k < n))];
      const res = complexDft(n).forward(z);
      const got = Float64Array.from(bins.flatMap((k) => [res.data[binIndex(res, k)]!, res.data[binIndex(res, k) + 1]!]));
      expect(maxError(got, directBins(z, bins))).toBeLessThan(1e-12);
    });
  }

  it('forwardReal equals forward on the same real numbers', () => {
    const n = 20_001;
    const x = signal(n, 2);
    const z = new Float64Array(2 * n);
    for (let j = 0; j < n; j++) z[2 * j] = x[j]!;
    const plan = new BluesteinDft(n);
    const full = Float64Array.from(plan.forward(z).data.subarray(0, 200));
    expect(maxError(plan.forwardReal(x, 100).subarray(0, 200), full)).toBeLessThan(1e-14);
  });
});

describe('Twiddles', () => {
  it('products of the two short tables are cos and sin of 2πj/n to a few ulp', () => {
    const n = 1 << 20;
    const t = new Twiddles(n, n / 4);
    let err = 0;
    for (let j = 0; j < n / 4; j += 97) {
      const h = 2 * (j >>> t.bits);
      const l = 2 * (j & t.mask);
      const c = t.hi[h]! * t.lo[l]! - t.hi[h + 1]! * t.lo[l + 1]!;
      const s = t.hi[h]! * t.lo[l + 1]! + t.hi[h + 1]! * t.lo[l]!;
      err = Math.max(err, Math.abs(c - Math.cos((2 * Math.PI * j) / n)), Math.abs(s - Math.sin((2 * Math.PI * j) / n)));
    }
    expect(err).toBeLessThan(1e-15);
    expect(t.bytes).toBeLessThan(20_000);
  });
});
