import { evaluate, MemoryResolver } from '../core/formula/index.js';
import { conditionSpans, constantSpans, newestSpans, spanStats } from '../core/spans/index.js';
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
  return [{ name: 'spans.constant_10M', ms, figure: N / (ms / 1000) / 1e6, unit: 'M points/s', note: `${spans} spans` }, ...(await benchConditionSpans())];
}

const median5 = async (fn: () => unknown): Promise<number> => {
  const ms: number[] = [];
  for (let r = 0; r < 5; r++) {
    const t = performance.now();
    await fn();
    ms.push(performance.now() - t);
  }
  return median(ms);
};

/**
 * Condition spans over 10M points (one a second): a temperature that drifts over 80 for runs of varying
 * length. Measured three ways: the span finder alone on a ready boolean series, the whole formula
 * (comparison + spans-when with durations) through the evaluator, and the formula plus per-span stats.
 */
async function benchConditionSpans(): Promise<BenchResult[]> {
  const times = new Float64Array(N);
  const temp = new Float64Array(N);
  const hot = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    times[i] = 1_700_000_000_000_000 + i * 1_000_000;
    // Two incommensurate waves: runs above 80 of a few seconds to many minutes.
    temp[i] = 75 + 6 * Math.sin(i / 157) + 3 * Math.sin(i / 1013);
    hot[i] = temp[i]! > 80 ? 1 : 0;
  }
  const cond: TimeSeries = { tzaware: true, valueType: 'float64', times, values: hot };
  const s: TimeSeries = { tzaware: true, valueType: 'float64', times, values: temp };
  const r = new MemoryResolver({ temp: s });
  const rate = (ms: number) => N / (ms / 1000) / 1e6;
  let count = 0;
  const core = await median5(() => (count = conditionSpans(cond).begins.length));
  const formula = '(spans-when (> (series "temp") 80) #:min-duration "30s" #:max-duration "1h")';
  let kept = 0;
  const full = await median5(async () => {
    const res = await evaluate(formula, r);
    if (res.kind === 'spans') kept = res.begins.length;
  });
  const stats = await median5(() => evaluate(`(spans-stats ${formula} (series "temp"))`, r));
  const core2 = await median5(() => spanStats(conditionSpans(cond), s));
  return [
    { name: 'spans.condition_core_10M', ms: core, figure: rate(core), unit: 'M points/s', note: `${count} spans (conditionSpans on a boolean series)` },
    { name: 'spans.condition_formula_10M', ms: full, figure: rate(full), unit: 'M points/s', note: `${kept} spans kept: ${formula}` },
    { name: 'spans.condition_stats_10M', ms: stats, figure: rate(stats), unit: 'M points/s', note: 'same formula + spans-stats over temp' },
    { name: 'spans.stats_core_10M', ms: core2, figure: rate(core2), unit: 'M points/s', note: 'conditionSpans + spanStats, no evaluator' },
  ];
}
