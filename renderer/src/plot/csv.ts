import { formatTimestamp } from '../../../core/series/time.js';
import { csvCell } from './option.js';

/**
 * Series read from the engine as one CSV table: a `time` column (exact µs, ISO) and one column per
 * series, a row per timestamp any of them has (empty cells where a series has no point). Pure.
 */
export function seriesCsv(columns: { name: string; tzaware: boolean; times: readonly number[]; values: readonly (number | string | null)[] }[]): string {
  const all = new Set<number>();
  const maps = columns.map((c) => {
    const m = new Map<number, number | string | null>();
    c.times.forEach((t, i) => {
      m.set(t, c.values[i] ?? null);
      all.add(t);
    });
    return m;
  });
  const tz = columns.every((c) => c.tzaware);
  const head = ['time', ...columns.map((c) => c.name)].map(csvCell).join(',');
  const rows = [...all]
    .sort((a, b) => a - b)
    .map((t) => [formatTimestamp(t, tz), ...maps.map((m) => (m.get(t) === undefined || m.get(t) === null ? '' : String(m.get(t))))].map(csvCell).join(','));
  return [head, ...rows].join('\n') + '\n';
}
