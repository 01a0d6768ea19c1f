import { StrataError } from '../base/errors.js';
import { abs, add, c, conj, div, isReal, mul, neg, prod, realPoly, scale, sqrt, sub, type Complex } from './complex.js';

/** The four Butterworth responses analysts ask for. */
export type FilterType = 'lowpass' | 'highpass' | 'bandpass' | 'bandstop';

export const FILTER_TYPES: readonly FilterType[] = ['lowpass', 'highpass', 'bandpass', 'bandstop'];
export const MIN_ORDER = 1;
export const MAX_ORDER = 10;

/**
 * Second-order sections, flattened row by row: [b0, b1, b2, a0, a1, a2] per section with a0 = 1
 * (the layout of scipy's `sos` arrays). Section i occupies indices 6i..6i+5.
 */
export type Sos = Float64Array;

export function sectionCount(sos: Sos): number {
  return sos.length / 6;
}

interface Zpk {
  z: Complex[];
  p: Complex[];
  k: number;
}

/** Checks a filter request and returns the cutoffs as an array of 1 or 2 frequencies in Hz. */
export function checkFilterSpec(type: FilterType, order: number, cutoff: number | readonly number[], fs: number, where = 'filter'): number[] {
  if (!FILTER_TYPES.includes(type)) {
    throw new StrataError('bad_config', `${where}: unknown filter_type ${JSON.stringify(type)} (expected one of ${FILTER_TYPES.join(', ')})`);
  }
  if (!Number.isInteger(order) || order < MIN_ORDER || order > MAX_ORDER) {
    throw new StrataError('bad_config', `${where}: order must be an integer from ${MIN_ORDER} to ${MAX_ORDER}, got ${order}`, { order });
  }
  if (!(typeof fs === 'number' && Number.isFinite(fs) && fs > 0)) {
    throw new StrataError('bad_config', `${where}: sampling rate must be a positive number of Hz, got ${fs}`);
  }
  const band = type === 'bandpass' || type === 'bandstop';
  const cutoffs = typeof cutoff === 'number' ? [cutoff] : [...cutoff];
  if (band ? cutoffs.length !== 2 : cutoffs.length !== 1) {
    throw new StrataError(
      'bad_config',
      `${where}: a ${type} filter needs ${band ? 'two cutoff frequencies [low, high]' : 'one cutoff frequency'} in Hz, got ${JSON.stringify(cutoff)}`,
    );
  }
  const nyquist = fs / 2;
  for (const f of cutoffs) {
    if (typeof f !== 'number' || !Number.isFinite(f) || f <= 0) {
      throw new StrataError('bad_config', `${where}: cutoff frequencies must be positive numbers of Hz, got ${JSON.stringify(cutoff)}`);
    }
    if (f >= nyquist) {
      throw new StrataError(
        'bad_cutoff',
        `${where}: cutoff ${f} Hz is at or above the Nyquist frequency ${nyquist} Hz (sampling rate ${fs} Hz)`,
        { cutoff: f, nyquist, sampling_rate: fs },
      );
    }
  }
  if (band && !(cutoffs[0]! < cutoffs[1]!)) {
    throw new StrataError('bad_config', `${where}: band cutoffs must be [low, high] with low < high, got ${JSON.stringify(cutoff)}`);
  }
  return cutoffs;
}

// Analog prototype poles -exp(iπm/2N), m = -N+1, -N+3, ..., N-1 (the middle one is exactly -1).
function prototypePoles(order: number): Complex[] {
  const p: Complex[] = [];
  for (let m = -order + 1; m < order; m += 2) {
    const theta = (Math.PI * m) / (2 * order);
    p.push(c(-Math.cos(theta), -Math.sin(theta)));
  }
  return p;
}

// Frequency transformations of the analog lowpass prototype (zeros at infinity, gain 1).
function analogZpk(type: FilterType, order: number, warped: number[]): Zpk {
  const proto = prototypePoles(order);
  switch (type) {
    case 'lowpass': {
      const wo = warped[0]!;
      return { z: [], p: proto.map((p) => scale(p, wo)), k: wo ** order };
    }
    case 'highpass': {
      const wo = warped[0]!;
      const p = proto.map((q) => div(c(wo), q));
      return { z: Array.from({ length: order }, () => c(0)), p, k: div(c(1), prod(proto.map(neg))).re };
    }
    case 'bandpass':
    case 'bandstop': {
      const bw = warped[1]! - warped[0]!;
      const wo = Math.sqrt(warped[0]! * warped[1]!);
      const base = type === 'bandpass' ? proto.map((q) => scale(q, bw / 2)) : proto.map((q) => div(c(bw / 2), q));
      const shifted = base.map((q) => sqrt(sub(mul(q, q), c(wo * wo))));
      const p = [...base.map((q, i) => add(q, shifted[i]!)), ...base.map((q, i) => sub(q, shifted[i]!))];
      if (type === 'bandpass') return { z: Array.from({ length: order }, () => c(0)), p, k: bw ** order };
      const z = [...Array.from({ length: order }, () => c(0, wo)), ...Array.from({ length: order }, () => c(0, -wo))];
      return { z, p, k: div(c(1), prod(proto.map(neg))).re };
    }
  }
}

// Bilinear transform with fs = 2 (frequencies are pre-warped against the same fs); zeros at infinity go to -1.
function bilinear({ z, p, k }: Zpk): Zpk {
  const fs2 = c(4);
  const zz = z.map((q) => div(add(fs2, q), sub(fs2, q)));
  const pz = p.map((q) => div(add(fs2, q), sub(fs2, q)));
  for (let i = z.length; i < p.length; i++) zz.push(c(-1));
  const gain = div(prod(z.map((q) => sub(fs2, q))), prod(p.map((q) => sub(fs2, q)))).re;
  return { z: zz, p: pz, k: k * gain };
}

