/**
 * Minimal complex arithmetic for filter design (a few dozen poles and zeros, so small objects are fine
 * here; nothing in this file runs per sample).
 */
export interface Complex {
  re: number;
  im: number;
}

export const c = (re: number, im = 0): Complex => ({ re, im });
export const add = (a: Complex, b: Complex): Complex => c(a.re + b.re, a.im + b.im);
export const sub = (a: Complex, b: Complex): Complex => c(a.re - b.re, a.im - b.im);
export const mul = (a: Complex, b: Complex): Complex => c(a.re * b.re - a.im * b.im, a.re * b.im + a.im * b.re);
export const scale = (a: Complex, s: number): Complex => c(a.re * s, a.im * s);
export const neg = (a: Complex): Complex => c(-a.re, -a.im);
export const conj = (a: Complex): Complex => c(a.re, -a.im);
export const abs = (a: Complex): number => Math.hypot(a.re, a.im);
export const isReal = (a: Complex): boolean => a.im === 0;

export function div(a: Complex, b: Complex): Complex {
  // Smith's algorithm: avoids overflow/underflow in |b|² for very large or small divisors.
  if (Math.abs(b.re) >= Math.abs(b.im)) {
    const r = b.im / b.re;
    const d = b.re + b.im * r;
    return c((a.re + a.im * r) / d, (a.im - a.re * r) / d);
  }
  const r = b.re / b.im;
  const d = b.re * r + b.im;
  return c((a.re * r + a.im) / d, (a.im * r - a.re) / d);
}

/** Principal square root (branch cut on the negative real axis; the sign of a zero imaginary part picks the side). */
export function sqrt(a: Complex): Complex {
  if (a.re === 0 && a.im === 0) return c(0, a.im);
  const r = Math.hypot(a.re, a.im);
  if (a.re >= 0) {
    const t = Math.sqrt((r + a.re) / 2);
    return c(t, a.im / (2 * t));
  }
  const t = Math.sqrt((r - a.re) / 2);
  const negative = a.im < 0 || Object.is(a.im, -0);
  return c(Math.abs(a.im) / (2 * t), negative ? -t : t);
}

export function prod(values: readonly Complex[]): Complex {
  let p = c(1);
  for (const v of values) p = mul(p, v);
  return p;
}

/** Coefficients of Π (x - root), highest power first (numpy.poly), real parts only. */
export function realPoly(roots: readonly Complex[]): number[] {
  let coeffs: Complex[] = [c(1)];
  for (const root of roots) {
    const next: Complex[] = coeffs.map((v) => c(v.re, v.im));
    next.push(c(0));
    for (let i = 1; i < next.length; i++) next[i] = sub(next[i]!, mul(root, coeffs[i - 1]!));
    coeffs = next;
  }
  return coeffs.map((v) => v.re);
}
