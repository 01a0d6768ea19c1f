import { parseDuration } from '../../series/duration.js';
import { spanStats } from '../../spans/aggregate.js';
import { complement, grow, intersect, shrink, union } from '../../spans/algebra.js';
import { conditionSpans, type SpanSet } from '../../spans/condition.js';
import { align, FILLED } from '../align.js';
import { dateArg, validateDateText } from '../dates.js';
import { OperatorFailure } from '../errors.js';
import type { ArgTypes, OperatorSpec, ParamSpec } from '../registry.js';
import type { TypeSpec } from '../types.js';
import { isSeriesValue, isSpansValue, seriesValue, type SeriesValue, type SpansValue, type TableValue, type Value } from '../values.js';
import { ser } from './util.js';

/*
 * Conditions and spans. A "boolean series" is a float series whose points are 1 (holds) or 0 (does not);
 * any other number counts as holding, NaN (no value) as not holding. Comparisons produce such series;
 * `spans-when` turns one into spans; the span algebra combines spans; `spans-stats` measures a series
 * over them. Rules for missing values, stated once: a comparison where either side has no value is false
 * (for `!=` too, unlike pandas); `not` turns that into true.
 */

// ---- comparisons and logic -------------------------------------------------------------------------

const truthy = (x: number): boolean => x !== 0 && x === x;

/** series when any argument is surely a series, bool when none can be, both when unsure. */
function boolOrSeries(t: ArgTypes): TypeSpec {
  const all = [...t.named.values(), ...t.rest];
  if (all.some((x) => x.length === 1 && x[0] === 'series')) return ['series'];
  if (all.some((x) => x.includes('series') || x.includes('any'))) return ['bool', 'series'];
  return ['bool'];
}

/** Values of a series laid out on aligned timestamps (fills applied); null/NaN where absent. */
function onUnion(s: SeriesValue, pos: Int32Array): Float64Array | (string | null)[] {
  const src = s.series.values;
  if (src instanceof Float64Array) {
    const fv = s.fill?.kind === 'value' ? s.fill.value : NaN;
    const out = new Float64Array(pos.length);
    for (let i = 0; i < pos.length; i++) {
      const p = pos[i]!;
      out[i] = p >= 0 ? src[p]! : p === FILLED ? fv : NaN;
    }
    return out;
  }
  const out: (string | null)[] = new Array(pos.length);
  for (let i = 0; i < pos.length; i++) {
    const p = pos[i]!;
    out[i] = p >= 0 ? (src[p] ?? null) : null;
  }
  return out;
}

type Cmp = (x: number | string, y: number | string) => boolean;
type CmpName = '>' | '>=' | '<' | '<=' | '=' | '!=';
const FLIPPED: Record<CmpName, CmpName> = { '>': '<', '>=': '<=', '<': '>', '<=': '>=', '=': '=', '!=': '!=' };

/**
 * The common case, a numeric series against a number, as one tight loop per operator: a shared loop
 * calling `fn` per point is 5x slower at 10M points. NaN compares false in JS, except under !==.
 */
function seriesVsNumber(v: Float64Array, y: number, op: CmpName): Float64Array {
  const n = v.length;
  const out = new Float64Array(n);
  switch (op) {
    case '>':
      for (let i = 0; i < n; i++) out[i] = v[i]! > y ? 1 : 0;
      break;
    case '>=':
      for (let i = 0; i < n; i++) out[i] = v[i]! >= y ? 1 : 0;
      break;
    case '<':
      for (let i = 0; i < n; i++) out[i] = v[i]! < y ? 1 : 0;
      break;
    case '<=':
      for (let i = 0; i < n; i++) out[i] = v[i]! <= y ? 1 : 0;
      break;
    case '=':
      for (let i = 0; i < n; i++) out[i] = v[i]! === y ? 1 : 0;
      break;
    case '!=':
      for (let i = 0; i < n; i++) {
        const x = v[i]!;
        out[i] = x !== y && x === x && y === y ? 1 : 0;
      }
      break;
  }
  return out;
}

/**
 * Compares a and b (numbers, strings or series; at least one side a series gives a boolean series on the
 * union of the series' timestamps, 1 where the comparison holds, 0 where not or where a side has no value).
 */
