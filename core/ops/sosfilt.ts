import { StrataError } from '../base/errors.js';
import { runSections } from './biquad.js';
import type { Sos } from './butterworth.js';

/** Checks the layout of second-order sections: 6 coefficients per section, a0 = 1. */
export function checkSos(sos: Sos, where = 'filter'): number {
  if (sos.length === 0 || sos.length % 6 !== 0) {
    throw new StrataError('bad_input', `${where}: second-order sections need 6 coefficients each, got ${sos.length} numbers`);
  }
  for (let s = 0; s < sos.length; s += 6) {
    if (sos[s + 3] !== 1) throw new StrataError('bad_input', `${where}: section ${s / 6} must have a0 = 1, got ${sos[s + 3]}`);
  }
  return sos.length / 6;
}

/**
 * Runs the cascade in place over buf[from..to) in the given direction. `zi` holds scipy's two state values
 * per section (direct form II transposed) and is updated to the final state. See biquad.ts for the loops.
 */
export function sosfiltInPlace(sos: Sos, buf: Float64Array, zi: Float64Array, from = 0, to = buf.length, backward = false): void {
  runSections(sos, buf, buf, zi, from, to, backward);
}

/** As sosfiltInPlace, reading src[from..to) and writing dst[from..to) (src may be dst). */
export function sosfiltRange(
  sos: Sos,
  src: Float64Array,
  dst: Float64Array,
  zi: Float64Array,
  from = 0,
  to = src.length,
  backward = false,
): void {
  runSections(sos, src, dst, zi, from, to, backward);
}

/**
 * Causal filtering through second-order sections (scipy.signal.sosfilt). Without `zi` the filter starts
 * from a zero state; `zi` (two values per section) is not modified.
 */
export function sosfilt(sos: Sos, x: Float64Array, zi?: Float64Array): Float64Array {
  const nSections = checkSos(sos);
  const state = zi ? Float64Array.from(zi) : new Float64Array(2 * nSections);
  if (state.length !== 2 * nSections) {
    throw new StrataError('bad_input', `filter: initial state needs ${2 * nSections} values (2 per section), got ${state.length}`);
  }
  const y = Float64Array.from(x);
  sosfiltInPlace(sos, y, state);
  return y;
}

/**
 * Steady-state initial conditions for a unit step (scipy.signal.sosfilt_zi): multiplied by the first input
 * value, the filter starts as if that value had been applied forever, so it shows no start-up transient.
 */
export function sosfiltZi(sos: Sos): Float64Array {
  const nSections = checkSos(sos);
  const zi = new Float64Array(2 * nSections);
  let gain = 1;
  for (let s = 0; s < nSections; s++) {
    const b0 = sos[6 * s]!;
    const b1 = sos[6 * s + 1]!;
    const b2 = sos[6 * s + 2]!;
    const a1 = sos[6 * s + 4]!;
    const a2 = sos[6 * s + 5]!;
    // Closed-form solution of (I - A) z = B for a 2-state section (scipy solves the same system with LAPACK).
    const r0 = b1 - a1 * b0;
    const r1 = b2 - a2 * b0;
    const z0 = (r0 + r1) / (1 + a1 + a2);
    zi[2 * s] = gain * z0;
    zi[2 * s + 1] = gain * (r1 - a2 * z0);
    gain *= (b0 + b1 + b2) / (1 + a1 + a2);
  }
  return zi;
}
