import FFT from 'fft.js';

/**
 * Complex DFTs of any length on top of fft.js (which only does powers of two): Z_k = Σ z_j e^{-2πijk/n}.
 * Buffers are interleaved complex (re, im, re, im, ...). An optional window multiplies each real number of
 * the input (the real signal a packed real transform reads as complex points), fused into the first pass.
 * Plans own their buffers: calls are synchronous, so one set per plan is enough.
 */
export interface ComplexDft {
  readonly n: number;
  /** Approximate bytes the plan holds (for the plan cache's budget). */
  readonly bytes: number;
  /** Transforms input[0 .. 2n) (times `window`, same layout, when given); the result stays valid until the next call. */
  forward(input: Float64Array, window?: Float64Array): DftResult;
}

/**
 * Where a transform left its result. Large power-of-two transforms leave the bins in blocks rather than in
 * natural order (see BlockedDft); bin k is at `data[binIndex(result, k)]` (re) and the next index (im).
 */
export interface DftResult {
  data: Float64Array;
  /** Block holding the bins k with k mod 4^levels = r: `blockOf[r]`. */
  blockOf: Int32Array;
  /** 4^levels - 1 */
  mask: number;
  /** 2·levels */
  shift: number;
  /** Complex points per block. */
  blockSize: number;
}

/** Index in `data` of the real part of bin k. */
export function binIndex(r: DftResult, k: number): number {
  return 2 * (r.blockOf[k & r.mask]! * r.blockSize + (k >>> r.shift));
}

export function isPowerOfTwo(n: number): boolean {
  return n >= 2 && (n & (n - 1)) === 0;
}

function nextPowerOfTwo(n: number): number {
  let m = 2;
  while (m < n) m *= 2;
  return m;
}

const NATURAL = Int32Array.of(0);
const natural = (data: Float64Array, n: number): DftResult => ({ data, blockOf: NATURAL, mask: 0, shift: 0, blockSize: n });

// fft.js keeps a twiddle table of 2n doubles and a bit-reversal table of up to n entries in plain arrays.
const fftBytes = (n: number): number => 24 * n;

/**
 * cos and sin of 2πj/n for 0 <= j < count, as the product of two short tables (j = hi·2^bits + lo): a few KB
 * that stay in cache instead of 16 bytes per j streamed from memory. Each value is within a few ulp.
 */
export class Twiddles {
  readonly bits: number;
  readonly mask: number;
  /** cos, sin of 2π·hi·2^bits/n, interleaved */
  readonly hi: Float64Array;
  /** cos, sin of 2π·lo/n, interleaved */
  readonly lo: Float64Array;

  constructor(n: number, count: number) {
    let bits = 0;
    while (1 << (2 * bits) < count) bits++;
    this.bits = bits;
    this.mask = (1 << bits) - 1;
    this.lo = new Float64Array(2 << bits);
    this.hi = new Float64Array(2 * (Math.ceil(count / (1 << bits)) + 1));
    for (let j = 0; j < this.lo.length / 2; j++) {
      this.lo[2 * j] = Math.cos((2 * Math.PI * j) / n);
      this.lo[2 * j + 1] = Math.sin((2 * Math.PI * j) / n);
    }
    for (let j = 0; j < this.hi.length / 2; j++) {
      this.hi[2 * j] = Math.cos((2 * Math.PI * j * (1 << bits)) / n);
      this.hi[2 * j + 1] = Math.sin((2 * Math.PI * j * (1 << bits)) / n);
    }
  }

  get bytes(): number {
    return 8 * (this.hi.length + this.lo.length);
  }
}

/**
 * Largest piece handed to fft.js: 2^14 complex points (256 KB) stay in a core's cache, where fft.js runs
 * about twice as fast per butterfly as on a transform that streams through main memory.
 */
const MAX_BLOCK = 1 << 14;