function compare(a: Value, b: Value, fn: Cmp, op: CmpName, allowStrings: boolean): Value {
  const kind = (v: Value, arg: string): 'num' | 'str' => {
    if (isSeriesValue(v)) return v.series.valueType === 'float64' ? 'num' : 'str';
    if (typeof v === 'number') return 'num';
    if (typeof v === 'string' && allowStrings) return 'str';
    throw new OperatorFailure('type_mismatch', `${arg} must be a number${allowStrings ? ', a string' : ''} or a series`, arg);
  };
  const ka = kind(a, 'a');
  const kb = kind(b, 'b');
  if (ka !== kb) {
    const arg = isSeriesValue(b) && !isSeriesValue(a) ? 'a' : 'b';
    throw new OperatorFailure('value_type', `cannot compare ${ka === 'num' ? 'numbers' : 'strings'} with ${kb === 'num' ? 'numbers' : 'strings'}`, arg);
  }
  if (!isSeriesValue(a) && !isSeriesValue(b)) return fn(a as number | string, b as number | string);
  if (ka === 'num' && isSeriesValue(a) !== isSeriesValue(b)) {
    const [s, y, o] = isSeriesValue(a) ? [a, b as number, op] : [b as SeriesValue, a as number, FLIPPED[op]];
    return seriesValue({ tzaware: s.series.tzaware, valueType: 'float64', times: s.series.times, values: seriesVsNumber(s.series.values as Float64Array, y, o) });
  }
  const series = [a, b].filter(isSeriesValue);
  const al = align(series, (i) => (isSeriesValue(a) ? ['a', 'b'][i]! : 'b'));
  const cols = series.map((s, k) => onUnion(s, al.pos[k]!));
  const col = (v: Value): ((i: number) => number | string | null) => {
    if (!isSeriesValue(v)) return () => v as number | string;
    const c = cols[series.indexOf(v)]!;
    return (i) => c[i] ?? null;
  };
  const x = col(a);
  const y = col(b);
  const out = new Float64Array(al.times.length);
  for (let i = 0; i < out.length; i++) {
    const p = x(i);
    const q = y(i);
    // null (string) or NaN (number): no value, the comparison is false.
    out[i] = p === null || q === null || p !== p || q !== q ? 0 : fn(p, q) ? 1 : 0;
  }
  return seriesValue({ tzaware: al.tzaware, valueType: 'float64', times: al.times, values: out });
}

function boolArg(v: Value, arg: string): boolean | SeriesValue {
  if (typeof v === 'boolean') return v;
  const s = ser(v, arg);
  if (s.series.valueType !== 'float64') throw new OperatorFailure('value_type', `${arg} is a string series; use a comparison like (= s "ON") to get a condition`, arg);
  return s;
}

/** and / or over booleans and boolean series, on the union of the series' timestamps (absent = false). */
function logic(rest: Value[], isAnd: boolean): Value {
  const args = rest.map((v, i) => boolArg(v, `args[${i}]`));
  const scalars = args.filter((a): a is boolean => typeof a === 'boolean');
  const series = args.filter((a): a is SeriesValue => typeof a !== 'boolean');
  const base = isAnd ? scalars.every(Boolean) : scalars.some(Boolean);
  if (series.length === 0) return base;
  const idx = args.flatMap((a, i) => (typeof a === 'boolean' ? [] : [i]));
  const al = align(series, (k) => `args[${idx[k]}]`);
  const n = al.times.length;
  const out = new Float64Array(n);
  // A scalar decides alone when it is false under and / true under or.
  if (isAnd ? base : !base) {
    out.fill(isAnd ? 1 : 0);
    series.forEach((s, k) => {
      const col = onUnion(s, al.pos[k]!) as Float64Array;
      for (let i = 0; i < n; i++) {
        const h = truthy(col[i]!);
        if (isAnd ? !h : h) out[i] = isAnd ? 0 : 1;
      }
    });
  } else out.fill(isAnd ? 0 : 1);
  return seriesValue({ tzaware: al.tzaware, valueType: 'float64', times: al.times, values: out });
}

const cmpParams = (types: string): ParamSpec[] => [
  { name: 'a', type: types, doc: 'Left side: a series or a scalar.' },
  { name: 'b', type: types, doc: 'Right side: a series or a scalar.' },
];

function scalarKindsDiffer(t: ArgTypes) {
  const a = t.named.get('a') ?? [];
  const b = t.named.get('b') ?? [];
  const only = (x: TypeSpec, k: string) => x.length > 0 && x.every((y) => (k === 'num' ? y === 'int' || y === 'number' : y === k));
  if ((only(a, 'num') && only(b, 'string')) || (only(a, 'string') && only(b, 'num'))) return { param: 'b', message: 'cannot compare a number with a string' };
  return undefined;
}

