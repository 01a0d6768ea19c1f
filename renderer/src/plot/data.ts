import type { SeriesData, SeriesSummary } from '../../../core/protocol/index.js';
import { api, call } from '../api.js';
import { envelopeToXY } from '../chart/points.js';
import type { Line } from './option.js';

/** Points of a series answer (µs → ms; strings and missing values are gaps). */
export function dataPoints(d: Pick<SeriesData, 'times' | 'values'>): [number, number | null][] {
  return d.times.map((t, i) => {
    const v = d.values[i];
    return [t / 1000, typeof v === 'number' ? v : null];
  });
}

/** An envelope as [ms, value] pairs (each pixel column's first/min/max/last in time order). */
function envelopePoints(env: Parameters<typeof envelopeToXY>[0]): [number, number][] {
  const xy = envelopeToXY(env);
  const out: [number, number][] = new Array(xy.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = [xy[2 * i]!, xy[2 * i + 1]!];
  return out;
}

/** Most points a formula result is fetched with for charting. */
export const MAX_POINTS = 50_000;

/**
 * One stored or formula series as a chart line, as known at `revisionDate` (µs, null = latest): primary
 * series through the engine's pixel envelope, formula series evaluated (`(series "name")`).
 */
export async function seriesLine(s: Pick<SeriesSummary, 'name' | 'kind' | 'unit' | 'valueType'>, revisionDate: number | null, width: number, faded = false): Promise<Line> {
  if (s.kind === 'primary' && s.valueType === 'float64') {
    const env = await call(api.call('chart.envelope', { name: s.name, width: Math.max(50, Math.round(width)), revisionDate }));
    return { name: s.name, unit: s.unit, points: envelopePoints(env), faded };
  }
  const r = await call(api.call('formula.eval', { text: `(series ${JSON.stringify(s.name)})`, revisionDate, maxPoints: MAX_POINTS }));
  if (r.kind !== 'series') throw new Error(`${s.name} is not a series`);
  return { name: s.name, unit: s.unit, points: dataPoints(r.series), faded };
}
