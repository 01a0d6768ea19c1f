import { StrataError } from '../base/errors.js';
import { check, parse, defaultRegistry, formulaDependencies, type EvalResult, type FormulaDiagnostic, type OperatorRegistry, type Span } from '../formula/index.js';
import { formatType } from '../formula/types.js';
import type { ApiArgs } from '../protocol/contract.js';
import type {
  DependencyNodeDto,
  FormulaCheckDto,
  FormulaDiagnosticDto,
  FormulaValueDto,
  SeriesData,
  SpanRangeDto,
  TableDto,
} from '../protocol/types.js';
import type { TimeSeries } from '../series/series.js';
import { conditionSpans, spanStats, type SpanSet, type Table } from '../spans/index.js';
import { evaluateInStore, expandFormula, formulaText, listFormulas, readSeries, registerFormula } from '../store/formulas.js';
import type { Store } from '../store/store.js';

/** Evaluations the UI starts as the analyst types are cut off well before the call's own timeout. */
export const EVAL_TIME_LIMIT_MS = 50_000;

function isSpan(v: unknown): v is Span {
  return typeof v === 'object' && v !== null && typeof (v as Span).offset === 'number' && typeof (v as Span).line === 'number';
}

function diagnosticDto(d: FormulaDiagnostic, formula?: string): FormulaDiagnosticDto {
  return { code: d.code, message: d.message, offset: d.span.offset, end: d.span.end, line: d.span.line, column: d.span.column, ...(formula ? { formula } : {}) };
}

/**
 * A formula error with its positions flat in `details` (`offset`, `end`, `line`, `column`, and every
 * diagnostic), so the editor can place a marker from any call's error.
 */
export function positionedError(e: unknown): unknown {
  if (!(e instanceof StrataError)) return e;
  const formula = typeof e.details.formula === 'string' ? e.details.formula : undefined;
  const diagnostics = Array.isArray(e.details.diagnostics) ? (e.details.diagnostics as FormulaDiagnostic[]).filter((d) => isSpan(d?.span)) : [];
  const span = isSpan(e.details.span) ? e.details.span : diagnostics[0]?.span;
  if (!span) return e;
  return new StrataError(e.code, e.message, {
    offset: span.offset,
    end: span.end,
    line: span.line,
    column: span.column,
    ...(formula ? { formula } : {}),
    diagnostics: diagnostics.map((d) => diagnosticDto(d, formula)),
  });
}

async function positioned<T>(fn: () => Promise<T> | T): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw positionedError(e);
  }
}

/** Parses and type-checks a text against the registry and the store's series: problems as values. */
export function checkFormula(store: Store, text: string, registry: OperatorRegistry = defaultRegistry()): FormulaCheckDto {
  const p = parse(text);
  if (!p.ok) return { type: null, diagnostics: p.errors.map((d) => diagnosticDto(d)) };
  const c = check(p.ast, registry, { seriesExists: (n) => store.exists(n) });
  return { type: c.ok ? formatType(c.type) : null, diagnostics: c.diagnostics.map((d) => diagnosticDto(d)) };
}

export function seriesDto(name: string, s: TimeSeries, maxPoints?: number): SeriesData {
  const n = maxPoints === undefined ? s.times.length : Math.min(maxPoints, s.times.length);
  const values: (number | string | null)[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const v = s.values[i];
    values[i] = typeof v === 'number' && Number.isNaN(v) ? null : (v ?? null);
  }
  return { name, tzaware: s.tzaware, valueType: s.valueType, times: Array.from(s.times.subarray(0, n)), values, truncated: n < s.times.length };
}

export function spansDto(s: SpanSet): SpanRangeDto[] {
  const out: SpanRangeDto[] = new Array(s.begins.length);
  for (let i = 0; i < out.length; i++) {
    const e = s.ends[i]!;
    out[i] = { begin: s.begins[i]!, end: e === e ? e : null };
  }
  return out;
}

export function tableDto(t: Table, tzaware: boolean): TableDto {
  const rows = t.rows.map((r) => r.map((c) => (typeof c === 'number' && Number.isNaN(c) ? null : ((c ?? null) as number | string | null))));
  return { tzaware, columns: t.columns.map((name, j) => ({ name, type: t.types[j] ?? 'value' })), rows };
}

export function evalDto(res: EvalResult, maxPoints?: number): FormulaValueDto {
  switch (res.kind) {
    case 'series':
      return { kind: 'series', series: seriesDto('', res.series, maxPoints) };
    case 'scalar': {
      const v = res.value;
      if (typeof v === 'object' && v !== null) return { kind: 'scalar', value: v.us, timestamp: true, tzaware: v.tzaware };
      return { kind: 'scalar', value: v };
    }
    case 'spans':
      return { kind: 'spans', tzaware: res.tzaware, spans: spansDto(res) };
    case 'table':
      return { kind: 'table', ...tableDto({ columns: res.columns, types: res.types, rows: res.rows }, res.tzaware) };
  }
}

