import { StrataError } from '../base/errors.js';
import { BluesteinDft, type ComplexDft, complexDft } from './dft.js';
import { PlanCache } from './plan-cache.js';

/** The first N/2 + 1 DFT coefficients of a real signal (X_k = Σ x_n e^{-2πikn/N}, as numpy.fft.rfft). */
export interface HalfSpectrum {
  re: Float64Array;
  im: Float64Array;
}

/** How rfftMagnitude scales its output, and the window it applies first. */
export interface MagnitudeOptions {
  /** Multiplies each real input sample before the transform (fused into the transform's first pass). */
  window?: Float64Array;
  /** Factor for the bins 0 < k < N/2. Default 1. */
  scale?: number;
  /** Factor for DC and, for even N, the Nyquist bin. Default `scale`. */
  edgeScale?: number;
}

/**
 * Real FFT of an even length N by packing: the signal read as N/2 complex points (even samples real, odd
 * samples imaginary) goes through one half-size complex DFT, and a single pass separates the even/odd
 * spectra and recombines them with the twiddles e^{-2πik/N}. That pass handles bins k and N/2 - k together,
 * since both come from the same two half-size bins.
 */
interface EvenPlan {
  kind: 'even';
  n: number;
  dft: ComplexDft;
  /** Output of the half-size DFT (N doubles = N/2 complex points). */
  z: Float64Array;
  /** cos and sin of 2πk/N for k = 0..N/4, interleaved. */
  twiddle: Float64Array;
}

/** Odd lengths cannot be packed: Bluestein on the real signal, keeping bins 0..(N-1)/2. */
interface OddPlan {
  kind: 'odd';
  n: number;
  dft: BluesteinDft;
  /** Bins 0..(N-1)/2, interleaved complex. */
  z: Float64Array;
}

type RealPlan = EvenPlan | OddPlan;

// A 2^20-point plan holds about 30 MB; Bluestein plans for ~10^6 odd points about 200 MB, so those are not kept.
const plans = new PlanCache<RealPlan>(4, 160 * 2 ** 20, (p) => p.dft.bytes + 8 * (p.z.length + (p.kind === 'even' ? p.twiddle.length : 0)));

function makePlan(n: number): RealPlan {
  if (n % 2 === 1) return { kind: 'odd', n, dft: new BluesteinDft(n), z: new Float64Array(n + 1) };
  const m = n / 2;
  const quarter = m >>> 1;
  const twiddle = new Float64Array(2 * quarter + 2);
  for (let k = 0; k <= quarter; k++) {
    twiddle[2 * k] = Math.cos((2 * Math.PI * k) / n);
    twiddle[2 * k + 1] = Math.sin((2 * Math.PI * k) / n);
  }
  if (m % 2 === 0) {
    // k = N/4 exactly: cos(π/2) is not 0 in floating point.
    twiddle[2 * quarter] = 0;
    twiddle[2 * quarter + 1] = 1;
  }
  return { kind: 'even', n, dft: complexDft(m), z: new Float64Array(n), twiddle };
}

function planFor(n: number): RealPlan {
  return plans.get(n, () => makePlan(n));
}

/** Lengths currently holding a cached plan, least recently used first (for tests). */
export function cachedPlanLengths(): number[] {
  return plans.keys();
}

function checkInput(x: ArrayLike<number>, window: Float64Array | undefined): Float64Array {
  const n = x.length;
  if (n === 0) throw new StrataError('too_few_points', 'fft: the signal is empty');
  if (window && window.length !== n) {
    throw new StrataError('bad_input', `fft: the window has ${window.length} points for a signal of ${n}`);
  }
  return x instanceof Float64Array ? x : Float64Array.from(x);
}

/**
 * One-sided DFT of a real signal of any length N >= 1, returning k = 0..floor(N/2) (numpy.fft.rfft).
 * Powers of two (and twice a power of two) use fft.js directly; other lengths go through Bluestein.
 */
