/**
 * Vectorised element-wise kernels over Float64Array values. One tight loop per operation: a shared loop
 * calling a callback per point goes megamorphic once several operators use it and runs several times
 * slower, which is why these are spelled out instead of `values.map(fn)`.
 */

export type UnaryOp =
  | 'add' // x + c
  | 'mul' // x * c
  | 'div' // x / c
  | 'pow' // x ** c
  | 'abs'
  | 'round' // half to even at c decimals
  | 'cos' | 'sin' | 'tan' // of degrees
  | 'acos' | 'asin' | 'atan'; // in degrees

const DEG = Math.PI / 180;
// Same constant as numpy's `* (180 / np.pi)`, so inverse trigonometry matches tshistory to the last bit.
export const RAD = 180 / Math.PI;

/** Rounds half to even at `decimals` digits, as numpy/pandas do. */
export function roundHalfEven(x: number, decimals: number): number {
  const f = Math.pow(10, decimals);
  return roundScaled(x, decimals, f);
}

function roundScaled(x: number, decimals: number, f: number): number {
  const y = decimals >= 0 ? x * f : x / Math.pow(10, -decimals);
  let r = Math.round(y);
  if (r - y === 0.5 && r % 2 !== 0) r -= 1;
  return decimals >= 0 ? r / f : r * Math.pow(10, -decimals);
}

/** out[i] = op(src[i], c); NaN results mark points without a value. */
export function unary(src: Float64Array, op: UnaryOp, c = 0): Float64Array {
  const n = src.length;
  const out = new Float64Array(n);
  switch (op) {
    case 'add': for (let i = 0; i < n; i++) out[i] = src[i]! + c; break;
    case 'mul': for (let i = 0; i < n; i++) out[i] = src[i]! * c; break;
    case 'div': for (let i = 0; i < n; i++) out[i] = src[i]! / c; break;
    case 'pow':
      if (c === 1) out.set(src);
      else if (c === 2) for (let i = 0; i < n; i++) { const x = src[i]!; out[i] = x * x; }
      else for (let i = 0; i < n; i++) out[i] = Math.pow(src[i]!, c);
      break;
    case 'abs': for (let i = 0; i < n; i++) out[i] = Math.abs(src[i]!); break;
    case 'round': {
      if (c >= 0) {
        const f = Math.pow(10, c);
        for (let i = 0; i < n; i++) {
          const y = src[i]! * f;
          let r = Math.round(y);
          if (r - y === 0.5 && r % 2 !== 0) r -= 1;
          out[i] = r / f;
        }
      } else for (let i = 0; i < n; i++) out[i] = roundScaled(src[i]!, c, 1);
      break;
    }
    case 'cos': for (let i = 0; i < n; i++) out[i] = Math.cos(src[i]! * DEG); break;
    case 'sin': for (let i = 0; i < n; i++) out[i] = Math.sin(src[i]! * DEG); break;
    case 'tan': for (let i = 0; i < n; i++) out[i] = Math.tan(src[i]! * DEG); break;
    case 'acos': for (let i = 0; i < n; i++) out[i] = Math.acos(src[i]!) * RAD; break;
    case 'asin': for (let i = 0; i < n; i++) out[i] = Math.asin(src[i]!) * RAD; break;
    case 'atan': for (let i = 0; i < n; i++) out[i] = Math.atan(src[i]!) * RAD; break;
  }
  return out;
}
