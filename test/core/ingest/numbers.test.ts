import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isNullToken, parseNumberBytes } from '../../../core/ingest/numbers.js';

const b = (s: string): Uint8Array => new TextEncoder().encode(s);
const num = (s: string, dec = 0x2e): number => parseNumberBytes(b(s), 0, b(s).length, dec);

describe('parseNumberBytes', () => {
  it('parses decimal forms exactly as Number() does', () => {
    for (const s of ['0', '-0', '1.5', '+2', '.5', '5.', '1e3', '-1.25E-2', '123456789012345678901', '0.1', '1.7976931348623157e308', '4.9e-324', ' 7 ']) {
      expect(num(s)).toBe(Number(s));
    }
  });

  it('agrees with Number() on any double written with toString or toFixed', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer({ min: 0, max: 12 }), (x, d) => {
        for (const s of [String(x), x.toFixed(d)]) expect(num(s)).toBe(Number(s));
      }),
    );
  });

  it('returns NaN for text that is not a number, and reads inf and a decimal comma', () => {
    for (const s of ['', 'abc', '1.2.3', '1e', '--1', '0x10', '1,5', '12a']) expect(num(s)).toBeNaN();
    expect(num('-inf')).toBe(-Infinity);
    expect(num('Infinity')).toBe(Infinity);
    expect(num('1,5', 0x2c)).toBe(1.5);
  });

  it('recognises empty cells and no-value tokens', () => {
    for (const s of ['', '  ', 'NaN', 'na', 'N/A', 'null', 'None']) expect(isNullToken(b(s), 0, b(s).length)).toBe(true);
    for (const s of ['0', 'x', 'nothing']) expect(isNullToken(b(s), 0, b(s).length)).toBe(false);
  });
});
