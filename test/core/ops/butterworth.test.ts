import { describe, expect, it } from 'vitest';
import { butterworth, sectionCount, zpkToSos } from '../../../core/ops/butterworth.js';
import { c } from '../../../core/ops/complex.js';
import { expectClose, loadFixture } from './fixtures.js';

const fx = loadFixture('filters.json');

describe('butterworth', () => {
  for (const d of fx.designs) {
    it(`${d.type} order ${d.order} at ${JSON.stringify(d.cutoff)} Hz equals scipy.signal.butter(output='sos')`, () => {
      const sos = butterworth(d.type, d.order, d.cutoff, d.fs);
      expectClose(sos, d.sos, 1e-12);
    });
  }

  it('has ceil(order/2) sections for low/highpass and order sections for band filters', () => {
    expect(sectionCount(butterworth('lowpass', 5, 10, 100))).toBe(3);
    expect(sectionCount(butterworth('highpass', 4, 10, 100))).toBe(2);
    expect(sectionCount(butterworth('bandpass', 3, [5, 10], 100))).toBe(3);
    expect(sectionCount(butterworth('bandstop', 10, [5, 10], 100))).toBe(10);
  });

  it('has unit gain in the passband (DC for lowpass, Nyquist for highpass)', () => {
    const gainAt = (sos: Float64Array, z: number): number => {
      let g = 1;
      for (let s = 0; s < sos.length; s += 6) g *= (sos[s]! + sos[s + 1]! * z + sos[s + 2]! * z * z) / (1 + sos[s + 4]! * z + sos[s + 5]! * z * z);
      return g;
    };
    expect(gainAt(butterworth('lowpass', 7, 3, 100), 1)).toBeCloseTo(1, 12);
    expect(gainAt(butterworth('highpass', 7, 3, 100), -1)).toBeCloseTo(1, 12);
    expect(gainAt(butterworth('bandstop', 4, [3, 9], 100), 1)).toBeCloseTo(1, 12);
  });

  it('rejects a cutoff at or above Nyquist, naming both frequencies', () => {
    expect(() => butterworth('lowpass', 4, 50, 100)).toThrow(expect.objectContaining({ code: 'bad_cutoff' }));
    expect(() => butterworth('lowpass', 4, 50, 100)).toThrow(/cutoff 50 Hz is at or above the Nyquist frequency 50 Hz/);
    expect(() => butterworth('bandpass', 2, [10, 60], 100)).toThrow(/cutoff 60 Hz/);
  });

  it('rejects bad orders, types and cutoff shapes', () => {
    expect(() => butterworth('lowpass', 0, 5, 100)).toThrow(/order must be an integer from 1 to 10, got 0/);
    expect(() => butterworth('lowpass', 11, 5, 100)).toThrow(/got 11/);
    expect(() => butterworth('lowpass', 2.5, 5, 100)).toThrow(/order/);
    expect(() => butterworth('notch' as never, 2, 5, 100)).toThrow(/unknown filter_type "notch"/);
    expect(() => butterworth('bandpass', 2, 5, 100)).toThrow(/needs two cutoff frequencies/);
    expect(() => butterworth('lowpass', 2, [1, 2], 100)).toThrow(/needs one cutoff frequency/);
    expect(() => butterworth('bandstop', 2, [20, 10], 100)).toThrow(/low < high/);
    expect(() => butterworth('lowpass', 2, -1, 100)).toThrow(/positive/);
    expect(() => butterworth('lowpass', 2, 1, 0)).toThrow(/sampling rate/);
  });
});

describe('zpkToSos', () => {
  it('pairs like scipy zpk2sos (nearest), putting the extra origin pole and zero in different sections', () => {
    // The example of scipy's documentation: z = [-1, -0.5±0.5j], p = [0.75, 0.8±0.1j].
    const sos = zpkToSos([c(-1), c(-0.5, -0.5), c(-0.5, 0.5)], [c(0.75), c(0.8, 0.1), c(0.8, -0.1)], 1);
    expectClose(sos, [1, 1, 0.5, 1, -0.75, 0, 1, 1, 0, 1, -1.6, 0.65], 1e-14);
  });

  it('turns a pure gain into one pass-through section', () => {
    expect(Array.from(zpkToSos([], [], 2))).toEqual([2, 0, 0, 1, 0, 0]);
  });
});
