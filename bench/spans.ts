import { constantSpans, newestSpans } from '../core/spans/index.js';
import type { TimeSeries } from '../core/series/index.js';
import { median, type BenchResult } from './harness.js';

const N = 10_000_000;

/** Constant-value spans over 10M points (values change every ~100 points). */
export async function benchSpans(): Promise<BenchResult[]> {
  const times = new Float64Array(N);
  const values = new Float64Array(N);
  let v = 0;
  for (let i = 0; i < N; i++) {
    times[i] = 1_700_000_000_000_000 + i * 1000;
    if (i % 97 === 0) v = (v + 1) % 5;
    values[i] = v;
  }
  const s: TimeSeries = { tzaware: true, valueType: 'float64', times, values };
  let spans = 0;
  const ms = median(
    Array.from({ length: 5 }, () => {
      const t = performance.now();
      const list = constantSpans(s);
      spans = list.begins.length;
      newestSpans(list, 100);
      return performance.now() - t;
    }),
  );
  return [{ name: 'spans.constant_10M', ms, figure: N / (ms / 1000) / 1e6, unit: 'M points/s', note: `${spans} spans` }];
}