/**
 * Power-of-two DFT. Up to MAX_BLOCK points, fft.js directly. Larger: cache blocking by decimation in
 * frequency — a radix-4 pass splits a block into four blocks of a quarter size whose DFTs are the bins
 * k ≡ 0, 1, 2, 3 (mod 4) of the block's DFT; passes recurse depth first (a quarter is finished while it is
 * still in cache) until blocks fit in cache, and fft.js transforms each block. The bins end up grouped by
 * k mod 4^levels (digit-reversed block order) and are left there: the pass that reads them uses the layout
 * instead of paying a pass to reorder them.
 */
export class PowerOfTwoDft implements ComplexDft {
  readonly bytes: number;
  readonly levels: number;
  private readonly fft: FFT;
  private readonly block: number;
  /** Input of the DIF passes after the first; holds the result when levels > 0. */
  private readonly work: Float64Array;
  /** fft.js output for one block (its output must not be its input); the result when levels = 0. */
  private readonly blockOut: Float64Array;
  private readonly twiddles: Twiddles;
  private readonly result: DftResult;

  constructor(readonly n: number) {
    let levels = 0;
    while (n >>> (2 * levels) > MAX_BLOCK) levels++;
    this.levels = levels;
    this.block = n >>> (2 * levels);
    this.fft = new FFT(this.block);
    this.work = new Float64Array(2 * n);
    this.blockOut = new Float64Array(2 * this.block);
    this.twiddles = new Twiddles(n, levels > 0 ? n >>> 2 : 1);
    const blocks = 1 << (2 * levels);
    const blockOf = new Int32Array(blocks);
    for (let r = 0; r < blocks; r++) {
      let reversed = 0;
      for (let l = 0, t = r; l < levels; l++, t >>>= 2) reversed = reversed * 4 + (t & 3);
      blockOf[r] = reversed;
    }
    const data = levels > 0 ? this.work : this.blockOut;
    this.result = { data, blockOf, mask: blocks - 1, shift: 2 * levels, blockSize: this.block };
    this.bytes = fftBytes(this.block) + 8 * (this.work.length + this.blockOut.length) + this.twiddles.bytes;
  }

  forward(input: Float64Array, window?: Float64Array): DftResult {
    const { n, fft, levels, work, blockOut } = this;
    if (levels === 0) {
      if (window) {
        for (let i = 0; i < 2 * n; i++) work[i] = input[i]! * window[i]!;
        fft.transform(blockOut, work);
      } else {
        fft.transform(blockOut, input);
      }
      return this.result;
    }
    this.difPass(input, work, 0, n, window);
    const quarter = n >>> 2;
    for (let p = 0; p < 4; p++) this.descend(p * quarter, quarter);
    return this.result;
  }

  // Finishes the block of b points at `start` (in `work`): more DIF passes while it is too big, then fft.js.
  private descend(start: number, b: number): void {
    if (b === this.block) {
      const span = 2 * b;
      const piece = this.work.subarray(2 * start, 2 * start + span);
      this.fft.transform(this.blockOut, piece);
      piece.set(this.blockOut);
      return;
    }
    this.difPass(this.work, this.work, start, b);
    const quarter = b >>> 2;
    for (let p = 0; p < 4; p++) this.descend(start + p * quarter, quarter);
  }

