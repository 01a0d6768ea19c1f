/** A/B cursor readings: the value of each series at a time, and the differences between two times. */

/** Value of the last point at or before `t` (ms), or of the first point when `t` is before them all. */
export function valueAt(points: [number, number][], t: number): number | null {
  if (!points.length) return null;
  let lo = 0;
  let hi = points.length - 1;
  if (t <= points[0]![0]) return points[0]![1];
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (points[mid]![0] <= t) lo = mid;
    else hi = mid - 1;
  }
  return points[lo]![1];
}

export interface Reading {
  name: string;
  a: number | null;
  b: number | null;
  delta: number | null;
}

export function readings(rows: { name: string; points: [number, number][] }[], a: number | null, b: number | null): Reading[] {
  return rows.map(({ name, points }) => {
    const va = a === null ? null : valueAt(points, a);
    const vb = b === null ? null : valueAt(points, b);
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