interface EvalWindow {
  revisionDate?: number | null | undefined;
  from?: number | null | undefined;
  to?: number | null | undefined;
}

function evalIn(store: Store, text: string, w: EvalWindow, registry: OperatorRegistry): Promise<EvalResult> {
  return evaluateInStore(store, text, { revisionDate: w.revisionDate ?? null, from: w.from ?? null, to: w.to ?? null, timeoutMs: EVAL_TIME_LIMIT_MS, registry });
}

/** Spans of a condition formula: spans as they are, a boolean-valued series turned into the spans where it holds. */
async function conditionOf(store: Store, text: string, w: EvalWindow, registry: OperatorRegistry): Promise<{ tzaware: boolean; spans: SpanSet }> {
  const res = await evalIn(store, text, w, registry);
  if (res.kind === 'spans') return { tzaware: res.tzaware, spans: res };
  if (res.kind === 'series' && res.series.valueType === 'float64') return { tzaware: res.series.tzaware, spans: conditionSpans(res.series) };
  throw new StrataError(
    'not_spans',
    `the formula gives ${res.kind === 'scalar' ? 'a scalar' : res.kind === 'series' ? 'a string series' : `a ${res.kind}`}, not a condition; write spans or a boolean series, e.g. (spans-when (> (series "temp") 80))`,
  );
}

/** The dependency tree of a formula down to primary series (a name seen on the current path is a cycle). */
export function dependencyTree(store: Store, root: { name?: string | undefined; text?: string | undefined }, registry: OperatorRegistry = defaultRegistry()): DependencyNodeDto {
  const visit = (name: string, path: readonly string[]): DependencyNodeDto => {
    if (path.includes(name)) return { name, kind: 'cycle', children: [] };
    const text = formulaText(store, name);
    if (text === undefined) return { name, kind: store.exists(name) ? 'primary' : 'unknown', children: [] };
    return { name, kind: 'formula', children: formulaDependencies(text, registry).map((d) => visit(d, [...path, name])) };
  };
  if (root.name !== undefined) {
    if (formulaText(store, root.name) === undefined && !store.exists(root.name)) throw new StrataError('unknown_series', `no series named ${JSON.stringify(root.name)}`, { name: root.name });
    return visit(root.name, []);
  }
  const text = root.text ?? '';
  const p = parse(text);
  if (!p.ok) throw positionedError(new StrataError(p.errors[0]!.code, `${p.errors[0]!.span.line}:${p.errors[0]!.span.column}: ${p.errors[0]!.message}`, { diagnostics: p.errors, span: p.errors[0]!.span }));
  return { name: '', kind: 'formula', children: formulaDependencies(text, registry).map((d) => visit(d, [])) };
}

/**
 * The formula methods. `registry` gives the operators to use (built-ins plus the engine's plugin operators,
 * loaded on first use); every call asks for it, so a rescan of the libraries takes effect at once.
 */
export function formulaHandlers(store: Store, registry: () => Promise<OperatorRegistry> = async () => defaultRegistry()) {
  return {
    'formula.operators': async () => (await registry()).describe(),
    'formula.check': async ({ text }: ApiArgs<'formula.check'>) => checkFormula(store, text, await registry()),
    'formula.eval': ({ text, revisionDate, from, to, maxPoints }: ApiArgs<'formula.eval'>) =>
      positioned(async () => evalDto(await evalIn(store, text, { revisionDate, from, to }, await registry()), maxPoints)),
    'formula.list': () => listFormulas(store),
    'formula.show': ({ name, expand }: ApiArgs<'formula.show'>) =>
      positioned(async () => {
        const text = formulaText(store, name);
        if (text === undefined) {
          throw new StrataError('unknown_formula', store.exists(name) ? `${JSON.stringify(name)} is a primary series, not a formula` : `no formula named ${JSON.stringify(name)}`, { name });
        }
        return { name, text: expand ? expandFormula(store, text, await registry()) : text };
      }),
    'formula.register': ({ name, text, update, allowUnknown }: ApiArgs<'formula.register'>) =>
      positioned(async () => registerFormula(store, name, text, { update: !!update, allowUnknown: !!allowUnknown, registry: await registry() })),
    'formula.dependencies': async (a: ApiArgs<'formula.dependencies'>) => dependencyTree(store, a, await registry()),
    'spans.condition': ({ text, from, to, revisionDate }: ApiArgs<'spans.condition'>) =>
      positioned(async () => {
        const c = await conditionOf(store, text, { from, to, revisionDate }, await registry());
        return { tzaware: c.tzaware, spans: spansDto(c.spans) };
      }),
    'spans.stats': ({ text, series, from, to, revisionDate }: ApiArgs<'spans.stats'>) =>
      positioned(async () => {
        const reg = await registry();
        const c = await conditionOf(store, text, { from, to, revisionDate }, reg);
        const s = await readSeries(store, series, { revisionDate: revisionDate ?? null, from: from ?? null, to: to ?? null }, { registry: reg });
        return tableDto(spanStats(c.spans, s), s.tzaware);
      }),
  };
}
