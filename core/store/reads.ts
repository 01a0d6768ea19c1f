import { constantSpans, newestSpans, type Span } from '../spans/constant.js';
import type { ChartData } from './chart.js';
import { readSeries, type FormulaReadOptions } from './formulas.js';
import { sourceFor } from './sources.js';
import type { Store } from './store.js';
import type { ReadOptions } from './types.js';

/**
 * Reads that have a push-down form for series of an attached source (core/store/sources.ts): a remote
 * series' spans and chart envelopes are computed on its server; anything else is computed here.
 */

/** Constant-value spans of the points with from <= t < to, newest first (the newest has no end). */
export async function readSpans(store: Store, name: string, from: number | null, to: number | null, limit: number | null, fopts: FormulaReadOptions = {}): Promise<{ spans: Span[]; tzaware: boolean }> {
  const src = sourceFor(store, name);
  if (src) return src.spans(name, from, to, limit);
  // Stored points, or the formula computed (with `fopts`' operators): spans work on formula series too.
  const s = await readSeries(store, name, {}, fopts);
  return { spans: newestSpans(constantSpans(s, from, to), limit), tzaware: s.tzaware };
}

/** Chart data of a numeric series for `width` pixel columns (Store.chart, or the source's envelope). */
export async function readChart(store: Store, name: string, opts: ReadOptions & { width: number }): Promise<ChartData & { tzaware: boolean }> {
  const src = sourceFor(store, name);
  if (src) return src.chart(name, opts);
  return store.chart(name, opts);
}
