import type { TimeSeries } from '../series/series.js';

/** Time column name of every export (a name the importer recognises as the time column). */
export const TIME_COLUMN = 'timestamp';

// --- wide rows: the union of the timestamps, each series' point index or -1 ---

export interface WideBatch {
  length: number;
  times: Float64Array;
  /** Per series: index of its point at each row, -1 where it has none. */
  rows: Int32Array[];
}

export function* wideBatches(list: TimeSeries[], batchRows: number): Generator<WideBatch> {
  const pos = new Int32Array(list.length);
  for (;;) {
    const times = new Float64Array(batchRows);
    const rows = list.map(() => new Int32Array(batchRows));
    let n = 0;
    while (n < batchRows) {
      let t = Infinity;
      for (let k = 0; k < list.length; k++) {
        const tk = list[k]!.times[pos[k]!];
        if (tk !== undefined && tk < t) t = tk;
      }
      if (t === Infinity) break;
      times[n] = t;
      for (let k = 0; k < list.length; k++) {
        const p = pos[k]!;
        if (list[k]!.times[p] === t) {
          rows[k]![n] = p;
          pos[k] = p + 1;
        } else rows[k]![n] = -1;
      }
      n++;
    }
    if (n > 0) yield { length: n, times: times.subarray(0, n), rows: rows.map((r) => r.subarray(0, n)) };
    if (n < batchRows) return;
  }
}
