import { describe, expect, it } from 'vitest';
import { rfft, rfftMagnitude } from '../../../core/ops/rfft.js';
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
