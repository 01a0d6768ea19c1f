import { StrataError } from '../base/errors.js';
import { PlanCache } from './plan-cache.js';

/** Spectral windows offered to analysts (the names scipy.signal.get_window uses). */
export type WindowName = 'none' | 'hann' | 'hamming' | 'blackman';

export const WINDOW_NAMES: readonly WindowName[] = ['none', 'hann', 'hamming', 'blackman'];

// Cosine-sum coefficients a_k in w[n] = Σ (-1)^k a_k cos(2πkn/N).
const COSINE_TERMS: Record<Exclude<WindowName, 'none'>, readonly number[]> = {
  hann: [0.5, 0.5],
  hamming: [0.54, 0.46],
  blackman: [0.42, 0.5, 0.08],
};

export function isWindowName(name: unknown): name is WindowName {
  return typeof name === 'string' && (WINDOW_NAMES as readonly string[]).includes(name);
}

/** Rejects a window name that is not offered, naming the ones that are. */
export function checkWindowName(name: unknown, where = 'window'): WindowName {
  if (!isWindowName(name)) {
    throw new StrataError('bad_input', `${where}: unknown window ${JSON.stringify(name)} (expected one of ${WINDOW_NAMES.join(', ')})`, {
      window: name,
    });
  }
  return name;
}

/**
 * The periodic ("DFT-even") window of length n, as `scipy.signal.get_window(name, n)` returns by default:
 * the symmetric window of length n + 1 without its last point, so spectral leakage is analysed correctly.
 */
export function makeWindow(name: WindowName, n: number): Float64Array {
  if (!Number.isInteger(n) || n < 0) throw new StrataError('bad_input', `window: length must be a non-negative integer, got ${n}`);
  checkWindowName(name);
  const w = new Float64Array(n);
  if (name === 'none' || n === 1) return w.fill(1);
  const terms = COSINE_TERMS[name];
  for (let i = 0; i < n; i++) {
    const phase = (2 * Math.PI * i) / n;
    let sum = 0;
    for (let k = 0; k < terms.length; k++) sum += (k % 2 === 0 ? 1 : -1) * terms[k]! * Math.cos(k * phase);
    w[i] = sum;
  }
  return w;
}

/** A periodic window and the sum of its points (the amplitude spectrum's normaliser). */
export interface CachedWindow {
  /** Shared between callers: never modify. */
  readonly values: Float64Array;
  readonly sum: number;
}

// Spectra of one length are usually taken many times (channels, reruns); cosines per point cost more than the FFT's pre-pass.
const windows = new Map<WindowName, PlanCache<CachedWindow>>();

/** makeWindow's result for (name, n), computed once and kept in a small LRU cache, with its sum. */
export function cachedWindow(name: Exclude<WindowName, 'none'>, n: number): CachedWindow {
  checkWindowName(name);
  let cache = windows.get(name);
  if (!cache) windows.set(name, (cache = new PlanCache<CachedWindow>(2, 32 * 2 ** 20, (w) => 8 * w.values.length)));
  return cache.get(n, () => {
    const values = makeWindow(name, n);
    let sum = 0;
    for (let i = 0; i < n; i++) sum += values[i]!;
    return { values, sum };
  });
}
