import type { ProgressEvent } from '../ingest/types.js';

/** Bytes for people: 512 B, 12.3 MB (decimal units, as file managers show sizes). */
export function formatBytes(n: number): string {
  if (n < 1000) return `${n} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let v = n / 1000;
  let u = 0;
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  return `${v.toFixed(1)} ${units[u]}`;
}

/** A count for people: 950, 12.3k, 1.2M. */
export function formatCount(n: number): string {
  if (n < 1000) return String(Math.round(n));
  if (n < 1e6) return `${(n / 1e3).toFixed(1)}k`;
  return `${(n / 1e6).toFixed(1)}M`;
}

/** Seconds as 42s, 3m05s, 1h02m. */
export function formatEta(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/**
 * One line of the bar: `[#####-----]  45%  12.3 MB / 27.1 MB  1.2M rows/s  ETA 3s`. Without a known
 * total (a pipe) it shows bytes and rate only; the ETA comes from the byte rate so far.
 */
export function renderProgress(e: ProgressEvent, width = 24): string {
  const rate = `${formatCount(e.rowsPerSecond)} rows/s`;
  if (!e.totalBytes) return `${formatBytes(e.bytesRead)}  ${formatCount(e.rows)} rows  ${rate}`;
  const frac = Math.min(1, e.bytesRead / e.totalBytes);
  const filled = Math.round(frac * width);
  const bar = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
  const pct = `${Math.floor(frac * 100)}%`.padStart(4);
  const eta = frac > 0 && e.elapsedMs > 0 ? `ETA ${formatEta(((e.elapsedMs / frac) * (1 - frac)) / 1000)}` : 'ETA --';
  return `${bar} ${pct}  ${formatBytes(e.bytesRead)} / ${formatBytes(e.totalBytes)}  ${rate}  ${eta}`;
}

/** A progress bar redrawn in place with `\r`; `clear()` wipes it before the summary is printed. */
export class ProgressBar {
  private shown = false;
  constructor(private readonly write: (text: string) => void) {}

  update(e: ProgressEvent): void {
    this.write(`\r${renderProgress(e)}\x1b[K`);
    this.shown = true;
  }

  clear(): void {
    if (this.shown) this.write('\r\x1b[K');
    this.shown = false;
  }
}
