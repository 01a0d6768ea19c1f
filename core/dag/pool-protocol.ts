import type { Frame } from '../ops/frame.js';

/** A node for a worker thread: the op by name, its parsed config and its input frames (copied over). */
export interface PoolRequest {
  id: number;
  op: string;
  /** Module exporting the op as `op`, for ops that are not built in. */
  module?: string;
  config: unknown;
  inputs: Frame[];
  workflow: string;
  node: string;
  where: string;
}

export type PoolResponse =
  | { id: number; ok: true; frame: Frame }
  | { id: number; ok: false; error: { code: string; message: string; details: Record<string, unknown> } };

/** The ArrayBuffers a frame can hand over without a copy: whole, unshared, each listed once. */
export function frameBuffers(frame: Frame): ArrayBuffer[] {
  const out: ArrayBuffer[] = [];
  for (const a of [frame.index, ...Object.values(frame.channels)]) {
    const b = a.buffer;
    if (b instanceof ArrayBuffer && a.byteOffset === 0 && a.byteLength === b.byteLength && !out.includes(b)) out.push(b);
  }
  return out;
}
