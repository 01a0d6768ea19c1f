/**
 * Text encodings of CSV input. The parser works on UTF-8 bytes; UTF-16 (recognised by its BOM) is
 * transcoded to UTF-8 on the fly. Invalid input is never replaced silently: it is mapped to the byte 0xFF,
 * which is invalid UTF-8 everywhere, so the row holding it becomes an `invalid_encoding` reject.
 */
export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be';

/** A byte that can never appear in valid UTF-8: marks an invalid UTF-16 unit after transcoding. */
export const INVALID_BYTE = 0xff;

/** Detects the encoding from the first bytes (BOM) and returns it with the BOM length. */
export function sniffBom(head: Uint8Array): { encoding: TextEncoding; bomLength: number } {
  if (head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', bomLength: 3 };
  if (head.length >= 2 && head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bomLength: 2 };
  if (head.length >= 2 && head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bomLength: 2 };
  return { encoding: 'utf-8', bomLength: 0 };
}

/** Streaming UTF-16 to UTF-8 transcoder; keeps an odd byte and a high surrogate across chunks. */
export class Utf16ToUtf8 {
  private odd = -1;
  private high = -1;
  constructor(private readonly bigEndian: boolean) {}

  push(chunk: Uint8Array): Uint8Array {
    const out = new Uint8Array(((chunk.length + 2) >> 1) * 3 + 4);
    let o = 0;
    let i = 0;
    if (this.odd >= 0 && chunk.length > 0) {
      o = this.unit(this.bigEndian ? (this.odd << 8) | chunk[0]! : this.odd | (chunk[0]! << 8), out, o);
      this.odd = -1;
      i = 1;
    }
    const n = chunk.length;
    for (; i + 1 < n; i += 2) {
      const u = this.bigEndian ? (chunk[i]! << 8) | chunk[i + 1]! : chunk[i]! | (chunk[i + 1]! << 8);
      o = this.unit(u, out, o);
    }
    if (i < n) this.odd = chunk[i]!;
    return out.subarray(0, o);
  }

  /** Flushes a dangling odd byte or high surrogate as invalid. */
  end(): Uint8Array {
    const out: number[] = [];
    if (this.high >= 0) out.push(INVALID_BYTE);
    if (this.odd >= 0) out.push(INVALID_BYTE);
    this.high = this.odd = -1;
    return Uint8Array.from(out);
  }

  private unit(u: number, out: Uint8Array, o: number): number {
    if (this.high >= 0) {
      const h = this.high;
      this.high = -1;
      if (u >= 0xdc00 && u <= 0xdfff) {
        const cp = 0x10000 + ((h - 0xd800) << 10) + (u - 0xdc00);
        out[o++] = 0xf0 | (cp >> 18);
        out[o++] = 0x80 | ((cp >> 12) & 0x3f);
        out[o++] = 0x80 | ((cp >> 6) & 0x3f);
        out[o++] = 0x80 | (cp & 0x3f);
        return o;
      }
      out[o++] = INVALID_BYTE; // lone high surrogate
    }
    if (u < 0x80) out[o++] = u;
    else if (u < 0x800) {
      out[o++] = 0xc0 | (u >> 6);
      out[o++] = 0x80 | (u & 0x3f);
    } else if (u >= 0xd800 && u <= 0xdbff) this.high = u;
    else if (u >= 0xdc00 && u <= 0xdfff) out[o++] = INVALID_BYTE; // lone low surrogate
    else {
      out[o++] = 0xe0 | (u >> 12);
      out[o++] = 0x80 | ((u >> 6) & 0x3f);
      out[o++] = 0x80 | (u & 0x3f);
    }
    return o;
  }
}

/**
 * Index of the first byte of an invalid UTF-8 sequence in buf[start, end), or -1 when all is valid.
 * Rejects overlong forms, surrogates and code points above U+10FFFF (as TextDecoder's fatal mode does).
 */
export function findInvalidUtf8(buf: Uint8Array, start: number, end: number): number {
  let i = start;
  while (i < end) {
    const b = buf[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0;
      else if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90;
      else if (b === 0xf4) hi = 0x8f;
    } else return i;
    if (i + need >= end) return i; // truncated sequence
    const c1 = buf[i + 1]!;
    if (c1 < lo || c1 > hi) return i;
    for (let k = 2; k <= need; k++) {
      const c = buf[i + k]!;
      if (c < 0x80 || c > 0xbf) return i;
    }
    i += need + 1;
  }
  return -1;
}