  // One radix-4 decimation-in-frequency pass over the block of b points at `start`: for j < b/4, the four
  // points j + p·b/4 combine into one point of each quarter-size block, times e^{-2πi·p·j/b} for quarter p.
  private difPass(src: Float64Array, dst: Float64Array, start: number, b: number, window?: Float64Array): void {
    const { hi, lo, bits, mask } = this.twiddles;
    const q2 = b >>> 1; // a quarter block, in doubles
    const step = this.n / b; // twiddle index step: e^{-2πij/b} = e^{-2πi·j·step/n}
    for (let i0 = 2 * start, t = 0, stop = 2 * start + q2; i0 < stop; i0 += 2, t += step) {
      const i1 = i0 + q2;
      const i2 = i1 + q2;
      const i3 = i2 + q2;
      let a0r = src[i0]!;
      let a0i = src[i0 + 1]!;
      let a1r = src[i1]!;
      let a1i = src[i1 + 1]!;
      let a2r = src[i2]!;
      let a2i = src[i2 + 1]!;
      let a3r = src[i3]!;
      let a3i = src[i3 + 1]!;
      if (window) {
        a0r *= window[i0]!;
        a0i *= window[i0 + 1]!;
        a1r *= window[i1]!;
        a1i *= window[i1 + 1]!;
        a2r *= window[i2]!;
        a2i *= window[i2 + 1]!;
        a3r *= window[i3]!;
        a3i *= window[i3 + 1]!;
      }
      const s02r = a0r + a2r;
      const s02i = a0i + a2i;
      const d02r = a0r - a2r;
      const d02i = a0i - a2i;
      const s13r = a1r + a3r;
      const s13i = a1i + a3i;
      const d13r = a1r - a3r;
      const d13i = a1i - a3i;
      const y1r = d02r + d13i; // d02 - i·d13
      const y1i = d02i - d13r;
      const y2r = s02r - s13r;
      const y2i = s02i - s13i;
      const y3r = d02r - d13i; // d02 + i·d13
      const y3i = d02i + d13r;
      // w1 = e^{-2πit/n} from the two short tables; w2 = w1², w3 = w1³.
      const h = 2 * (t >>> bits);
      const l = 2 * (t & mask);
      const hr = hi[h]!;
      const hs = hi[h + 1]!;
      const lr = lo[l]!;
      const ls = lo[l + 1]!;
      const w1r = hr * lr - hs * ls;
      const w1i = -(hr * ls + hs * lr);
      const w2r = w1r * w1r - w1i * w1i;
      const w2i = 2 * w1r * w1i;
      const w3r = w2r * w1r - w2i * w1i;
      const w3i = w2r * w1i + w2i * w1r;
      dst[i0] = s02r + s13r;
      dst[i0 + 1] = s02i + s13i;
      dst[i1] = y1r * w1r - y1i * w1i;
      dst[i1 + 1] = y1r * w1i + y1i * w1r;
      dst[i2] = y2r * w2r - y2i * w2i;
      dst[i2 + 1] = y2r * w2i + y2i * w2r;
      dst[i3] = y3r * w3r - y3i * w3i;
      dst[i3 + 1] = y3r * w3i + y3i * w3r;
    }
  }
}

class SingleDft implements ComplexDft {
  readonly n = 1;
  readonly bytes = 0;
  private readonly out = new Float64Array(2);
  private readonly result = natural(this.out, 1);
  forward(input: Float64Array, window?: Float64Array): DftResult {
    this.out[0] = window ? input[0]! * window[0]! : input[0]!;
    this.out[1] = window ? input[1]! * window[1]! : input[1]!;
    return this.result;
  }
}

/**
 * Bluestein's chirp-z trick: a DFT of length n as a circular convolution of length M >= 2n - 1 (a power of
 * two). With jk = (j² + k² - (k - j)²)/2, Z_k = w_k Σ (z_j w_j) conj(w_{k-j}) where w_j = e^{-iπj²/n}.
 * The convolution's spectrum is used in the blocked order the power-of-two transform leaves it in: the
 * kernel is stored in that order, and the pointwise product is written back in natural order.
 */
export class BluesteinDft implements ComplexDft {
  readonly m: number;
  readonly bytes: number;
  private readonly dft: PowerOfTwoDft;
  /** Chirp w_j, interleaved. */
  private readonly chirp: Float64Array;
  /** The DFT of the wrapped conjugate chirp, in the transform's blocked order, pre-scaled by 1/M. */
  private readonly kernel: Float64Array;
  /** Input of both transforms (natural order): the chirped signal, then the pointwise product. */
  private readonly a: Float64Array;
  private readonly out: Float64Array;
  private readonly result: DftResult;

