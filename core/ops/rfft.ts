import FFT from 'fft.js';
import { StrataError } from '../base/errors.js';

/** The first N/2 + 1 DFT coefficients of a real signal (X_k = Σ x_n e^{-2πikn/N}, as numpy.fft.rfft). */
export interface HalfSpectrum {
  re: Float64Array;
  im: Float64Array;
}

// fft.js builds twiddle tables per size; keeping a few plans avoids rebuilding them on repeated calls.
const MAX_PLANS = 4;
const radix2Plans = new Map<number, FFT>();
const bluesteinPlans = new Map<number, BluesteinPlan>();

interface BluesteinPlan {
  /** Power-of-two convolution length, at least 2N - 1. */
  m: number;
  fft: FFT;
  /** Chirp w_n = exp(-iπ n²/N), n = 0..N-1. */
  chirpRe: Float64Array;
  chirpIm: Float64Array;
  /** FFT of the conjugate chirp, wrapped to length m (interleaved complex). */
  kernel: Float64Array;
}

function remember<T>(cache: Map<number, T>, key: number, make: () => T): T {
  let plan = cache.get(key);
  if (plan) {
    cache.delete(key); // re-insert to keep the map in least-recently-used order
  } else {
    plan = make();
    if (cache.size >= MAX_PLANS) cache.delete(cache.keys().next().value!);
  }
  cache.set(key, plan);
  return plan;
}

function radix2(size: number): FFT {
  return remember(radix2Plans, size, () => new FFT(size));
}

export function isPowerOfTwo(n: number): boolean {
  return n >= 2 && (n & (n - 1)) === 0;
}

function nextPowerOfTwo(n: number): number {
  let m = 2;
  while (m < n) m *= 2;
  return m;
}

function bluesteinPlan(n: number): BluesteinPlan {
  return remember(bluesteinPlans, n, () => {
    const m = nextPowerOfTwo(2 * n - 1);
    const fft = new FFT(m);
    const chirpRe = new Float64Array(n);
    const chirpIm = new Float64Array(n);
    const twoN = 2 * n;
    for (let i = 0; i < n; i++) {
      // n² mod 2N keeps the angle small, so cos/sin stay accurate for large n (i*i is exact below 2^53).
      const angle = (Math.PI * ((i * i) % twoN)) / n;
      chirpRe[i] = Math.cos(angle);
      chirpIm[i] = -Math.sin(angle);
    }
    const b = new Float64Array(2 * m);
    b[0] = chirpRe[0]!;
    b[1] = -chirpIm[0]!;
    for (let i = 1; i < n; i++) {
      b[2 * i] = b[2 * (m - i)] = chirpRe[i]!;
      b[2 * i + 1] = b[2 * (m - i) + 1] = -chirpIm[i]!;
    }
    const kernel = new Float64Array(2 * m);
    fft.transform(kernel, b);
    return { m, fft, chirpRe, chirpIm, kernel };
  });
}

function rfftRadix2(x: ArrayLike<number>, n: number): HalfSpectrum {
  const out = new Float64Array(2 * n);
  radix2(n).realTransform(out, x);
  const half = (n >>> 1) + 1;
  const re = new Float64Array(half);
  const im = new Float64Array(half);
  for (let k = 0; k < half; k++) {
    re[k] = out[2 * k]!;
    im[k] = out[2 * k + 1]!;
  }
  return { re, im };
}

// Bluestein's chirp-z trick: a DFT of any length N as a convolution computed with power-of-two FFTs.
function rfftBluestein(x: ArrayLike<number>, n: number): HalfSpectrum {
  const { m, fft, chirpRe, chirpIm, kernel } = bluesteinPlan(n);
  const a = new Float64Array(2 * m);
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    a[2 * i] = v * chirpRe[i]!;
    a[2 * i + 1] = v * chirpIm[i]!;
  }
  const spec = new Float64Array(2 * m);
  fft.transform(spec, a);
  for (let i = 0; i < 2 * m; i += 2) {
    const ar = spec[i]!;
    const ai = spec[i + 1]!;
    const br = kernel[i]!;
    const bi = kernel[i + 1]!;
    spec[i] = ar * br - ai * bi;
    spec[i + 1] = ar * bi + ai * br;
  }
  fft.inverseTransform(a, spec);
  const half = (n >>> 1) + 1;
  const re = new Float64Array(half);
  const im = new Float64Array(half);
  for (let k = 0; k < half; k++) {
    const cr = a[2 * k]!;
    const ci = a[2 * k + 1]!;
    re[k] = cr * chirpRe[k]! - ci * chirpIm[k]!;
    im[k] = cr * chirpIm[k]! + ci * chirpRe[k]!;
  }
  return { re, im };
}

/**
 * One-sided DFT of a real signal of any length N >= 1, returning k = 0..floor(N/2) (numpy.fft.rfft).
 * Powers of two use fft.js's real transform directly; other lengths go through Bluestein.
 */
export function rfft(x: ArrayLike<number>): HalfSpectrum {
  const n = x.length;
  if (n === 0) throw new StrataError('too_few_points', 'fft: the signal is empty');
  if (n === 1) return { re: Float64Array.of(x[0]!), im: new Float64Array(1) };
  return isPowerOfTwo(n) ? rfftRadix2(x, n) : rfftBluestein(x, n);
}
