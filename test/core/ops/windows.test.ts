import { describe, expect, it } from 'vitest';
import { cachedWindow, makeWindow, WINDOW_NAMES } from '../../../core/ops/windows.js';
import { expectClose, loadFixture } from './fixtures.js';

const fx = loadFixture('fft.json');

describe('makeWindow', () => {
  for (const name of ['hann', 'hamming', 'blackman'] as const) {
    for (const [n, expected] of Object.entries(fx.windows[name] as Record<string, number[]>)) {
      it(`${name}(${n}) equals scipy.signal.get_window (periodic)`, () => {
        expectClose(makeWindow(name, Number(n)), expected, 1e-14);
      });
    }
  }

  it('none is all ones', () => {
    expect(Array.from(makeWindow('none', 4))).toEqual([1, 1, 1, 1]);
  });

  it('lists the four windows', () => {
    expect(WINDOW_NAMES).toEqual(['none', 'hann', 'hamming', 'blackman']);
  });

  it('rejects unknown names and bad lengths with bad_input', () => {
    expect(() => makeWindow('kaiser' as never, 8)).toThrow(/unknown window "kaiser".*none, hann, hamming, blackman/);
    expect(() => makeWindow('hann', -1)).toThrow(expect.objectContaining({ code: 'bad_input' }));
  });
});

describe('cachedWindow', () => {
  it('returns makeWindow values with their sum, the same object on a second call', () => {
    const w = cachedWindow('hamming', 11);
    expect(Array.from(w.values)).toEqual(Array.from(makeWindow('hamming', 11)));
    expect(w.sum).toBeCloseTo(Array.from(makeWindow('hamming', 11)).reduce((a, b) => a + b, 0), 14);
    expect(cachedWindow('hamming', 11)).toBe(w);
    expect(cachedWindow('hann', 11).values).not.toBe(w.values);
  });
});
