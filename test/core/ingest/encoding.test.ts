import { describe, expect, it } from 'vitest';
import { findInvalidUtf8, sniffBom, Utf16ToUtf8 } from '../../../core/ingest/encoding.js';

describe('encodings', () => {
  it('sniffs BOMs', () => {
    expect(sniffBom(Uint8Array.of(0xef, 0xbb, 0xbf, 0x61))).toEqual({ encoding: 'utf-8', bomLength: 3 });
    expect(sniffBom(Uint8Array.of(0xff, 0xfe))).toEqual({ encoding: 'utf-16le', bomLength: 2 });
    expect(sniffBom(Uint8Array.of(0xfe, 0xff))).toEqual({ encoding: 'utf-16be', bomLength: 2 });
    expect(sniffBom(Uint8Array.of(0x61))).toEqual({ encoding: 'utf-8', bomLength: 0 });
  });

  it('finds invalid UTF-8 as a fatal TextDecoder would', () => {
    const cases: number[][] = [[0x61], [0xc3, 0xa9], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82], [0xf0, 0x9f, 0x98, 0x80], [0x80], [0xff]];
    const fatal = new TextDecoder('utf-8', { fatal: true });
    for (const c of cases) {
      const bytes = Uint8Array.from(c);
      let valid = true;
      try {
        fatal.decode(bytes);
      } catch {
        valid = false;
      }
      expect(findInvalidUtf8(bytes, 0, bytes.length) < 0).toBe(valid);
    }
    expect(findInvalidUtf8(Uint8Array.of(0x61, 0x62, 0xff), 0, 3)).toBe(2);
  });

  it('transcodes UTF-16 across any chunk split, marking lone surrogates and odd bytes invalid', () => {
    const text = 'a€😀é';
    const le: number[] = [];
    for (let i = 0; i < text.length; i++) {
      const u = text.charCodeAt(i);
      le.push(u & 0xff, u >> 8);
    }
    for (let split = 0; split <= le.length; split++) {
      const t = new Utf16ToUtf8(false);
      const a = t.push(Uint8Array.from(le.slice(0, split)));
      const b = t.push(Uint8Array.from(le.slice(split)));
      expect(new TextDecoder().decode(Uint8Array.from([...a, ...b, ...t.end()]))).toBe(text);
    }
    const bad = new Utf16ToUtf8(true);
    const out = [...bad.push(Uint8Array.of(0xd8, 0x00, 0x00, 0x61, 0x00)), ...bad.end()];
    expect(out).toEqual([0xff, 0x61, 0xff]);
  });
});