/** tshistory's `false_value` / `true_value` (positional or keyword): the numbers a boolean series holds. */
const truthKeywords: ParamSpec[] = [
  { name: 'false_value', type: 'number', default: 0, doc: 'Value of the result series where the comparison does not hold (also where a side has no value).' },
  { name: 'true_value', type: 'number', default: 1, doc: 'Value of the result series where the comparison holds.' },
];

function withTruthValues(v: Value, args: Record<string, Value>): Value {
  const f = args.false_value as number;
  const t = args.true_value as number;
  if (!isSeriesValue(v) || (f === 0 && t === 1)) return v;
  const src = v.series.values as Float64Array;
  const out = new Float64Array(src.length);
  for (let i = 0; i < src.length; i++) out[i] = src[i] === 1 ? t : f;
  return seriesValue({ ...v.series, values: out });
}

function comparison(name: CmpName, fn: Cmp, words: string, strings: boolean, aliases: string[] = []): OperatorSpec {
  return {
    name,
    aliases,
    family: 'compare',
    origin: 'tshistory',
    params: [...cmpParams(strings ? 'number|string|series' : 'number|series'), ...truthKeywords],
    returns: 'bool|series',
    inferReturn: boolOrSeries,
    ...(strings ? { checkArgs: scalarKindsDiffer } : {}),
    doc:
      `True where a ${words} b. With a series on either side the result is a series on the union of the series' timestamps ` +
      `holding #:true_value (1) where it holds and #:false_value (0) where not or where a side has no value (after its #:fill). Two scalars give #t or #f.` +
      (strings ? ' Also compares a string series with a string.' : '') +
      (aliases.length ? ` tshistory spells it ${aliases.map((a) => '`' + a + '`').join(' or ')}.` : ''),
    examples: strings
      ? [`(${name} (series "pump-state") "RUNNING")`, `(${name} (series "a") (series "b"))`, ...aliases.map((a) => `(${a} (series "a") 0 #:true_value 10 #:false_value -1)`)]
      : [`(${name} (series "temp") 80)`, `(${name} (series "a") (series "b"))`, `(${name} (series "temp") 80 #:true_value 100 #:false_value 0)`],
    impl: ({ args }) => withTruthValues(compare(args.a!, args.b!, fn, name, strings), args),
  };
}

export const compareOperators: OperatorSpec[] = [
  comparison('>', (x, y) => x > y, 'is greater than', false),
  comparison('>=', (x, y) => x >= y, 'is greater than or equal to', false),
  comparison('<', (x, y) => x < y, 'is less than', false),
  comparison('<=', (x, y) => x <= y, 'is less than or equal to', false),
  comparison('=', (x, y) => x === y, 'equals', true, ['==']),
  comparison('!=', (x, y) => x !== y, 'differs from', true, ['<>']),
  ...(['and', 'or'] as const).map(
    (name): OperatorSpec => ({
      name,
      family: 'compare',
      params: [],
      rest: { name: 'args', type: 'bool|series', min: 2, doc: 'Booleans or boolean series (non-zero = holds, no value = does not).' },
      returns: 'bool|series',
      inferReturn: boolOrSeries,
      doc:
        `True where ${name === 'and' ? 'every' : 'any'} argument holds. Series are combined on the union of their timestamps; ` +
        'a series without a value at a timestamp does not hold there.',
      examples: [`(${name} (> (series "temp") 80) (< (series "flow") 5))`],
      impl: ({ rest }) => logic(rest, name === 'and'),
    }),
  ),
  {
    name: 'not',
    family: 'compare',
    params: [{ name: 'a', type: 'bool|series', doc: 'A boolean or a boolean series.' }],
    returns: 'bool|series',
    inferReturn: boolOrSeries,
    doc: 'Negation: 1 where the series does not hold (0, or no value), 0 where it holds; #t/#f for a boolean.',
    examples: ['(not (> (series "temp") 80))'],
    impl: ({ args }) => {
      const a = boolArg(args.a!, 'a');
      if (typeof a === 'boolean') return !a;
      const src = a.series.values as Float64Array;
      const out = new Float64Array(src.length);
      for (let i = 0; i < out.length; i++) out[i] = truthy(src[i]!) ? 0 : 1;
      return seriesValue({ tzaware: a.series.tzaware, valueType: 'float64', times: a.series.times, values: out });
    },
  },
];

