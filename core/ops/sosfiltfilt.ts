import { StrataError } from '../base/errors.js';
import type { Sos } from './butterworth.js';
import { checkSos, sosfiltInPlace, sosfiltRange, sosfiltZi } from './sosfilt.js';

/**
 * Length of the odd extension added at each end, scipy's default: 3 × (2·sections + 1), less the number of
 * sections that are really first order (b2 = a2 = 0).
 */
export function defaultPadLength(sos: Sos): number {
  const nSections = checkSos(sos);
  let zeroB2 = 0;
  let zeroA2 = 0;
  for (let s = 0; s < nSections; s++) {
    if (sos[6 * s + 2] === 0) zeroB2++;
    if (sos[6 * s + 5] === 0) zeroA2++;
  }
  return 3 * (2 * nSections + 1 - Math.min(zeroB2, zeroA2));
}

/**
 * Zero-phase forward-backward filtering with scipy.signal.sosfiltfilt's defaults: odd extension of the
 * default pad length at both ends, and steady-state initial conditions scaled by the first sample of each
 * pass. The input must be longer than the pad length.
 */
export function sosfiltfilt(sos: Sos, x: Float64Array, where = 'filter'): Float64Array {
  const edge = defaultPadLength(sos);
  const n = x.length;
  if (n <= edge) {
    throw new StrataError(
      'too_few_points',
      `${where}: zero-phase filtering of this filter needs more than ${edge} points (the padding length), got ${n}`,
      { points: n, pad_length: edge },
    );
  }
  // Odd extension: mirror the signal about its end points, so the padding continues its slope. The pads
  // live in their own small arrays, so the signal itself is never copied into a longer buffer.
  const first = x[0]!;
  const last = x[n - 1]!;
  const left = new Float64Array(edge);
  const right = new Float64Array(edge);
  for (let i = 0; i < edge; i++) left[i] = 2 * first - x[edge - i]!;
  for (let i = 0; i < edge; i++) right[i] = 2 * last - x[n - 2 - i]!;

  const zi = sosfiltZi(sos);
  const state = new Float64Array(zi.length);
  const y = new Float64Array(n);
  // Forward over [left, x, right], carrying the state from one piece to the next.
  for (let i = 0; i < zi.length; i++) state[i] = zi[i]! * left[0]!;
  sosfiltInPlace(sos, left, state);
  sosfiltRange(sos, x, y, state);
  sosfiltInPlace(sos, right, state);
  // Backward from the end of the right pad; the left pad's backward output would be trimmed, so skip it.
  const tail = right[edge - 1]!;
  for (let i = 0; i < zi.length; i++) state[i] = zi[i]! * tail;
  sosfiltInPlace(sos, right, state, 0, edge, true);
  sosfiltInPlace(sos, y, state, 0, n, true);
  return y;
}
