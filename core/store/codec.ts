import type { ValueType } from '../series/series.js';

/**
 * Chunk encoding, Arrow-compatible:
 * - times: int64 little-endian microseconds (Arrow `timestamp[us]` data buffer);
 * - float64 values: float64 little-endian (Arrow `Float64` data buffer);
 * - string values: Arrow `Utf8` layout, int32 offsets (count + 1) followed by the UTF-8 bytes.
 * Codec name 'raw1'. A future compressed codec gets a new name; readers dispatch on it.
 */
export const CODEC = 'raw1';

const TWO32 = 4294967296;
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

export function encodeTimes(times: Float64Array, start: number, end: number): Buffer {
  const n = end - start;
  const words = new Int32Array(n * 2);
  for (let i = 0; i < n; i++) {
    const t = times[start + i]!;
    // Split an exact integer (|t| < 2^53) into low/high 32-bit words without BigInt (much faster).
    const hi = Math.floor(t / TWO32);
    words[2 * i] = (t - hi * TWO32) | 0;
    words[2 * i + 1] = hi;
  }
  return Buffer.from(words.buffer, words.byteOffset, words.byteLength);
}

/** Decodes `count` int64 timestamps from a blob into `out` at `offset`. */
export function decodeTimesInto(blob: Uint8Array, count: number, out: Float64Array, offset: number): void {
  // Read the words in place when the blob is 4-byte aligned (large blobs are: they own their memory);
  // else copy into an aligned scratch word array first.
  let words: Int32Array;
  if (blob.byteOffset % 4 === 0) words = new Int32Array(blob.buffer, blob.byteOffset, count * 2);
  else {
    words = new Int32Array(count * 2);
    new Uint8Array(words.buffer).set(blob.subarray(0, count * 8));
  }
  for (let i = 0; i < count; i++) {
    out[offset + i] = words[2 * i + 1]! * TWO32 + (words[2 * i]! >>> 0);
  }
}

export function encodeValues(valueType: ValueType, values: Float64Array | (string | null)[], start: number, end: number): Buffer {
  if (valueType === 'float64') {
    const v = values as Float64Array;
    return Buffer.from(v.buffer, v.byteOffset + start * 8, (end - start) * 8);
  }
  const strs = values as (string | null)[];
  const n = end - start;
  const parts: Uint8Array[] = new Array(n);
  const offsets = new Int32Array(n + 1);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const bytes = encoder.encode(strs[start + i] ?? '');
    parts[i] = bytes;
    total += bytes.length;
    offsets[i + 1] = total;
  }
  const out = Buffer.allocUnsafe(offsets.byteLength + total);
  out.set(new Uint8Array(offsets.buffer), 0);
  let pos = offsets.byteLength;
  for (const p of parts) {
    out.set(p, pos);
    pos += p.length;
  }
  return out;
}

/** float64 values of a blob: a view of it when 8-byte aligned (no copy), else a copy. */
export function floatsOf(blob: Uint8Array, count: number): Float64Array {
  if (blob.byteOffset % 8 === 0) return new Float64Array(blob.buffer, blob.byteOffset, count);
  const out = new Float64Array(count);
  decodeFloatsInto(blob, count, out, 0);
  return out;
}

/** Copies float64 values from a blob straight into `out` at `offset` (one memcpy). */
export function decodeFloatsInto(blob: Uint8Array, count: number, out: Float64Array, offset: number): void {
  new Uint8Array(out.buffer, out.byteOffset + offset * 8, count * 8).set(blob.subarray(0, count * 8));
}

export function decodeStringsInto(blob: Uint8Array, count: number, out: (string | null)[], offset: number): void {
  const offsets = new Int32Array(count + 1);
  new Uint8Array(offsets.buffer).set(blob.subarray(0, offsets.byteLength));
  const data = blob.subarray(offsets.byteLength);
  for (let i = 0; i < count; i++) {
    out[offset + i] = decoder.decode(data.subarray(offsets[i]!, offsets[i + 1]!));
  }
}
