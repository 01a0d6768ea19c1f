import { StrataError } from '../base/errors.js';
import type { ProgressEvent } from './types.js';

/** Throws the `cancelled` error when the signal is aborted. */
export function checkAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new StrataError('cancelled', 'import cancelled: nothing was written', { reason: String(signal.reason ?? '') });
}

/** Rate-limited progress events plus the cancel check, called once per chunk. */
export class ProgressMeter {
  private readonly t0 = Date.now();
  private lastEmit = 0;

  constructor(
    private readonly onProgress: ((e: ProgressEvent) => void) | undefined,
    private readonly signal: AbortSignal | undefined,
    private readonly totalBytes: number | null,
    private readonly intervalMs = 100,
  ) {}

  tick(bytesRead: number, rows: number, force = false): void {
    checkAborted(this.signal);
    if (!this.onProgress) return;
    const now = Date.now();
    if (!force && now - this.lastEmit < this.intervalMs) return;
    this.lastEmit = now;
    const elapsedMs = now - this.t0;
    this.onProgress({ bytesRead, totalBytes: this.totalBytes, rows, elapsedMs, rowsPerSecond: elapsedMs > 0 ? Math.round((rows * 1000) / elapsedMs) : 0 });
  }
}
