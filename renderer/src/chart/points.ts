import type { Envelope } from '../../../core/protocol/index.js';

/**
 * Turns chart data into [ms, value] points: raw points as they are; each pixel column as its first,
 * min, max and last points in time order (M4), so the line passes through every extreme — no spike hidden.
 */
export function envelopeToPoints(env: Envelope): [number, number][] {
  if (env.mode === 'raw') return env.times.map((t, i) => [t / 1000, env.values[i]!]);
  const out: [number, number][] = [];
  for (let k = 0; k < env.tFirst.length; k++) {
    const pts: [number, number][] = [
      [env.tFirst[k]!, env.first[k]!],
      [env.tMin[k]!, env.min[k]!],
      [env.tMax[k]!, env.max[k]!],
      [env.tLast[k]!, env.last[k]!],
    ];
    pts.sort((a, b) => a[0] - b[0]);
    let prev = NaN;
    for (const [t, v] of pts) {
      if (t === prev) continue;
      prev = t;
      out.push([t / 1000, v]);
    }
  }
  return out;
}
