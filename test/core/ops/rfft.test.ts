import { describe, expect, it } from 'vitest';
import { cachedPlanLengths, rfft, rfftMagnitude } from '../../../core/ops/rfft.js';
import { makeWindow } from '../../../core/ops/windows.js';
import { expectClose, loadFixture, signal } from './fixtures.js';

const fx = loadFixture('fft.json');

describe('rfft', () => {
  for (const c of fx.small) {
    it(`equals numpy.fft.rfft for N = ${c.n}`, () => {
      const { re, im } = rfft(Float64Array.from(c.x));
      expectClose(re, c.re, 1e-12, 'array');
      expectClose(im, c.im, 1e-12, 'array');
    });
  }

  for (const c of fx.large) {
    it(`equals numpy.fft.rfft for N = ${c.n} (${(c.n & (c.n - 1)) === 0 ? 'power of two' : 'Bluestein'})`, () => {
      const { re, im } = rfft(signal(c.n));
      expect(re.length).toBe(Math.floor(c.n / 2) + 1);
      const pick = (a: Float64Array): number[] => c.idx.map((i: number) => a[i]!);
      expectClose(pick(re), c.re, 1e-10, 'array');
      expectClose(pick(im), c.im, 1e-10, 'array');
    });
  }

  it('gives the same result when a plan is reused and after other sizes evicted it', () => {
    const x = signal(4099);
    const first = rfft(x);
    for (const n of [3, 5, 6, 7, 9, 10]) rfft(signal(n));
    const again = rfft(x);
    expect(Array.from(again.re)).toEqual(Array.from(first.re));
  });

  it('rejects an empty signal', () => {
    expect(() => rfft(new Float64Array(0))).toThrow(/empty/);
  });

  it('does not modify its input', () => {
    const x = signal(100);
    const copy = Float64Array.from(x);
    rfft(x);
    rfft(signal(128));
    expect(Array.from(x)).toEqual(Array.from(copy));
  });
});

describe('rfftMagnitude', () => {
  for (const n of [1, 2, 4, 8, 100, 1024, 4099]) {
    it(`equals |rfft| for N = ${n}`, () => {
      const x = signal(n, 9);
      const { re, im } = rfft(x);
      expectClose(rfftMagnitude(x), Array.from(re, (r, k) => Math.hypot(r, im[k]!)), 1e-12, 'array');
    });
  }
});

describe('rfftMagnitude with a window and scaling', () => {
  // Powers of two, even lengths through a half-size Bluestein, odd lengths through a full Bluestein.
  for (const n of [2, 3, 6, 16, 18, 64, 100, 101, 1000, 1001]) {
    it(`equals |rfft(x·w)| scaled, for N = ${n}`, () => {
      const x = signal(n, 5);
      const w = makeWindow('hann', n);
      const { re, im } = rfft(x.map((v, i) => v * w[i]!));
      const last = Math.floor(n / 2);
      const expected = Array.from(re, (r, k) => Math.hypot(r, im[k]!) * (k === 0 || (n % 2 === 0 && k === last) ? 0.25 : 3));
      expectClose(rfftMagnitude(x, { window: w, scale: 3, edgeScale: 0.25 }), expected, 1e-12, 'array');
    });
  }

  it('N = 1: the edge scale applies to the only bin', () => {
    expect(Array.from(rfftMagnitude(Float64Array.of(-2), { window: Float64Array.of(1.5), scale: 9, edgeScale: 0.5 }))).toEqual([1.5]);
  });

  it('rejects a window of the wrong length', () => {
    expect(() => rfftMagnitude(signal(8), { window: new Float64Array(7) })).toThrow(/window has 7 points for a signal of 8/);
  });

  it('accepts plain arrays as well as Float64Array', () => {
    const x = signal(12, 2);
    expect(Array.from(rfftMagnitude(Array.from(x)))).toEqual(Array.from(rfftMagnitude(x)));
    expect(Array.from(rfft(Array.from(x)).re)).toEqual(Array.from(rfft(x).re));
  });

  it('keeps at most four plans, most recent last, and a reused plan gives identical results', () => {
    const x = signal(2048, 4);
    const first = rfftMagnitude(x);
    for (const n of [10, 12, 14, 16, 2048]) rfftMagnitude(signal(n));
    expect(cachedPlanLengths()).toEqual([12, 14, 16, 2048]);
    expect(Array.from(rfftMagnitude(x))).toEqual(Array.from(first));
  });
});
