import type { Sos } from './butterworth.js';

/*
 * Inner loops of second-order sections. State in and out is scipy's direct form II transposed pair
 * (z0, z1) per section, but the samples from the third on are computed in direct form I,
 *   y[n] = (b0·x[n] + b1·x[n-1] + b2·x[n-2] - a2·y[n-2]) - a1·y[n-1],
 * the same filter with the same inputs: only the last multiply-subtract waits for the previous output,
 * which halves the latency chain that bounds a recursive filter's speed (DF2T chains three operations).
 * Rounding differs from scipy's by a few ulps scaled by the filter's noise gain (tested to 1e-9).
 * Sections run two at a time so the CPU overlaps their chains.
 */

/** Filters src[from..to) into dst[from..to) (src may be dst) through every section, updating zi. */
export function runSections(sos: Sos, src: Float64Array, dst: Float64Array, zi: Float64Array, from: number, to: number, backward: boolean): void {
  const nSections = sos.length / 6;
  let s = 0;
  let input = src;
  for (; s + 1 < nSections; s += 2, input = dst) runPair(sos, s, input, dst, zi, from, to, backward);
  if (s < nSections) runOne(sos, s, input, dst, zi, from, to, backward);
}

function runOne(sos: Sos, s: number, src: Float64Array, dst: Float64Array, zi: Float64Array, from: number, to: number, backward: boolean): void {
  const n = to - from;
  if (n === 0) return;
  const b0 = sos[6 * s]!;
  const b1 = sos[6 * s + 1]!;
  const b2 = sos[6 * s + 2]!;
  const a1 = sos[6 * s + 4]!;
  const a2 = sos[6 * s + 5]!;
  const step = backward ? -1 : 1;
  let i = backward ? to - 1 : from;
  // First two samples from the incoming state (direct form II transposed).
  let xp = src[i]!;
  let yp = b0 * xp + zi[2 * s]!;
  dst[i] = yp;
  if (n === 1) {
    zi[2 * s] = b1 * xp - a1 * yp + zi[2 * s + 1]!;
    zi[2 * s + 1] = b2 * xp - a2 * yp;
    return;
  }
  i += step;
  let xpp = xp;
  let ypp = yp;
  xp = src[i]!;
  yp = b0 * xp + (b1 * xpp - a1 * ypp + zi[2 * s + 1]!);
  dst[i] = yp;
  for (let k = 2; k < n; k++) {
    const j = backward ? to - 1 - k : from + k;
    const x = src[j]!;
    const y = b0 * x + b1 * xp + (b2 * xpp - a2 * ypp) - a1 * yp;
    dst[j] = y;
    xpp = xp;
    xp = x;
    ypp = yp;
    yp = y;
  }
  // Back to the DF2T state after the last sample.
  zi[2 * s] = b1 * xp - a1 * yp + (b2 * xpp - a2 * ypp);
  zi[2 * s + 1] = b2 * xp - a2 * yp;
}

function runPair(sos: Sos, s: number, src: Float64Array, dst: Float64Array, zi: Float64Array, from: number, to: number, backward: boolean): void {
  const n = to - from;
  if (n < 2) {
    runOne(sos, s, src, dst, zi, from, to, backward);
    runOne(sos, s + 1, dst, dst, zi, from, to, backward);
    return;
  }
  const b0 = sos[6 * s]!;
  const b1 = sos[6 * s + 1]!;
  const b2 = sos[6 * s + 2]!;
  const a1 = sos[6 * s + 4]!;
  const a2 = sos[6 * s + 5]!;
  const c0 = sos[6 * s + 6]!;
  const c1 = sos[6 * s + 7]!;
  const c2 = sos[6 * s + 8]!;
  const d1 = sos[6 * s + 10]!;
  const d2 = sos[6 * s + 11]!;
  const step = backward ? -1 : 1;
  let i = backward ? to - 1 : from;
  // x → first section → y → second section → u; the first two samples use the incoming DF2T state.
  let xpp = src[i]!;
  let ypp = b0 * xpp + zi[2 * s]!;
  let upp = c0 * ypp + zi[2 * s + 2]!;
  dst[i] = upp;
  i += step;
  let xp = src[i]!;
  let yp = b0 * xp + (b1 * xpp - a1 * ypp + zi[2 * s + 1]!);
  let up = c0 * yp + (c1 * ypp - d1 * upp + zi[2 * s + 3]!);
  dst[i] = up;
  for (let k = 2; k < n; k++) {
    const j = backward ? to - 1 - k : from + k;
    const x = src[j]!;
    const y = b0 * x + b1 * xp + (b2 * xpp - a2 * ypp) - a1 * yp;
    const u = c0 * y + c1 * yp + (c2 * ypp - d2 * upp) - d1 * up;
    dst[j] = u;
    xpp = xp;
    xp = x;
    ypp = yp;
    yp = y;
    upp = up;
    up = u;
  }
  zi[2 * s] = b1 * xp - a1 * yp + (b2 * xpp - a2 * ypp);
  zi[2 * s + 1] = b2 * xp - a2 * yp;
  zi[2 * s + 2] = c1 * yp - d1 * up + (c2 * ypp - d2 * upp);
  zi[2 * s + 3] = c2 * yp - d2 * up;
}
