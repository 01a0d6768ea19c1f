import { assertNever, isStrataError } from '../base/errors.js';
import { sliceSeries, type TimeSeries } from '../series/series.js';
import type { CallNode, Node } from './ast.js';
import { check, type Binding } from './check.js';
import { FormulaError, OperatorFailure, type FormulaDiagnostic } from './errors.js';
import { defaultRegistry } from './operators/index.js';
import { parse } from './parser.js';
import type { ImplContext, OperatorRegistry } from './registry.js';
import type { SeriesQuery, SeriesResolver } from './resolver.js';
import type { Span } from './span.js';
import { hasSeries } from './types.js';
import type { ColumnType } from '../spans/aggregate.js';
import { isSeriesValue, isSpansValue, isTableValue, type TimestampValue, type Value } from './values.js';

export interface EvaluateOptions extends SeriesQuery {
  registry?: OperatorRegistry;
  /** Cancels the evaluation; it then rejects with a FormulaError of code `cancelled`. */
  signal?: AbortSignal;
  /** Time limit in milliseconds (rejects with `cancelled`). */
  timeoutMs?: number;
  /** "Now" in µs for `today` (defaults to the clock; a revision date takes precedence). */
  now?: number;
}

/**
 * Result of a formula: a series, a scalar for formulas like `(+ 1 2)` or `(date "2024-01-01")`, spans
 * (`spans-when` and the span algebra: µs columns, end NaN = open; core/spans spansToJson prints them) or a
 * table (`spans-stats`; core/spans tableToJson prints it).
 */
export type EvalResult =
  | { kind: 'series'; series: TimeSeries }
  | { kind: 'scalar'; value: number | string | boolean | null | TimestampValue }
  | { kind: 'spans'; begins: Float64Array; ends: Float64Array; tzaware: boolean }
  | { kind: 'table'; columns: string[]; types: ColumnType[]; rows: unknown[][]; tzaware: boolean };

function parseOrThrow(text: string): Node {
  const r = parse(text);
  if (!r.ok) throw new FormulaError(r.errors);
  return r.ast;
}

/**
 * Parses (if given text), checks and evaluates a formula. Series are read through `resolver` with the
 * revision date and value-date window of `opts`; the result is cut to that window.
 * Formula problems (syntax, types, missing series, bad data) reject with a positioned FormulaError.
 */
export async function evaluate(formula: string | Node, resolver: SeriesResolver, opts: EvaluateOptions = {}): Promise<EvalResult> {
  const registry = opts.registry ?? defaultRegistry();
  const ast = typeof formula === 'string' ? parseOrThrow(formula) : formula;
  const checked = check(ast, registry);
  if (!checked.ok) throw new FormulaError(checked.diagnostics);

  let signal = opts.signal;
  if (opts.timeoutMs !== undefined) {
    const t = AbortSignal.timeout(opts.timeoutMs);
    signal = signal ? AbortSignal.any([signal, t]) : t;
  }
  const query: SeriesQuery = { revisionDate: opts.revisionDate ?? null, from: opts.from ?? null, to: opts.to ?? null };
  const ev = new Evaluator(checked.bindings, resolver, signal, opts.now ?? Date.now() * 1000);
  const v = await ev.eval(ast, query);
  if (isSeriesValue(v)) return { kind: 'series', series: sliceSeries(v.series, query.from, query.to) };
  if (isSpansValue(v)) return { kind: 'spans', begins: v.begins, ends: v.ends, tzaware: v.tzaware };
  if (isTableValue(v)) return { kind: 'table', columns: v.columns, types: v.types, rows: v.rows, tzaware: v.tzaware };
  return { kind: 'scalar', value: v };
}

class Evaluator {
  constructor(
    private readonly bindings: WeakMap<CallNode, Binding>,
    private readonly resolver: SeriesResolver,
    private readonly signal: AbortSignal | undefined,
    private readonly now: number,
  ) {}

