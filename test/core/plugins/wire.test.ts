import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { encodeFrame, FrameDecoder, WIRE_VERSION, type WireHeader } from '../../../core/plugins/index.js';

const call = (id: number): WireHeader => ({ type: 'call', v: WIRE_VERSION, id, method: 'm', params: { id } });

describe('wire frames', () => {
  it('decode back whatever way the byte stream is cut', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 5 }), fc.array(fc.integer({ min: 1, max: 97 }), { minLength: 1 }), (payloads, cuts) => {
        const bytes = payloads.map((p, i) => encodeFrame(call(i), p));
        const all = new Uint8Array(bytes.reduce((n, b) => n + b.length, 0));
        let off = 0;
        for (const b of bytes) (all.set(b, off), (off += b.length));
        const dec = new FrameDecoder(1 << 20);
        const got = [];
        let k = 0;
        for (let pos = 0; pos < all.length; k++) {
          const n = cuts[k % cuts.length]!;
          got.push(...dec.push(all.subarray(pos, pos + n)));
          pos += n;
        }
        expect(got.map((f) => f.header)).toEqual(payloads.map((_, i) => call(i)));
        expect(got.map((f) => Array.from(f.payload))).toEqual(payloads.map((p) => Array.from(p)));
      }),
    );
  });

  it('rejects a payload over the cap as soon as its length is known (flood)', () => {
    const dec = new FrameDecoder(10);
    expect(() => dec.push(encodeFrame(call(1), new Uint8Array(11)).subarray(0, 8))).toThrow(expect.objectContaining({ reason: 'flood' }));
  });

  it('rejects text or broken headers (malformed)', () => {
    expect(() => new FrameDecoder(1 << 20).push(new TextEncoder().encode('Hello from a print statement\n'))).toThrow(expect.objectContaining({ reason: 'malformed' }));
    const bad = encodeFrame(call(1));
    bad[8] = 0x7b + 1; // header no longer starts with "{"
    expect(() => new FrameDecoder(1 << 20).push(bad)).toThrow(/header is not UTF-8 JSON/);
  });
});

describe('encodeFrameParts', () => {
  it('gives the same bytes as encodeFrame in two pieces, the payload not copied', async () => {
    const { encodeFrame, encodeFrameParts, FrameDecoder } = await import('../../../core/plugins/wire.js');
    const payload = new Uint8Array([1, 2, 3, 4]);
    const header = { type: 'log' as const, v: 1, level: 'info' as const, message: 'hi' };
    const parts = encodeFrameParts(header, payload);
    expect(parts[1]).toBe(payload);
    expect(Buffer.concat(parts)).toEqual(Buffer.from(encodeFrame(header, payload)));
    expect(encodeFrameParts(header)).toHaveLength(1);
    const d = new FrameDecoder(100);
    expect(d.push(parts[0]!)).toEqual([]);
    expect(d.push(parts[1]!)).toEqual([{ header, payload }]);
  });
});
