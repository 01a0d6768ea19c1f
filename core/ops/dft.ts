import FFT from 'fft.js';

/**
 * Complex DFTs of any length on top of fft.js (which only does powers of two): Z_k = Σ z_j e^{-2πijk/n}.
 * Buffers are interleaved complex (re, im, re, im, ...). An optional window multiplies each real number of
 * the input (the real signal a packed real transform reads as complex points), fused into the first pass.
 * Plans own their scratch buffers: calls are synchronous, so one set per plan is enough.
 */
export interface ComplexDft {
  readonly n: number;
  /** Approximate bytes the plan holds (for the plan cache's budget). */
  readonly bytes: number;
  /** out[0 .. 2n) = DFT of input[0 .. 2n) (times `window`, same layout, when given). `out` must not be `input`. */
  forward(out: Float64Array, input: Float64Array, window?: Float64Array): void;
}

export function isPowerOfTwo(n: number): boolean {
  return n >= 2 && (n & (n - 1)) === 0;
}

function nextPowerOfTwo(n: number): number {
  let m = 2;
  while (m < n) m *= 2;
  return m;
}

// fft.js keeps a twiddle table of 2n doubles and a bit-reversal table of up to n entries in plain arrays.
const fftBytes = (n: number): number => 24 * n;

class Radix2Dft implements ComplexDft {
  readonly fft: FFT;
  readonly bytes: number;
  private windowed?: Float64Array;

  constructor(readonly n: number) {
    this.fft = new FFT(n);
    this.bytes = fftBytes(n);
  }

  forward(out: Float64Array, input: Float64Array, window?: Float64Array): void {
    if (!window) {
      this.fft.transform(out, input);
      return;
    }
    const w = (this.windowed ??= new Float64Array(2 * this.n));
    for (let i = 0; i < w.length; i++) w[i] = input[i]! * window[i]!;
    this.fft.transform(out, w);
  }
}

class SingleDft implements ComplexDft {
  readonly n = 1;
  readonly bytes = 0;
  forward(out: Float64Array, input: Float64Array, window?: Float64Array): void {
    out[0] = window ? input[0]! * window[0]! : input[0]!;
    out[1] = window ? input[1]! * window[1]! : input[1]!;
  }
}

/**
 * Bluestein's chirp-z trick: a DFT of length n as a circular convolution of length M >= 2n - 1 (a power of
 * two), computed with fft.js. With jk = (j² + k² - (k - j)²)/2, Z_k = w_k Σ (z_j w_j) conj(w_{k-j}) where
 * w_j = e^{-iπj²/n}.
 */
export class BluesteinDft implements ComplexDft {
  readonly m: number;
  readonly bytes: number;
  private readonly fft: FFT;
  /** Chirp w_j, interleaved. */
  private readonly chirp: Float64Array;
  /** FFT of the wrapped conjugate chirp, pre-scaled by 1/M so the inverse needs no separate division pass. */
  private readonly kernel: Float64Array;
  /** Convolution input; entries past 2n stay zero between calls. */
  private readonly a: Float64Array;
  private readonly spec: Float64Array;

  constructor(readonly n: number) {
    const m = (this.m = nextPowerOfTwo(2 * n - 1));
    this.fft = new FFT(m);
    this.chirp = new Float64Array(2 * n);
    const twoN = 2 * n;
    for (let j = 0; j < n; j++) {
      // j² mod 2n keeps the angle small, so cos/sin stay accurate for large n (j*j is exact below 2^53).
      const angle = (Math.PI * ((j * j) % twoN)) / n;
      this.chirp[2 * j] = Math.cos(angle);
      this.chirp[2 * j + 1] = -Math.sin(angle);
    }
    const b = new Float64Array(2 * m);
    const inv = 1 / m;
    b[0] = this.chirp[0]! * inv;
    b[1] = -this.chirp[1]! * inv;
    for (let j = 1; j < n; j++) {
      b[2 * j] = b[2 * (m - j)] = this.chirp[2 * j]! * inv;
      b[2 * j + 1] = b[2 * (m - j) + 1] = -this.chirp[2 * j + 1]! * inv;
    }
    this.kernel = new Float64Array(2 * m);
    this.fft.transform(this.kernel, b);
    this.a = new Float64Array(2 * m);
    this.spec = b; // reused as scratch from here on
    this.bytes = fftBytes(m) + 3 * 16 * m + 16 * n;
  }

  forward(out: Float64Array, input: Float64Array, window?: Float64Array): void {
    const { n, chirp, a } = this;
    for (let j = 0; j < 2 * n; j += 2) {
      const zr = window ? input[j]! * window[j]! : input[j]!;
      const zi = window ? input[j + 1]! * window[j + 1]! : input[j + 1]!;
      const cr = chirp[j]!;
      const ci = chirp[j + 1]!;
      a[j] = zr * cr - zi * ci;
      a[j + 1] = zr * ci + zi * cr;
    }
    this.convolve();
    this.finish(out, n);
  }

  /** The first `count` bins of the DFT of n real numbers (times `window`), interleaved into `out`. */
  forwardReal(out: Float64Array, input: Float64Array, count: number, window?: Float64Array): void {
    const { n, chirp, a } = this;
    for (let j = 0; j < n; j++) {
      const x = window ? input[j]! * window[j]! : input[j]!;
      a[2 * j] = x * chirp[2 * j]!;
      a[2 * j + 1] = x * chirp[2 * j + 1]!;
    }
    this.convolve();
    this.finish(out, count);
  }

  // spec = FFT(a) · kernel, conjugated; then FFT(spec) conjugated is the inverse FFT (the 1/M is in the kernel).
  private convolve(): void {
    const { fft, a, spec, kernel } = this;
    fft.transform(spec, a);
    for (let i = 0; i < spec.length; i += 2) {
      const ar = spec[i]!;
      const ai = spec[i + 1]!;
      const br = kernel[i]!;
      const bi = kernel[i + 1]!;
      spec[i] = ar * br - ai * bi;
      spec[i + 1] = -(ar * bi + ai * br);
    }
    fft.transform(a, spec);
  }

  // Z_k = w_k · conj(a_k); then the tail of `a` is cleared again for the next call.
  private finish(out: Float64Array, count: number): void {
    const { chirp, a } = this;
    for (let k = 0; k < 2 * count; k += 2) {
      const cr = a[k]!;
      const ci = -a[k + 1]!;
      const wr = chirp[k]!;
      const wi = chirp[k + 1]!;
      out[k] = cr * wr - ci * wi;
      out[k + 1] = cr * wi + ci * wr;
    }
    a.fill(0, 2 * this.n);
  }
}

/** A complex DFT plan for length n >= 1: fft.js directly for powers of two, Bluestein otherwise. */
export function complexDft(n: number): ComplexDft {
  if (n === 1) return new SingleDft();
  return isPowerOfTwo(n) ? new Radix2Dft(n) : new BluesteinDft(n);
}
