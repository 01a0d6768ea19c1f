// Loads the scipy/numpy/pandas reference fixtures made by build/fixtures/make_ops_fixtures.py.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

const DIR = fileURLToPath(new URL('../../fixtures/ops/', import.meta.url));

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function loadFixture(name: string): any {
  return JSON.parse(readFileSync(DIR + name, 'utf8'));
}

/** The fixture script's `signal(n, seed)`: exact arithmetic, so both sides produce identical inputs. */
export function signal(n: number, seed = 1): Float64Array {
  const x = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    x[k] = ((k * 7919 + seed * 104729) % 1009) / 1009 - 0.5 + (k % 13 === 0 ? 1 : 0) + (k % 50 < 25 ? 0.25 : -0.25);
  }
  return x;
}

/** JSON numbers with null for NaN → Float64Array. */
export function f64(values: (number | null)[]): Float64Array {
  return Float64Array.from(values, (v) => (v === null ? NaN : v));
}

/**
 * Asserts element-wise closeness: |a - e| <= tol · max(1, |e|) by default, or tol · max(1, max|e|) with
 * `scale: 'array'` (for spectra, whose small bins carry the rounding of the largest ones). NaN must match NaN.
 */
export function expectClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number | null>,
  tol = 1e-9,
  scale: 'element' | 'array' = 'element',
): void {
  expect(actual.length).toBe(expected.length);
  let arrayScale = 1;
  if (scale === 'array') for (let i = 0; i < expected.length; i++) arrayScale = Math.max(arrayScale, Math.abs(expected[i] ?? 0));
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i] ?? NaN;
    const a = actual[i]!;
    if (Number.isNaN(e)) {
      if (!Number.isNaN(a)) expect.fail(`index ${i}: expected no value (NaN), got ${a}`);
      continue;
    }
    const bound = tol * (scale === 'array' ? arrayScale : Math.max(1, Math.abs(e)));
    if (!(Math.abs(a - e) <= bound)) expect.fail(`index ${i}: expected ${e}, got ${a} (|diff| ${Math.abs(a - e)} > ${bound})`);
  }
}
