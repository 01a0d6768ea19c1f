/**
 * Number parsing straight from bytes. Most measurement values have at most 15 significant digits and a
 * small exponent, where one multiplication or division by an exact power of ten is correctly rounded
 * (Clinger's fast path); anything else falls back to Number() on the text, so results always equal Number().
 */

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

const ZERO = 0x30;
const DOT = 0x2e;
const SPACE = 0x20;

/**
 * Parses a decimal number in buf[s, e) (surrounding spaces allowed, `decimal` is '.' or ',' as a byte).
 * Returns NaN when the text is not a number (callers tell "missing" tokens apart with isNullToken).
 */
export function parseNumberBytes(buf: Uint8Array, s: number, e: number, decimal = DOT): number {
  while (s < e && buf[s] === SPACE) s++;
  while (e > s && buf[e - 1] === SPACE) e--;
  if (s === e) return NaN;
  let i = s;
  let neg = false;
  let c = buf[i]!;
  if (c === 0x2d || c === 0x2b) {
    neg = c === 0x2d;
    i++;
  }
  let mant = 0;
  let sig = 0;
  let exp = 0;
  let digits = 0;
  for (; i < e; i++) {
    const d = buf[i]! - ZERO;
    if (d < 0 || d > 9) break;
    digits++;
    if (sig > 0 || d > 0) sig++;
    mant = mant * 10 + d;
  }
  if (i < e && buf[i] === decimal) {
    for (i++; i < e; i++) {
      const d = buf[i]! - ZERO;
      if (d < 0 || d > 9) break;
      digits++;
      if (sig > 0 || d > 0) sig++;
      mant = mant * 10 + d;
      exp--;
    }
  }
  if (digits === 0) return parseSpecial(buf, s, e);
  if (i < e && (buf[i] === 0x65 || buf[i] === 0x45)) {
    i++;
    let eneg = false;
    if (i < e && (buf[i] === 0x2d || buf[i] === 0x2b)) eneg = buf[i++] === 0x2d;
    let ev = 0;
    let ed = 0;
    for (; i < e; i++) {
      const d = buf[i]! - ZERO;
      if (d < 0 || d > 9) break;
      ev = ev * 10 + d;
      ed++;
    }
    if (ed === 0) return NaN;
    exp += eneg ? -ev : ev;
  }
  if (i !== e) return NaN;
  if (sig <= 15 && exp >= -22 && exp <= 22) {
    const v = exp >= 0 ? mant * POW10[exp]! : mant / POW10[-exp]!;
    return neg ? -v : v;
  }
  return slowNumber(buf, s, e, decimal);
}

function latin1(buf: Uint8Array, s: number, e: number): string {
  let out = '';
  for (let i = s; i < e; i++) out += String.fromCharCode(buf[i]!);
  return out;
}

function slowNumber(buf: Uint8Array, s: number, e: number, decimal: number): number {
  let text = latin1(buf, s, e);
  if (decimal !== DOT) text = text.replace(String.fromCharCode(decimal), '.');
  return Number(text);
}

function parseSpecial(buf: Uint8Array, s: number, e: number): number {
  if (e - s > 9) return NaN;
  const t = latin1(buf, s, e).toLowerCase();
  if (t === 'inf' || t === '+inf' || t === 'infinity' || t === '+infinity') return Infinity;
  if (t === '-inf' || t === '-infinity') return -Infinity;
  return NaN;
}

const NULL_TOKENS = new Set(['nan', 'na', 'n/a', 'null', 'none', '-nan']);

/** True for an empty cell or a conventional "no value" token (NaN, NA, N/A, null, None). */
export function isNullToken(buf: Uint8Array, s: number, e: number): boolean {
  while (s < e && buf[s] === SPACE) s++;
  while (e > s && buf[e - 1] === SPACE) e--;
  if (s === e) return true;
  if (e - s > 4) return false;
  return NULL_TOKENS.has(latin1(buf, s, e).toLowerCase());
}
