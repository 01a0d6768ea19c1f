import { StrataError } from '../base/errors.js';
import { BluesteinDft, binIndex, type ComplexDft, complexDft, type DftResult, Twiddles } from './dft.js';
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
  /** The half-size complex DFT. */
  dft: ComplexDft;
  /** cos and sin of 2πk/N for k = 0..N/4. */
  twiddles: Twiddles;
}

/** Odd lengths cannot be packed: Bluestein on the real signal, keeping bins 0..(N-1)/2. */
interface OddPlan {
  kind: 'odd';
  n: number;
  dft: BluesteinDft;
}

type RealPlan = EvenPlan | OddPlan;

// A 2^20-point plan holds about 22 MB, a Bluestein plan for 10^6 points about 70 MB; 10^6 odd points need
// about 140 MB, which is not kept.
const plans = new PlanCache<RealPlan>(4, 128 * 2 ** 20, (p) => p.dft.bytes + (p.kind === 'even' ? p.twiddles.bytes : 0));

function makePlan(n: number): RealPlan {
  if (n % 2 === 1) return { kind: 'odd', n, dft: new BluesteinDft(n) };
  const m = n / 2;
  return { kind: 'even', n, dft: complexDft(m), twiddles: new Twiddles(n, (m >>> 1) + 1) };
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

/** Where recombine writes: the complex half spectrum, or scaled magnitudes. */
type Sink = { re: Float64Array; im: Float64Array; mag?: undefined } | { mag: Float64Array; scale: number; edge: number };

// Bins per tile of the recombination: a tile's reads and writes stay in cache whatever the block layout.
const TILE = 64;

/**
 * The pass after the half-size DFT Z of an even-length real signal: X_k and X_{m-k} (m = N/2) from Z_k and
 * Z_{m-k}. The bins may be grouped in R blocks (bin i·R + r at offset i of block blockOf[r], see dft.ts);
 * the loop walks tiles of TILE offsets across all R blocks, so every block is read in order and the output
 * touched stays in cache. With R = 1 it is a plain pass over k.
 */
function recombine(res: DftResult, m: number, twiddles: Twiddles, sink: Sink): void {
  const { data: z, blockOf, mask, blockSize: size } = res;
  const { hi, lo, bits, mask: loMask } = twiddles;
  const blocks = mask + 1;
  // Pairs (k, m - k) for 0 < k < m/2: offsets i < size/2 in every block (R > 1, so m and size are even),
  // or k < ceil(m/2) when the bins are in natural order.
  const offsets = blocks === 1 ? (m + 1) >>> 1 : size >>> 1;
  const tile = blocks === 1 ? offsets : TILE;
  const mag = sink.mag;
  const half = mag ? 0.5 * sink.scale : 0.5; // the loop works with twice E and twice O
  const re = mag ? mag : sink.re;
  const im = mag ? mag : sink.im;
  for (let from = 0; from < offsets; from += tile) {
    const to = Math.min(from + tile, offsets);
    for (let r = 0; r < blocks; r++) {
      const baseK = 2 * blockOf[r]! * size;
      // Partner m - k: for r = 0 offset size - i of block 0, else offset size - 1 - i of block blockOf[R - r].
      const baseJ = r === 0 ? 2 * size : 2 * (blockOf[blocks - r]! * size + size - 1);
      for (let i = r === 0 && from === 0 ? 1 : from; i < to; i++) {
        const k = i * blocks + r;
        const j = m - k;
        const ik = baseK + 2 * i;
        const ij = baseJ - 2 * i;
        const a = z[ik]!;
        const b = z[ik + 1]!;
        const c = z[ij]!;
        const d = z[ij + 1]!;
        // Twice the even and odd parts: E = (Z_k + conj Z_j)/2, O = (Z_k - conj Z_j)/2i.
        const er = a + c;
        const ei = b - d;
        const or = b + d;
        const oi = c - a;
        const h = 2 * (k >>> bits);
        const l = 2 * (k & loMask);
        const cs = hi[h]! * lo[l]! - hi[h + 1]! * lo[l + 1]!; // cos 2πk/N
        const sn = hi[h]! * lo[l + 1]! + hi[h + 1]! * lo[l]!; // sin 2πk/N
        const tr = cs * or + sn * oi;
        const ti = cs * oi - sn * or;
        // X_k = E + W^k O and X_{m-k} = conj(E - W^k O), W = e^{-2πi/N}.
        if (mag) {
          const pr = er + tr;
          const pi = ei + ti;
          const qr = er - tr;
          const qi = ei - ti;
          mag[k] = half * Math.sqrt(pr * pr + pi * pi);
          mag[j] = half * Math.sqrt(qr * qr + qi * qi);
        } else {
          re[k] = half * (er + tr);
          im[k] = half * (ei + ti);
          re[j] = half * (er - tr);
          im[j] = -half * (ei - ti);
        }
      }
    }
  }
  // DC and Nyquist from Z_0; for even m the bin m/2 pairs with itself: X_{N/4} = conj(Z_{N/4}).
  const i0 = binIndex(res, 0);
  const dc = z[i0]! + z[i0 + 1]!;
  const nyquist = z[i0]! - z[i0 + 1]!;
  const q = m % 2 === 0 ? binIndex(res, m >>> 1) : -1;
  if (mag) {
    mag[0] = sink.edge * Math.abs(dc);
    mag[m] = sink.edge * Math.abs(nyquist);
    if (q >= 0) mag[m >>> 1] = sink.scale * Math.hypot(z[q]!, z[q + 1]!);
  } else {
    re[0] = dc;
    re[m] = nyquist;
    if (q >= 0) {
      re[m >>> 1] = z[q]!;
      im[m >>> 1] = -z[q + 1]!;
    }
  }
}

/**
 * One-sided DFT of a real signal of any length N >= 1, returning k = 0..floor(N/2) (numpy.fft.rfft).
 * Even lengths go through a half-size complex DFT (fft.js for powers of two, Bluestein otherwise), odd
 * lengths through Bluestein.
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
    const z = plan.dft.forwardReal(x, half);
    for (let k = 0; k < half; k++) {
      re[k] = z[2 * k]!;
      im[k] = z[2 * k + 1]!;
    }
  } else {
    recombine(plan.dft.forward(x), n >>> 1, plan.twiddles, { re, im });
  }
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
    const z = plan.dft.forwardReal(x, half, window);
    out[0] = edge * Math.abs(z[0]!);
    for (let k = 1; k < half; k++) out[k] = scale * Math.sqrt(z[2 * k]! * z[2 * k]! + z[2 * k + 1]! * z[2 * k + 1]!);
  } else {
    recombine(plan.dft.forward(x, window), n >>> 1, plan.twiddles, { mag: out, scale, edge });
  }
  return out;
}
