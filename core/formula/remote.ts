/**
 * Operators whose implementation runs elsewhere (a plugin's own process). The plugin side declares an
 * entry — name, typed parameters, keywords with defaults, return type, docs, examples — and an async
 * implementation that receives plain, transferable values (series as typed arrays) and answers one.
 * `toOperatorSpec` turns it into a registry entry: the checker then checks calls to it like any built-in,
 * the evaluator awaits it (racing cancellation), and its answer is validated before it flows on.
 */
import type { TimeSeries } from '../series/series.js';
import { OperatorFailure } from './errors.js';
import type { OperatorSpec, ParamSpec } from './registry.js';
import type { SeriesQuery } from './resolver.js';
import { parseType } from './types.js';
import { isSeriesValue, isSpansValue, isTableValue, isTimestampValue, seriesValue, type TimestampValue, type Value } from './values.js';

/** A value crossing to or from a remote implementation: scalars, timestamps and series as typed arrays. */
export type RemoteValue = number | string | boolean | null | TimestampValue | TimeSeries;

export interface RemoteCall {
  /** Named parameters and keywords, defaults applied. Series arrive without their formula options. */
  args: Record<string, RemoteValue>;
  /** Variadic arguments, in order. */
  rest: RemoteValue[];
}

export interface RemoteContext {
  /** Revision date and value-date window of the evaluation (µs; null = none). */
  query: SeriesQuery;
  /** Aborted when the evaluation is cancelled or times out; the implementation should stop its work. */
  signal?: AbortSignal;
}

/** The implementation of a remote operator: always asynchronous. */
export type RemoteImpl = (call: RemoteCall, ctx: RemoteContext) => Promise<RemoteValue>;

/** What a plugin declares for one operator (the plain-data part comes from its manifest). */
export interface RemoteOperatorEntry {
  name: string;
  aliases?: readonly string[];
  /** Family for docs and completion; `plugin` when absent. */
  family?: string;
  params: readonly ParamSpec[];
  rest?: ParamSpec & { min?: number };
  keywords?: readonly ParamSpec[];
  /** A single type (`series`, `number`, `string`, `bool`, `timestamp`, `nil`) or a union like `number|nil`. */
  returns: string;
  doc: string;
  examples: readonly string[];
  impl: RemoteImpl;
}

function toRemote(v: Value): RemoteValue {
  if (isSeriesValue(v)) return v.series;
  if (isSpansValue(v) || isTableValue(v)) throw new OperatorFailure('type_mismatch', `${v.type} values cannot be passed to a plugin operator`);
  return v;
}

function isTimeSeries(v: unknown): v is TimeSeries {
  return typeof v === 'object' && v !== null && 'times' in v && 'values' in v;
}

function answerError(what: string): OperatorFailure {
  return new OperatorFailure('bad_operator_answer', `plugin answered ${what}`);
}

/** Checks a remote answer against the declared return type and the series invariants. */
export function validateAnswer(returns: string, v: unknown): Value {
  const allowed = parseType(returns);
  if (isTimeSeries(v)) {
    if (!allowed.includes('series') && !allowed.includes('any')) throw answerError(`a series where ${returns} was declared`);
    const { times, values, valueType } = v;
    if (!(times instanceof Float64Array)) throw answerError('a series whose times are not a Float64Array');
    if (valueType === 'float64' ? !(values instanceof Float64Array) : valueType !== 'string' || !Array.isArray(values)) {
      throw answerError(`a series whose values do not match its value type ${JSON.stringify(valueType)}`);
    }
    if (times.length !== values.length) throw answerError(`a series with ${times.length} timestamps but ${values.length} values`);
    for (let i = 0; i < times.length; i++) {
      const t = times[i]!;
      if (!Number.isFinite(t)) throw answerError(`a series with a non-finite timestamp at index ${i}`);
      if (i && !(t > times[i - 1]!)) throw answerError(`a series whose timestamps are not strictly increasing at index ${i}`);
    }
    if (valueType === 'string') {
      for (let i = 0; i < values.length; i++) {
        const x = values[i];
        if (x !== null && typeof x !== 'string') throw answerError(`a string series with a non-string value at index ${i}`);
      }
    }
    if (typeof v.tzaware !== 'boolean') throw answerError('a series without a boolean tzaware');
    return seriesValue({ tzaware: v.tzaware, valueType, times, values });
  }
  const kind = v === null ? 'nil' : isTimestampValue(v) ? 'timestamp' : typeof v === 'number' ? (Number.isInteger(v) ? 'int' : 'number') : typeof v === 'string' ? 'string' : typeof v === 'boolean' ? 'bool' : null;
  if (kind === null) throw answerError(`a value that is neither a series nor a scalar`);
  const fits = allowed.includes('any') || allowed.includes(kind as never) || (kind === 'int' && allowed.includes('number'));
  if (!fits) throw answerError(`${kind === 'int' ? 'an' : 'a'} ${kind} where ${returns} was declared`);
  return v as Value;
}

/** The registry entry for a remote operator (no scope, no custom checks: only what plain data can state). */
export function toOperatorSpec(entry: RemoteOperatorEntry, owner: string): OperatorSpec {
  const impl = entry.impl;
  if (typeof impl !== 'function') throw new TypeError(`operator ${JSON.stringify(entry.name)}: impl must be a function`);
  return {
    name: entry.name,
    aliases: entry.aliases,
    family: entry.family ?? 'plugin',
    origin: owner,
    params: entry.params,
    rest: entry.rest,
    keywords: entry.keywords,
    returns: entry.returns,
    doc: entry.doc,
    examples: entry.examples,
    async impl({ args, rest }, ctx) {
      const plain: Record<string, RemoteValue> = {};
      for (const [k, v] of Object.entries(args)) plain[k] = toRemote(v);
      const answer = await impl({ args: plain, rest: rest.map(toRemote) }, { query: { ...ctx.query }, signal: ctx.signal });
      return validateAnswer(entry.returns, answer);
    },
  };
}