const TOL = 100 * Number.EPSILON;

// Keeps one member (positive imaginary part) of each conjugate pair, then the real values (scipy's _cplxreal order).
function conjugatePairsThenReals(values: Complex[]): Complex[] {
  const sorted = [...values].sort((a, b) => a.re - b.re || Math.abs(a.im) - Math.abs(b.im));
  const reals: Complex[] = [];
  const upper: Complex[] = [];
  const lower: Complex[] = [];
  for (const v of sorted) {
    if (Math.abs(v.im) <= TOL * abs(v)) reals.push(c(v.re));
    else if (v.im > 0) upper.push(v);
    else lower.push(v);
  }
  if (upper.length !== lower.length) throw new StrataError('internal', 'filter design: a complex root has no conjugate');
  const pairs = upper.map((u, i) => c((u.re + lower[i]!.re) / 2, (u.im - lower[i]!.im) / 2));
  return [...pairs, ...reals];
}

function nearestIndex(values: Complex[], to: Complex, which: 'real' | 'complex' | 'any'): number {
  let best = -1;
  let bestDist = Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (which === 'real' && !isReal(v)) continue;
    if (which === 'complex' && isReal(v)) continue;
    const d = abs(sub(v, to));
    if (d < bestDist) {
      bestDist = d;
      best = i;
    }
  }
  return best;
}

// Digital "worst" pole: the one closest to the unit circle, placed in the last section.
function worstIndex(values: Complex[], onlyReal = false): number {
  let best = -1;
  let bestDist = Infinity;
  for (let i = 0; i < values.length; i++) {
    if (onlyReal && !isReal(values[i]!)) continue;
    const d = Math.abs(1 - abs(values[i]!));
    if (d < bestDist) {
      bestDist = d;
      best = i;
    }
  }
  return best;
}

function take(values: Complex[], i: number): Complex {
  return values.splice(i, 1)[0]!;
}

function section(zeros: Complex[], poles: Complex[]): number[] {
  const row = [0, 0, 0, 0, 0, 0];
  const b = realPoly(zeros);
  const a = realPoly(poles);
  for (let i = 0; i < b.length; i++) row[3 - b.length + i] = b[i]!;
  for (let i = 0; i < a.length; i++) row[6 - a.length + i] = a[i]!;
  return row;
}

/** Pairs poles with nearest zeros into second-order sections (scipy.signal.zpk2sos, pairing 'nearest'). */
export function zpkToSos(zeros: readonly Complex[], poles: readonly Complex[], gain: number): Sos {
  let z = [...zeros];
  let p = [...poles];
  if (z.length === 0 && p.length === 0) return Float64Array.of(gain, 0, 0, 1, 0, 0);
  while (p.length < z.length) p.push(c(0));
  while (z.length < p.length) z.push(c(0));
  const nSections = (p.length + 1) >> 1;
  if (p.length % 2 === 1) {
    p.push(c(0));
    z.push(c(0));
  }
  z = conjugatePairsThenReals(z);
  p = conjugatePairsThenReals(p);
  const rows: number[][] = new Array(nSections);
  const realCount = (v: Complex[]): number => v.filter(isReal).length;
  for (let si = nSections - 1; si >= 0; si--) {
    const p1 = take(p, worstIndex(p));
    if (isReal(p1) && realCount(p) === 0) {
      const z1 = take(z, nearestIndex(z, p1, 'real'));
      rows[si] = section([z1, c(0)], [p1, c(0)]);
    } else if (p.length + 1 === z.length && !isReal(p1) && realCount(p) === 1 && realCount(z) === 1) {
      const z1 = take(z, nearestIndex(z, p1, 'complex'));
      rows[si] = section([z1, conj(z1)], [p1, conj(p1)]);
    } else {
      const p2 = isReal(p1) ? take(p, worstIndex(p, true)) : conj(p1);
      if (z.length === 0) {
        rows[si] = section([], [p1, p2]);
      } else {
        const z1 = take(z, nearestIndex(z, p1, 'any'));
        if (!isReal(z1)) rows[si] = section([z1, conj(z1)], [p1, p2]);
        else if (z.length > 0) rows[si] = section([z1, take(z, nearestIndex(z, p1, 'real'))], [p1, p2]);
        else rows[si] = section([z1], [p1, p2]);
      }
    }
  }
  const sos = new Float64Array(nSections * 6);
  rows.forEach((row, i) => sos.set(row, 6 * i));
  for (let j = 0; j < 3; j++) sos[j]! *= gain;
  return sos;
}

/**
 * Digital Butterworth filter as second-order sections, equal to
 * `scipy.signal.butter(order, cutoff, btype=type, fs=fs, output='sos')`. Cutoffs in Hz.
 */
export function butterworth(type: FilterType, order: number, cutoff: number | readonly number[], fs: number, where = 'filter'): Sos {
  const cutoffs = checkFilterSpec(type, order, cutoff, fs, where);
  // Pre-warp the normalized cutoffs so the digital response matches at the requested frequencies.
  const warped = cutoffs.map((f) => 4 * Math.tan((Math.PI * ((2 * f) / fs)) / 2));
  const digital = bilinear(analogZpk(type, order, warped));
  return zpkToSos(digital.z, digital.p, digital.k);
}
