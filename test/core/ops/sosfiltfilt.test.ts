import { describe, expect, it } from 'vitest';
import { butterworth } from '../../../core/ops/butterworth.js';
import { defaultPadLength, sosfiltfilt } from '../../../core/ops/sosfiltfilt.js';
import { expectClose, loadFixture, signal } from './fixtures.js';

const fx = loadFixture('filters.json');
const x = signal(fx.signal.n, fx.signal.seed);

describe('sosfiltfilt', () => {
  for (const r of fx.runs) {
    it(`${r.type} order ${r.order}: equals scipy.signal.sosfiltfilt`, () => {
      expectClose(sosfiltfilt(butterworth(r.type, r.order, r.cutoff, r.fs), x), r.sosfiltfilt, 1e-9);
    });
  }

  it('accepts the shortest input scipy accepts (padlen + 1 points)', () => {
    const sos = butterworth('lowpass', 4, 5, 100);
    expect(defaultPadLength(sos)).toBe(fx.short.padlen);
    expectClose(sosfiltfilt(sos, signal(fx.short.n, 2)), fx.short.sosfiltfilt, 1e-9);
  });

  it('rejects inputs no longer than the pad length', () => {
    const sos = butterworth('lowpass', 4, 5, 100);
    expect(() => sosfiltfilt(sos, signal(15, 2))).toThrow(expect.objectContaining({ code: 'too_few_points' }));
    expect(() => sosfiltfilt(sos, signal(15, 2))).toThrow(/needs more than 15 points/);
  });

  it('counts first-order sections out of the pad length (odd orders)', () => {
    // Values from scipy: 3 · (2·sections + 1 − first-order sections).
    expect(defaultPadLength(butterworth('lowpass', 1, 5, 100))).toBe(6);
    expect(defaultPadLength(butterworth('lowpass', 3, 5, 100))).toBe(12);
    expect(defaultPadLength(butterworth('lowpass', 5, 5, 100))).toBe(18);
    expect(defaultPadLength(butterworth('lowpass', 4, 5, 100))).toBe(15);
  });

  it('has no phase shift: a slow sine passes with its peaks in place', () => {
    const n = 2000;
    const fs = 100;
    const sine = Float64Array.from({ length: n }, (_, i) => Math.sin((2 * Math.PI * 0.5 * i) / fs));
    const y = sosfiltfilt(butterworth('lowpass', 4, 5, fs), sine);
    // Interior peak at i = 50 + 200k.
    expect(y[1050]! > y[1049]! && y[1050]! > y[1051]!).toBe(true);
    expect(y[1050]).toBeCloseTo(1, 6);
  });
});