  checkAborted = (): void => {
    if (this.signal?.aborted) {
      const reason = this.signal.reason as { name?: string } | undefined;
      const timeout = reason?.name === 'TimeoutError';
      throw new FormulaError([
        { code: 'cancelled', message: timeout ? 'evaluation timed out' : 'evaluation cancelled', span: { offset: 0, end: 0, line: 1, column: 1 } },
      ]);
    }
  };

  async eval(node: Node, query: SeriesQuery): Promise<Value> {
    switch (node.kind) {
      case 'number':
      case 'string':
      case 'bool':
        return node.value;
      case 'nil':
        return null;
      case 'symbol':
        // The checker rejects bare names; reaching here means an unchecked tree.
        throw this.fail({ code: 'unknown_name', message: `unknown name ${node.name}`, span: node.span });
      case 'call':
        return this.call(node, query);
      default:
        return assertNever(node, 'formula node');
    }
  }

  private async call(node: CallNode, query: SeriesQuery): Promise<Value> {
    this.checkAborted();
    const b = this.bindings.get(node);
    if (!b) throw this.fail({ code: 'unknown_operator', message: `unchecked call to ${node.op}`, span: node.opSpan });
    const { op } = b;
    const args: Record<string, Value> = Object.create(null);
    const pending: [string, Node][] = [];
    // Scalars first: a scope (asof, slice, time-shifted...) may change the query its series arguments see.
    for (const p of [...op.params, ...(op.keywords ?? [])]) {
      const n = b.named.get(p.name);
      if (!n) {
        args[p.name] = (p.default ?? null) as Value;
      } else if (hasSeries(op.paramTypes.get(p.name)!)) {
        pending.push([p.name, n]);
      } else {
        args[p.name] = await this.eval(n, query);
      }
    }
    let inner = query;
    try {
      if (op.scope) inner = op.scope(args, query);
      const [pendingValues, rest] = await Promise.all([
        Promise.all(pending.map(([, n]) => this.eval(n, inner))),
        Promise.all(b.rest.map((n) => this.eval(n, inner))),
      ]);
      pending.forEach(([name], i) => (args[name] = pendingValues[i]!));
      this.checkAborted();
      const ctx: ImplContext = { query: inner, resolver: this.resolver, now: this.now, signal: this.signal, checkAborted: this.checkAborted };
      // Raced against the signal so a slow resolver or remote operator cannot delay cancellation.
      return await this.race(op.impl({ args, rest }, ctx));
    } catch (e) {
      if (e instanceof FormulaError) throw e;
      const span = this.argSpan(node, b, e instanceof OperatorFailure ? e.arg : undefined);
      if (e instanceof OperatorFailure) throw this.fail({ code: e.code, message: `${op.name}: ${e.message}`, span });
      if (isStrataError(e)) throw this.fail({ code: 'evaluation_failed', message: `${op.name}: ${e.message}`, span });
      throw this.fail({ code: 'evaluation_failed', message: `${op.name} failed: ${e instanceof Error ? e.message : String(e)}`, span });
    }
  }

  private race<T>(p: T | Promise<T>): Promise<T> {
    const s = this.signal;
    if (!s || !(p instanceof Promise)) return Promise.resolve(p);
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => {
        try {
          this.checkAborted();
        } catch (e) {
          reject(e);
        }
      };
      if (s.aborted) return onAbort();
      s.addEventListener('abort', onAbort, { once: true });
      p.then(
        (v) => (s.removeEventListener('abort', onAbort), resolve(v)),
        (e) => (s.removeEventListener('abort', onAbort), reject(e)),
      );
    });
  }

  private argSpan(node: CallNode, b: Binding, arg: string | undefined): Span {
    if (arg === undefined) return node.span;
    const m = /^(.*)\[(\d+)\]$/.exec(arg);
    if (m) return b.rest[+m[2]!]?.span ?? node.span;
    return b.named.get(arg)?.span ?? node.span;
  }

  private fail(d: FormulaDiagnostic): FormulaError {
    return new FormulaError([d]);
  }
}
