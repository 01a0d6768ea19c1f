import type { Envelope } from '../../../core/protocol/index.js';

/**
 * Turns chart data into one flat [ms, value, ms, value, ...] array (ECharts reads a typed array straight
 * into its storage, without an object per point): raw points as they are; each pixel column as its first,
 * min, max and last points in time order (M4), so the line passes through every extreme — no spike hidden.
 */
export function envelopeToXY(env: Envelope): Float64Array {
  if (env.mode === 'raw') {
    const out = new Float64Array(env.times.length * 2);
    for (let i = 0; i < env.times.length; i++) {
      out[2 * i] = env.times[i]! / 1000;
      out[2 * i + 1] = env.values[i]!;
    }
    return out;
  }
  const out = new Float64Array(env.tFirst.length * 8);
  let n = 0;
  const put = (t: number, v: number) => {
    out[n++] = t / 1000;
    out[n++] = v;
  };
  for (let k = 0; k < env.tFirst.length; k++) {
    const tf = env.tFirst[k]!;
    const tl = env.tLast[k]!;
    // The extremes in time order (min and max may come either way round, and may be the first or last point).
    let ta = env.tMin[k]!;
    let va = env.min[k]!;
    let tb = env.tMax[k]!;
    let vb = env.max[k]!;
    if (tb < ta) [ta, va, tb, vb] = [tb, vb, ta, va];
    put(tf, env.first[k]!);
    if (ta !== tf) put(ta, va);
    if (tb !== ta && tb !== tf) put(tb, vb);
    if (tl !== tb && tl !== tf) put(tl, env.last[k]!);
  }
  return out.subarray(0, n);
}

/** Number of points in a flat xy array. */
export const pointCount = (xy: Float64Array) => xy.length >> 1;
