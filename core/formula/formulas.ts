import { StrataError } from '../base/errors.js';
import type { TimeSeries } from '../series/series.js';
import { dependencies } from './check.js';
import { FormulaError } from './errors.js';
import { evaluate } from './evaluate.js';
import { defaultRegistry } from './operators/index.js';
import { parse } from './parser.js';
import type { OperatorRegistry } from './registry.js';
import type { SeriesQuery, SeriesResolver } from './resolver.js';

/** Returns a formula's text by series name, or undefined for a primary (or unknown) series. */
export type FormulaLookup = (name: string) => string | undefined | Promise<string | undefined>;

export interface FormulaResolverOptions {
  registry?: OperatorRegistry;
  signal?: AbortSignal;
}

/**
 * A resolver that evaluates formula series on the fly (formula of formula included) with the same
 * revision date and window, and reads every other series from `base`. A formula that reaches itself
 * fails with code `formula_cycle` naming the cycle.
 */
export function formulaResolver(base: SeriesResolver, formulaOf: FormulaLookup, opts: FormulaResolverOptions = {}, chain: readonly string[] = []): SeriesResolver {
  return {
    async exists(name: string): Promise<boolean> {
      if ((await formulaOf(name)) !== undefined) return true;
      return base.exists ? await base.exists(name) : (await base.get(name, {})) !== undefined;
    },
    async get(name: string, query: SeriesQuery): Promise<TimeSeries | undefined> {
      const text = await formulaOf(name);
      if (text === undefined) return base.get(name, query);
      if (chain.includes(name)) {
        const cycle = [...chain.slice(chain.indexOf(name)), name];
        throw new StrataError('formula_cycle', `formula cycle: ${cycle.join(' -> ')}`, { cycle });
      }
      const inner = formulaResolver(base, formulaOf, opts, [...chain, name]);
      try {
        const res = await evaluate(text, inner, { ...query, registry: opts.registry, signal: opts.signal });
        if (res.kind !== 'series') throw new StrataError('bad_input', `formula ${JSON.stringify(name)} gives a scalar, not a series`);
        return res.series;
      } catch (e) {
        if (e instanceof FormulaError) throw new StrataError(e.code, `in formula ${JSON.stringify(name)}: ${e.message}`, { formula: name, diagnostics: e.diagnostics });
        throw e;
      }
    },
  };
}

/**
 * The first dependency cycle reachable from `start` (e.g. `["a", "b", "a"]`), or null. `depsOf` gives
 * the series a formula reads, or undefined for a primary series. Used to refuse registering a cycle.
 */
export async function findCycle(start: string, depsOf: (name: string) => readonly string[] | undefined | Promise<readonly string[] | undefined>): Promise<string[] | null> {
  const done = new Set<string>();
  const path: string[] = [];
  const onPath = new Set<string>();
  const visit = async (name: string): Promise<string[] | null> => {
    if (onPath.has(name)) return [...path.slice(path.indexOf(name)), name];
    if (done.has(name)) return null;
    const deps = await depsOf(name);
    if (!deps) {
      done.add(name);
      return null;
    }
    path.push(name);
    onPath.add(name);
    for (const d of deps) {
      const c = await visit(d);
      if (c) return c;
    }
    path.pop();
    onPath.delete(name);
    done.add(name);
    return null;
  };
  return visit(start);
}

/** The series a formula text reads (empty when it does not parse). */
export function formulaDependencies(text: string, registry: OperatorRegistry = defaultRegistry()): string[] {
  const r = parse(text);
  return r.ok ? dependencies(r.ast, registry) : [];
}

/**
 * Insertion dates of a formula: the sorted union of its inputs' insertion dates, descending through
 * formulas of formulas. `datesOf` gives a primary series' insertion dates (µs).
 */
export async function formulaInsertionDates(
  text: string,
  formulaOf: FormulaLookup,
  datesOf: (name: string) => readonly number[] | Promise<readonly number[]>,
  registry: OperatorRegistry = defaultRegistry(),
): Promise<number[]> {
  const out = new Set<number>();
  const seen = new Set<string>();
  const todo = formulaDependencies(text, registry);
  while (todo.length) {
    const name = todo.pop()!;
    if (seen.has(name)) continue;
    seen.add(name);
    const f = await formulaOf(name);
    if (f !== undefined) todo.push(...formulaDependencies(f, registry));
    else for (const d of await datesOf(name)) out.add(d);
  }
  return [...out].sort((a, b) => a - b);
}
