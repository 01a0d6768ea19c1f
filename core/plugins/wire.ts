/**
 * Strata's plugin wire protocol, version 1 (documented in docs/plugins.md). Pure TS: the host and the
 * plugin SDK share it. Each message is one frame on the byte stream (stdin to the plugin, stdout back):
 *
 *   u32 LE  header length H
 *   u32 LE  payload length P
 *   H bytes header: UTF-8 JSON object (WireHeader)
 *   P bytes payload: opaque bytes, an Arrow IPC stream when the message carries data (may be empty)
 */
export const WIRE_VERSION = 1;

/** Largest header accepted; anything bigger is a broken or hostile peer. */
export const MAX_HEADER_BYTES = 1 << 20;

export type WireHeader =
  /** Plugin → host, once at start: who it is and what it offers. */
  | { type: 'hello'; v: number; name: string; methods: string[] }
  /** Host → plugin: run `method`; `id` pairs it with its answer. */
  | { type: 'call'; v: number; id: number; method: string; params?: unknown }
  /** Plugin → host: the answer to call `id` (data, if any, in the payload). */
  | { type: 'result'; v: number; id: number; value?: unknown }
  /** Plugin → host: call `id` failed inside the plugin. */
  | { type: 'error'; v: number; id: number; error: { code: string; message: string } }
  /** Plugin → host: a log line, shown with the plugin's name. */
  | { type: 'log'; v: number; level: 'info' | 'warn' | 'error'; message: string }
  /** Host → plugin: finish and exit. */
  | { type: 'shutdown'; v: number };

export interface Frame {
  header: WireHeader;
  payload: Uint8Array;
}

const enc = new TextEncoder();
const dec = new TextDecoder('utf-8', { fatal: true });

/** One frame as bytes (one allocation; the payload is copied once into it). */
export function encodeFrame(header: WireHeader, payload: Uint8Array = new Uint8Array(0)): Uint8Array {
  const h = enc.encode(JSON.stringify(header));
  const out = new Uint8Array(8 + h.length + payload.length);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, h.length, true);
  dv.setUint32(4, payload.length, true);
  out.set(h, 8);
  out.set(payload, 8 + h.length);
  return out;
}

/**
 * One frame as two pieces to write one after the other: the 8-byte lengths plus the header, then the
 * payload as given (not copied). For large payloads this saves a 16 MB allocation and copy per message.
 */
export function encodeFrameParts(header: WireHeader, payload: Uint8Array = new Uint8Array(0)): Uint8Array[] {
  const h = enc.encode(JSON.stringify(header));
  const head = new Uint8Array(8 + h.length);
  const dv = new DataView(head.buffer);
  dv.setUint32(0, h.length, true);
  dv.setUint32(4, payload.length, true);
  head.set(h, 8);
  return payload.length ? [head, payload] : [head];
}

/** A frame the decoder cannot accept: the peer is broken and must be stopped. */
export class WireError extends Error {
  constructor(
    readonly reason: 'malformed' | 'flood',
    message: string,
  ) {
    super(message);
    this.name = 'WireError';
  }
}

/**
 * Incremental frame decoder: feed it chunks as they arrive; it returns the frames completed so far.
 * Chunks are kept in a list and joined once per frame, so a 16 MB payload costs one copy, not many.
 */
export class FrameDecoder {
  private chunks: Uint8Array[] = [];
  private buffered = 0;
  private need: { h: number; p: number } | null = null;

  constructor(private readonly maxPayloadBytes: number) {}

  push(chunk: Uint8Array): Frame[] {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    const frames: Frame[] = [];
    for (;;) {
      if (!this.need) {
        if (this.buffered < 8) break;
        const head = this.take(8);
        const dv = new DataView(head.buffer, head.byteOffset, 8);
        const h = dv.getUint32(0, true);
        const p = dv.getUint32(4, true);
        if (h === 0 || h > MAX_HEADER_BYTES) throw new WireError('malformed', `bad frame: header length ${h}`);
        if (p > this.maxPayloadBytes) throw new WireError('flood', `frame payload of ${p} bytes exceeds the ${this.maxPayloadBytes}-byte cap`);
        this.need = { h, p };
      }
      if (this.buffered < this.need.h + this.need.p) break;
      const { h, p } = this.need;
      this.need = null;
      const headerBytes = this.take(h);
      let header: WireHeader;
      try {
        header = JSON.parse(dec.decode(headerBytes)) as WireHeader;
      } catch {
        throw new WireError('malformed', 'bad frame: header is not UTF-8 JSON');
      }
      if (typeof header !== 'object' || header === null || typeof (header as { type?: unknown }).type !== 'string') {
        throw new WireError('malformed', 'bad frame: header has no type');
      }
      frames.push({ header, payload: this.take(p) });
    }
    return frames;
  }

  /** Removes and returns the next n buffered bytes. */
  private take(n: number): Uint8Array {
    if (n === 0) return new Uint8Array(0);
    const first = this.chunks[0]!;
    if (first.length >= n) {
      // Fast path: within one chunk, no copy.
      const out = first.subarray(0, n);
      if (first.length === n) this.chunks.shift();
      else this.chunks[0] = first.subarray(n);
      this.buffered -= n;
      return out;
    }
    const out = new Uint8Array(n);
    let off = 0;
    while (off < n) {
      const c = this.chunks[0]!;
      const k = Math.min(c.length, n - off);
      out.set(c.subarray(0, k), off);
      off += k;
      if (k === c.length) this.chunks.shift();
      else this.chunks[0] = c.subarray(k);
    }
    this.buffered -= n;
    return out;
  }
}

/**
 * Several Arrow IPC streams in one payload (series arguments of an operator, inputs of a node): the
 * streams are concatenated and their byte lengths travel in the call's params as `tables`.
 */
export function packTables(parts: readonly Uint8Array[]): { tables: number[]; payload: Uint8Array } {
  // One table (the usual case) is its own payload: no copy.
  if (parts.length === 1) return { tables: [parts[0]!.length], payload: parts[0]! };
  const total = parts.reduce((n, p) => n + p.length, 0);
  const payload = new Uint8Array(total);
  let off = 0;
  for (const p of parts) {
    payload.set(p, off);
    off += p.length;
  }
  return { tables: parts.map((p) => p.length), payload };
}

/** The streams of a packed payload; throws when the lengths do not add up to the payload. */
export function unpackTables(tables: unknown, payload: Uint8Array): Uint8Array[] {
  if (!Array.isArray(tables) || !tables.every((n) => Number.isInteger(n) && n >= 0)) throw new Error('"tables" must be a list of byte lengths');
  const sum = (tables as number[]).reduce((a, b) => a + b, 0);
  if (sum !== payload.length) throw new Error(`"tables" adds up to ${sum} bytes but the payload has ${payload.length}`);
  const out: Uint8Array[] = [];
  let off = 0;
  for (const n of tables as number[]) {
    out.push(payload.subarray(off, off + n));
    off += n;
  }
  return out;
}
