import { pointsFromWire, pointsToWire, type WirePoint } from '../../../core/series/points.js';
import type { TimeSeries } from '../../../core/series/series.js';
import { evaluate, MemoryResolver, type EvaluateOptions } from '../../../core/formula/index.js';
import { FormulaError } from '../../../core/formula/errors.js';

/** A series from wire points, e.g. ts([['2024-01-01T00:00:00Z', 1]]). */
export function ts(points: [string, number | string][]): TimeSeries {
  return pointsFromWire(points);
}

/** Daily tz-aware (or naive) series starting at `start` with the given values. */
export function daily(start: string, values: (number | null)[], tzaware = true): TimeSeries {
  const base = Date.parse(start + 'T00:00:00Z');
  const pts: [string, number][] = [];
  values.forEach((v, i) => {
    if (v === null) return;
    const iso = new Date(base + i * 86400000).toISOString().slice(0, 19);
    pts.push([tzaware ? iso + 'Z' : iso, v]);
  });
  return pointsFromWire(pts);
}

export function resolver(series: Record<string, TimeSeries>): MemoryResolver {
  return new MemoryResolver(series);
}

/** Evaluates and returns wire points (or the scalar). */
export async function points(formula: string, r: MemoryResolver, opts: EvaluateOptions = {}): Promise<WirePoint[]> {
  const res = await evaluate(formula, r, opts);
  if (res.kind !== 'series') throw new Error('expected a series result');
  return pointsToWire(res.series);
}

export async function scalar(formula: string, r: MemoryResolver = new MemoryResolver(), opts: EvaluateOptions = {}) {
  const res = await evaluate(formula, r, opts);
  if (res.kind !== 'scalar') throw new Error('expected a scalar result');
  return res.value;
}

/** The FormulaError a formula fails with (fails the test if it succeeds). */
export async function failure(formula: string, r: MemoryResolver = new MemoryResolver(), opts: EvaluateOptions = {}): Promise<FormulaError> {
  try {
    await evaluate(formula, r, opts);
  } catch (e) {
    if (e instanceof FormulaError) return e;
    throw e;
  }
  throw new Error(`expected ${formula} to fail`);
}

/** The text a diagnostic's span covers. */
export function covered(formula: string, e: FormulaError, i = 0): string {
  const s = e.diagnostics[i]!.span;
  return formula.slice(s.offset, s.end);
}