// ---- spans ---------------------------------------------------------------------------------------------

function validateDuration(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  try {
    return parseDuration(v) < 0 ? 'duration must not be negative' : undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

function duration(v: Value, arg: string): number | null {
  if (v === null) return null;
  if (typeof v !== 'string') throw new OperatorFailure('type_mismatch', `${arg} must be a duration like "5min"`, arg);
  const msg = validateDuration(v);
  if (msg) throw new OperatorFailure('bad_value', msg, arg);
  return parseDuration(v);
}

function spansArg(v: Value, arg: string): SpansValue {
  if (!isSpansValue(v)) throw new OperatorFailure('type_mismatch', `${arg} must be spans`, arg);
  return v;
}

const spansOf = (set: SpanSet, tzaware: boolean): SpansValue => ({ type: 'spans', begins: set.begins, ends: set.ends, tzaware });

/** Same kind of time (aware / naive) for all non-empty inputs. */
function sameTz(sets: SpansValue[], name: (i: number) => string): boolean {
  const ref = sets.find((s) => s.begins.length > 0) ?? sets[0];
  const tz = ref?.tzaware ?? true;
  sets.forEach((s, i) => {
    if (s.begins.length > 0 && s.tzaware !== tz) throw new OperatorFailure('tz_mismatch', 'cannot combine tz-aware spans with naive ones', name(i));
  });
  return tz;
}

const durationKw = (name: string, doc: string): ParamSpec => ({ name, type: 'string|nil', default: null, doc, validate: validateDuration });
const spansParam: ParamSpec = { name: 'spans', type: 'spans', doc: 'Spans, e.g. from spans-when.' };
const amountParam: ParamSpec = { name: 'amount', type: 'string', doc: 'A duration like "5min", "1h" or "PT30S".', validate: validateDuration };
const sideKw: ParamSpec = { name: 'side', type: 'string', default: 'both', choices: ['both', 'begin', 'end'], doc: 'Which end of each span moves: both, begin or end.' };

function sides(args: Record<string, Value>): [number, number] {
  const d = duration(args.amount!, 'amount')!;
  const side = args.side ?? 'both';
  return [side === 'end' ? 0 : d, side === 'begin' ? 0 : d];
}

export const spansOperators: OperatorSpec[] = [
  {
    name: 'spans-when',
    family: 'spans',
    params: [{ name: 'condition', type: 'series', doc: 'A boolean series, e.g. (> (series "temp") 80): non-zero holds, 0 or no value does not.' }],
    keywords: [
      durationKw('min-duration', 'Drop spans shorter than this, e.g. "5min".'),
      durationKw('max-duration', 'Drop spans longer than this, e.g. "1h".'),
    ],
    returns: 'spans',
    doc:
      'The periods where a condition holds. A span begins at the first point where the condition holds and ends at the ' +
      'timestamp of the first later point where it stops holding (0 or no value); gaps between points do not end a span. ' +
      'If the condition still holds at the last point the newest span is open (no end). Durations are end − begin; an open ' +
      "span's is measured up to the last point.",
    examples: ['(spans-when (> (series "temp") 80) #:min-duration "5min" #:max-duration "1h")', '(spans-when (= (series "pump-state") "RUNNING"))'],
    impl: ({ args }) => {
      const c = boolArg(args.condition!, 'condition') as SeriesValue;
      const minDuration = duration(args['min-duration']!, 'min-duration');
      const maxDuration = duration(args['max-duration']!, 'max-duration');
      if (minDuration !== null && maxDuration !== null && minDuration > maxDuration) {
        throw new OperatorFailure('bad_value', 'min-duration is longer than max-duration', 'min-duration');
      }
      return spansOf(conditionSpans(c.series, { minDuration, maxDuration }), c.series.tzaware);
    },
  },
  {
    name: 'spans-union',
    family: 'spans',
    params: [],
    rest: { name: 'spans', type: 'spans', min: 2, doc: 'Span sets.' },
    returns: 'spans',
    doc: 'Periods covered by any of the span sets; overlapping or touching spans merge. Open if any input covering the end is open.',
    examples: ['(spans-union (spans-when (> (series "temp") 80)) (spans-when (< (series "flow") 5)))'],
    impl: ({ rest }) => {
      const sets = rest.map((v, i) => spansArg(v, `spans[${i}]`));
      return spansOf(union(sets), sameTz(sets, (i) => `spans[${i}]`));
    },
  },
  {
    name: 'spans-intersect',
    family: 'spans',
    params: [],
    rest: { name: 'spans', type: 'spans', min: 2, doc: 'Span sets.' },
    returns: 'spans',
    doc: 'Periods covered by every one of the span sets.',
    examples: ['(spans-intersect (spans-when (> (series "temp") 80)) (spans-when (< (series "flow") 5)))'],
    impl: ({ rest }) => {
      const sets = rest.map((v, i) => spansArg(v, `spans[${i}]`));
      return spansOf(intersect(sets), sameTz(sets, (i) => `spans[${i}]`));
    },
  },
  {
    name: 'spans-complement',
    family: 'spans',
    params: [spansParam],
    keywords: [
      { name: 'from', type: 'timestamp|string|nil', default: null, doc: 'Start of the window (default: the start of the evaluation window).', validate: validateDateText },
      { name: 'to', type: 'timestamp|string|nil', default: null, doc: 'End of the window, exclusive (default: the end of the evaluation window; none = open).', validate: validateDateText },
    ],
    returns: 'spans',
    doc:
      'The periods of the window [from, to) not covered by the spans. Without an end the last period is open. Without a start ' +
      'the complement begins where the first span ends: spans say nothing about the time before them.',
    examples: ['(spans-complement (spans-when (> (series "temp") 80)) #:from "2024-01-01" #:to "2024-02-01")'],
    impl: ({ args }, ctx) => {
      const s = spansArg(args.spans!, 'spans');
      const from = dateArg(args.from!, 'from')?.us ?? ctx.query.from ?? null;
      const to = dateArg(args.to!, 'to')?.us ?? ctx.query.to ?? null;
      return spansOf(complement(s, from, to), s.tzaware);
    },
  },
  {
    name: 'spans-grow',
    family: 'spans',
    params: [spansParam, amountParam],
    keywords: [sideKw],
    returns: 'spans',
    doc: 'Widens every span by a duration (begin earlier, end later, or both); spans that come to overlap or touch merge. Open spans stay open.',
    examples: ['(spans-grow (spans-when (> (series "temp") 80)) "10min")', '(spans-grow (spans-when (> (series "temp") 80)) "1h" #:side "end")'],
    impl: ({ args }) => {
      const s = spansArg(args.spans!, 'spans');
      const [before, after] = sides(args);
      return spansOf(grow(s, before, after), s.tzaware);
    },
  },
  {
    name: 'spans-shrink',
    family: 'spans',
    params: [spansParam, amountParam],
    keywords: [sideKw],
    returns: 'spans',
    doc: 'Narrows every span by a duration (begin later, end earlier, or both); spans that become empty disappear. An open end does not move.',
    examples: ['(spans-shrink (spans-when (> (series "temp") 80)) "5min")'],
    impl: ({ args }) => {
      const s = spansArg(args.spans!, 'spans');
      const [before, after] = sides(args);
      return spansOf(shrink(s, before, after), s.tzaware);
    },
  },
  {
    name: 'spans-stats',
    family: 'spans',
    params: [spansParam, { name: 'series', type: 'series', doc: 'The series measured over each span (numbers or strings).' }],
    returns: 'table',
    doc:
      'A table with one row per span, oldest first: begin, end (nil when open), duration in seconds (nil when open), and over ' +
      'the points with begin ≤ time < end that have a value: count, mean, min, max, first, last (nil when count is 0; ' +
      'mean/min/max nil for a string series).',
    examples: ['(spans-stats (spans-when (> (series "temp") 80)) (series "flow"))'],
    impl: ({ args }) => {
      const s = spansArg(args.spans!, 'spans');
      const x = ser(args.series!, 'series');
      if (s.begins.length > 0 && x.series.times.length > 0 && s.tzaware !== x.series.tzaware) {
        throw new OperatorFailure('tz_mismatch', `cannot measure a ${x.series.tzaware ? 'tz-aware' : 'naive'} series over ${s.tzaware ? 'tz-aware' : 'naive'} spans`, 'series');
      }
      const t = spanStats(s, x.series);
      const out: TableValue = { type: 'table', columns: t.columns, types: t.types, rows: t.rows, tzaware: s.tzaware };
      return out;
    },
  },
];