export function rfft(signal: ArrayLike<number>): HalfSpectrum {
  const x = checkInput(signal, undefined);
  const n = x.length;
  const half = (n >>> 1) + 1;
  const re = new Float64Array(half);
  const im = new Float64Array(half);
  if (n === 1) {
    re[0] = x[0]!;
    return { re, im };
  }
  const plan = planFor(n);
  if (plan.kind === 'odd') {
    plan.dft.forwardReal(plan.z, x, half);
    for (let k = 0; k < half; k++) {
      re[k] = plan.z[2 * k]!;
      im[k] = plan.z[2 * k + 1]!;
    }
    return { re, im };
  }
  const { dft, z, twiddle } = plan;
  const m = n >>> 1;
  dft.forward(z, x);
  const pairs = (m + 1) >>> 1; // k = 1 .. ceil(m/2) - 1 pair with m - k
  for (let k = 1; k < pairs; k++) {
    const j = m - k;
    const a = z[2 * k]!;
    const b = z[2 * k + 1]!;
    const c = z[2 * j]!;
    const d = z[2 * j + 1]!;
    // Twice the even and odd parts: E = (Z_k + conj Z_j)/2, O = (Z_k - conj Z_j)/2i.
    const er = a + c;
    const ei = b - d;
    const or = b + d;
    const oi = c - a;
    const cs = twiddle[2 * k]!;
    const sn = twiddle[2 * k + 1]!;
    const tr = cs * or + sn * oi;
    const ti = cs * oi - sn * or;
    re[k] = 0.5 * (er + tr);
    im[k] = 0.5 * (ei + ti);
    re[j] = 0.5 * (er - tr); // X_{m-k} = conj(E - W^k O)
    im[j] = -0.5 * (ei - ti);
  }
  if (m % 2 === 0 && m > 0) {
    const q = m >>> 1; // X_{N/4} = conj(Z_{N/4})
    re[q] = z[2 * q]!;
    im[q] = -z[2 * q + 1]!;
  }
  re[0] = z[0]! + z[1]!;
  re[m] = z[0]! - z[1]!;
  return { re, im };
}

/**
 * s·|X_k| for k = 0..floor(N/2), X = rfft(x · window): the same as |rfft| without materialising the complex
 * spectrum, with the window and the scaling fused into the transform's first and last passes.
 */
export function rfftMagnitude(signal: ArrayLike<number>, opts: MagnitudeOptions = {}): Float64Array {
  const { window } = opts;
  const x = checkInput(signal, window);
  const n = x.length;
  const scale = opts.scale ?? 1;
  const edge = opts.edgeScale ?? scale;
  const half = (n >>> 1) + 1;
  const out = new Float64Array(half);
  if (n === 1) {
    out[0] = edge * Math.abs(window ? x[0]! * window[0]! : x[0]!);
    return out;
  }
  const plan = planFor(n);
  if (plan.kind === 'odd') {
    const { z } = plan;
    plan.dft.forwardReal(z, x, half, window);
    out[0] = edge * Math.abs(z[0]!);
    for (let k = 1; k < half; k++) out[k] = scale * Math.sqrt(z[2 * k]! * z[2 * k]! + z[2 * k + 1]! * z[2 * k + 1]!);
    return out;
  }
  const { dft, z, twiddle } = plan;
  const m = n >>> 1;
  dft.forward(z, x, window);
  const s = 0.5 * scale; // the loop works with twice E and twice O
  const pairs = (m + 1) >>> 1;
  for (let k = 1; k < pairs; k++) {
    const j = m - k;
    const a = z[2 * k]!;
    const b = z[2 * k + 1]!;
    const c = z[2 * j]!;
    const d = z[2 * j + 1]!;
    const er = a + c;
    const ei = b - d;
    const or = b + d;
    const oi = c - a;
    const cs = twiddle[2 * k]!;
    const sn = twiddle[2 * k + 1]!;
    const tr = cs * or + sn * oi;
    const ti = cs * oi - sn * or;
    const pr = er + tr;
    const pi = ei + ti;
    const qr = er - tr;
    const qi = ei - ti;
    out[k] = s * Math.sqrt(pr * pr + pi * pi);
    out[j] = s * Math.sqrt(qr * qr + qi * qi);
  }
  if (m % 2 === 0) {
    const q = m >>> 1;
    out[q] = scale * Math.sqrt(z[2 * q]! * z[2 * q]! + z[2 * q + 1]! * z[2 * q + 1]!);
  }
  out[0] = edge * Math.abs(z[0]! + z[1]!);
  out[m] = edge * Math.abs(z[0]! - z[1]!);
  return out;
}
