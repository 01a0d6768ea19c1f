/** A/B cursor readings: the value of each series at a time, and the differences between two times. */

/** Value of the last point at or before `t` (ms) in a flat [ms, value, ...] array, or of the first point when `t` is before them all. */
export function valueAt(xy: Float64Array, t: number): number | null {
  const n = xy.length >> 1;
  if (!n) return null;
  if (t <= xy[0]!) return xy[1]!;
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (xy[2 * mid]! <= t) lo = mid;
    else hi = mid - 1;
  }
  return xy[2 * lo + 1]!;
}

export interface Reading {
  name: string;
  a: number | null;
  b: number | null;
  delta: number | null;
}

export function readings(rows: { name: string; xy: Float64Array }[], a: number | null, b: number | null): Reading[] {
  return rows.map(({ name, xy }) => {
    const va = a === null ? null : valueAt(xy, a);
    const vb = b === null ? null : valueAt(xy, b);
    return { name, a: va, b: vb, delta: va !== null && vb !== null ? vb - va : null };
  });
}

/** Δt as readable text: 1 h 2 min 3.5 s, or ms below a second. */
export function fmtDuration(ms: number): string {
  const sign = ms < 0 ? '−' : '';
  let x = Math.abs(ms);
  if (x < 1000) return `${sign}${+x.toPrecision(4)} ms`;
  const parts: string[] = [];
  const d = Math.floor(x / 86_400_000);
  x -= d * 86_400_000;
  const h = Math.floor(x / 3_600_000);
  x -= h * 3_600_000;
  const m = Math.floor(x / 60_000);
  x -= m * 60_000;
  if (d) parts.push(`${d} d`);
  if (h) parts.push(`${h} h`);
  if (m) parts.push(`${m} min`);
  if (x) parts.push(`${+(x / 1000).toFixed(3)} s`);
  return sign + parts.join(' ');
}