  constructor(readonly n: number) {
    const m = (this.m = nextPowerOfTwo(2 * n - 1));
    this.dft = new PowerOfTwoDft(m);
    this.chirp = new Float64Array(2 * n);
    const twoN = 2 * n;
    for (let j = 0; j < n; j++) {
      // j² mod 2n keeps the angle small, so cos/sin stay accurate for large n (j*j is exact below 2^53).
      const angle = (Math.PI * ((j * j) % twoN)) / n;
      this.chirp[2 * j] = Math.cos(angle);
      this.chirp[2 * j + 1] = -Math.sin(angle);
    }
    const b = (this.a = new Float64Array(2 * m));
    const inv = 1 / m;
    b[0] = this.chirp[0]! * inv;
    b[1] = -this.chirp[1]! * inv;
    for (let j = 1; j < n; j++) {
      b[2 * j] = b[2 * (m - j)] = this.chirp[2 * j]! * inv;
      b[2 * j + 1] = b[2 * (m - j) + 1] = -this.chirp[2 * j + 1]! * inv;
    }
    this.kernel = Float64Array.from(this.dft.forward(b).data);
    this.out = new Float64Array(2 * n);
    this.result = natural(this.out, n);
    this.bytes = this.dft.bytes + 8 * (this.kernel.length + this.a.length + this.chirp.length + this.out.length);
  }

  forward(input: Float64Array, window?: Float64Array): DftResult {
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
    this.finish(n);
    return this.result;
  }

  /** The first `count` bins of the DFT of n real numbers (times `window`); bin k at out[2k], out[2k + 1]. */
  forwardReal(input: Float64Array, count: number, window?: Float64Array): Float64Array {
    const { n, chirp, a } = this;
    for (let j = 0; j < n; j++) {
      const x = window ? input[j]! * window[j]! : input[j]!;
      a[2 * j] = x * chirp[2 * j]!;
      a[2 * j + 1] = x * chirp[2 * j + 1]!;
    }
    this.convolve();
    this.finish(count);
    return this.out;
  }

  // conj(FFT(conj(A·K))) is the inverse FFT of A·K (its 1/M is in the kernel). The product goes back into
  // `a` in natural order, which the second transform then reads.
  private convolve(): void {
    const { n, kernel, a } = this;
    a.fill(0, 2 * n);
    const { data, blockOf, shift, blockSize } = this.dft.forward(a);
    for (let block = 0, p = 0; block < blockOf.length; block++) {
      // The bins of a block are k = (offset in the block)·4^levels + r, where blockOf[r] = block; digit
      // reversal is its own inverse, so r = blockOf[block].
      const r = blockOf[block]!;
      for (let i = 0; i < blockSize; i++, p += 2) {
        const ar = data[p]!;
        const ai = data[p + 1]!;
        const br = kernel[p]!;
        const bi = kernel[p + 1]!;
        const k = 2 * ((i << shift) + r);
        a[k] = ar * br - ai * bi;
        a[k + 1] = -(ar * bi + ai * br);
      }
    }
  }

  // Z_k = w_k · conj(conv_k) for k < count.
  private finish(count: number): void {
    const { chirp, out } = this;
    const res = this.dft.forward(this.a);
    for (let k = 0; k < count; k++) {
      const at = binIndex(res, k);
      const cr = res.data[at]!;
      const ci = -res.data[at + 1]!;
      const wr = chirp[2 * k]!;
      const wi = chirp[2 * k + 1]!;
      out[2 * k] = cr * wr - ci * wi;
      out[2 * k + 1] = cr * wi + ci * wr;
    }
  }
}

/** A complex DFT plan for length n >= 1: powers of two on fft.js (cache-blocked when large), Bluestein otherwise. */
export function complexDft(n: number): ComplexDft {
  if (n === 1) return new SingleDft();
  return isPowerOfTwo(n) ? new PowerOfTwoDft(n) : new BluesteinDft(n);
}
