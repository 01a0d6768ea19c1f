import { describe, expect, it } from 'vitest';
import { decodeTimesInto, encodeTimes, encodeValues, floatsOf } from '../../../core/store/codec.js';

describe('chunk codec', () => {
  const times = Float64Array.of(-(2 ** 52), -1, 0, 1, 2 ** 32 - 1, 2 ** 32, 2 ** 32 + 1, 1_700_000_000_000_000, 2 ** 53 - 1);
  const values = Float64Array.of(-1.5, 0, 1e300, -0, 3.14, NaN, 7, 8, 9);

  it('decodes timestamps and values the same from aligned and unaligned blobs', () => {
    const t = encodeTimes(times, 0, times.length);
    const v = encodeValues('float64', values, 0, values.length);
    for (const shift of [0, 1, 3, 4, 8]) {
      // The same bytes at an offset inside a larger buffer, as a blob handed out of a pool can be.
      const tb = new Uint8Array(t.length + shift);
      tb.set(t, shift);
      const vb = new Uint8Array(v.length + shift);
      vb.set(v, shift);
      const out = new Float64Array(times.length + 2);
      decodeTimesInto(tb.subarray(shift), times.length, out, 1);
      expect(Array.from(out.subarray(1, times.length + 1))).toEqual(Array.from(times));
      expect(Array.from(floatsOf(vb.subarray(shift), values.length))).toEqual(Array.from(values));
    }
  });

  it('slices: a range of the encoded columns decodes to that range', () => {
    const t = encodeTimes(times, 2, 7);
    const out = new Float64Array(5);
    decodeTimesInto(t, 5, out, 0);
    expect(Array.from(out)).toEqual(Array.from(times.subarray(2, 7)));
  });
});
