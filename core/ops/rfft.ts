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
const EMPTY = new Float64Array(0);

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

interface PackedPlan {
  /** Complex FFT of half the length. */
  fft: FFT;
  /** Reused output buffer of the half-length transform (calls are synchronous, so one per plan suffices). */
  scratch: Float64Array;
  /** cos and sin of 2πk/N for k = 0..N/4 (the rest follows by symmetry). */
  cos: Float64Array;
  sin: Float64Array;
}

const packedPlans = new Map<number, PackedPlan>();

function packedPlan(n: number): PackedPlan {
  return remember(packedPlans, n, () => {
    const quarter = n >>> 2;
    const cos = new Float64Array(quarter + 1);
    const sin = new Float64Array(quarter + 1);
    for (let k = 0; k <= quarter; k++) {
      cos[k] = Math.cos((2 * Math.PI * k) / n);
      sin[k] = Math.sin((2 * Math.PI * k) / n);
    }
    return { fft: new FFT(n >>> 1), scratch: new Float64Array(n), cos, sin };
  });
}

// Real FFT of a power-of-two length N by packing: the real signal read as N/2 complex points
// (even samples real, odd samples imaginary) goes through one half-size complex FFT, then the even/odd
// spectra are separated and recombined with twiddles. Faster than fft.js's own realTransform.
function rfftPacked(x: Float64Array, n: number, magnitude?: Float64Array): HalfSpectrum {
  const m = n >>> 1;
  const { fft, scratch: z, cos, sin } = packedPlan(n);
  fft.transform(z, x);
  const re = magnitude ? EMPTY : new Float64Array(m + 1);
  const im = magnitude ? EMPTY : new Float64Array(m + 1);
  const quarter = m >>> 1;
  for (let k = 1; k < m; k++) {
    const a = z[2 * k]!;
    const b = z[2 * k + 1]!;
    const c = z[2 * (m - k)]!;
    const d = -z[2 * (m - k) + 1]!;
    const eRe = (a + c) / 2;
    const eIm = (b + d) / 2;
    const oRe = (b - d) / 2;
    const oIm = (c - a) / 2;
    const ck = k <= quarter ? cos[k]! : -cos[m - k]!;
    const sk = k <= quarter ? sin[k]! : sin[m - k]!;
    const xr = eRe + ck * oRe + sk * oIm;
    const xi = eIm + ck * oIm - sk * oRe;
    if (magnitude) magnitude[k] = Math.sqrt(xr * xr + xi * xi);
    else {
      re[k] = xr;
      im[k] = xi;
    }
  }
  if (magnitude) {
    magnitude[0] = Math.abs(z[0]! + z[1]!);
    magnitude[m] = Math.abs(z[0]! - z[1]!);
  } else {
    re[0] = z[0]! + z[1]!;
    re[m] = z[0]! - z[1]!;
  }
  return { re, im };
}

function rfftRadix2(x: ArrayLike<number>, n: number): HalfSpectrum {
  if (n >= 4 && x instanceof Float64Array) return rfftPacked(x, n);
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

/** |X_k| for k = 0..floor(N/2): the same as |rfft(x)|, without materialising the complex spectrum when N is a power of two. */
export function rfftMagnitude(x: Float64Array): Float64Array {
  const n = x.length;
  const out = new Float64Array((n >>> 1) + 1);
  if (n >= 4 && isPowerOfTwo(n)) {
    rfftPacked(x, n, out);
    return out;
  }
  const { re, im } = rfft(x);
  for (let k = 0; k < out.length; k++) out[k] = Math.sqrt(re[k]! * re[k]! + im[k]! * im[k]!);
  return out;
}
