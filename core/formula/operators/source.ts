import { emptySeries, sliceSeries } from '../../series/series.js';
import { OperatorFailure } from '../errors.js';
import { dateArg } from '../dates.js';
import { dateRange, parseFreq, validateFreq } from '../freq.js';
import type { OperatorSpec } from '../registry.js';
import { isTimestampValue, seriesValue, type SeriesValue } from '../values.js';
import { nonNegativeInt, num, parseFill, positiveInt, ser, validateFill } from './util.js';

const fillParam = {
  name: 'fill',
  type: 'string|number|nil',
  default: null,
  doc: 'Filling of missing points when combined with other series: a number, "ffill", "bfill" or "ffill,bfill".',
  validate: validateFill,
} as const;
const limitParam = {
  name: 'limit',
  type: 'int|nil',
  default: null,
  doc: 'Maximum number of consecutive points filled per gap (total number for a constant fill).',
  validate: positiveInt('limit'),
} as const;
const weightParam = { name: 'weight', type: 'number|nil', default: null, doc: 'Weight of the series in row-mean (1 when absent).' } as const;
const pruneParam = {
  name: 'prune',
  type: 'int|nil',
  default: null,
  doc: 'Number of points dropped from the tail end (useful in priorities).',
  validate: nonNegativeInt('prune'),
} as const;

function withOptions(s: SeriesValue, a: Record<string, unknown>): SeriesValue {
  const prune = (a.prune as number | null) ?? 0;
  const n = s.series.times.length;
  const keep = Math.max(0, n - prune);
  const series = keep === n ? s.series : { ...s.series, times: s.series.times.subarray(0, keep), values: s.series.values.slice(0, keep) };
  return { type: 'series', series, fill: parseFill(a.fill as never), limit: (a.limit as number | null) ?? null, weight: (a.weight as number | null) ?? s.weight };
}

export const sourceOperators: OperatorSpec[] = [
  {
    name: 'series',
    family: 'source',
    origin: 'tshistory',
    params: [{ name: 'name', type: 'string', doc: 'Name of a stored or formula series.', seriesName: true }],
    keywords: [
      fillParam,
      limitParam,
      pruneParam,
      weightParam,
      {
        name: 'keepnans',
        type: 'bool',
        default: false,
        doc: 'tshistory: keep erased points as NaN. Strata never stores a missing value (erasing a point removes it), so there is none to keep; accepted so such formulas run unchanged.',
      },
    ],
    returns: 'series',
    doc: 'Reads a series by name, at the revision date and within the value-date window of the query. The keywords attach options used when the series is combined with others.',
    examples: ['(series "wallonie")', '(add (series "a" #:fill 0) (series "b"))', '(series "realized" #:prune 3)'],
    async impl({ args }, ctx) {
      const name = args.name as string;
      const ts = await ctx.resolver.get(name, ctx.query);
      if (!ts) throw new OperatorFailure('unknown_series', `unknown series ${JSON.stringify(name)}`, 'name');
      return withOptions(seriesValue(sliceSeries(ts, ctx.query.from, ctx.query.to)), args);
    },
  },
  {
    name: 'options',
    family: 'source',
    origin: 'tshistory',
    params: [{ name: 'series', type: 'series', doc: 'The series to annotate.' }],
    keywords: [fillParam, limitParam, pruneParam, weightParam],
    returns: 'series',
    doc: 'Attaches fill, limit and weight options to any series expression (as the keywords of `series` do); prune applies at once.',
    examples: ['(options (add (series "a") (series "b")) #:fill 0)'],
    impl: ({ args }) => {
      return withOptions(ser(args.series!, 'series'), args);
    },
  },
  {
    name: 'constant',
    family: 'source',
    origin: 'tshistory',
    params: [
      { name: 'value', type: 'number', doc: 'The constant value.' },
      { name: 'fromdate', type: 'timestamp|string', doc: 'First date of the horizon.' },
      { name: 'todate', type: 'timestamp|string', doc: 'Last date of the horizon (inclusive).' },
      { name: 'freq', type: 'string', doc: 'Granularity, e.g. "D", "H", "MS".', validate: validateFreq },
      { name: 'revdate', type: 'timestamp|string', doc: 'Revision date: the series does not exist before it.' },
    ],
    returns: 'series',
    doc: 'A constant-valued tz-aware series over a fixed horizon at a given frequency, known from revision date `revdate` on (empty when read as of an earlier revision).',
    examples: ['(constant 42.5 (date "1900-1-1") (date "2039-12-31") "D" (date "1900-1-1"))'],
    impl: ({ args }, ctx) => {
      const value = num(args.value!, 'value');
      const from = dateArg(args.fromdate!, 'fromdate')!;
      const to = dateArg(args.todate!, 'todate')!;
      const rev = dateArg(args.revdate!, 'revdate')!;
      if (ctx.query.revisionDate != null && ctx.query.revisionDate < rev.us) return seriesValue(emptySeries('float64', true));
      const lo = Math.max(from.us, ctx.query.from ?? -Infinity);
      const hi = Math.min(to.us, ctx.query.to ?? Infinity);
      const all = dateRange(from.us, to.us, parseFreq(args.freq as string));
      const times = sliceSeries({ tzaware: true, valueType: 'float64', times: all, values: all }, lo, hi).times;
      return seriesValue({ tzaware: true, valueType: 'float64', times, values: new Float64Array(times.length).fill(value) });
    },
  },
  {
    name: 'asof',
    family: 'source',
    origin: 'tshistory',
    params: [
      { name: 'revision_date', type: 'timestamp|string', doc: 'Revision date at which the inner series are read.' },
      { name: 'series', type: 'series', doc: 'Expression evaluated as of that revision date.' },
    ],
    returns: 'series',
    doc: 'Evaluates its series argument as known at `revision_date` (every `series` inside reads that revision).',
    examples: ['(asof (timedelta (today) #:days -1) (series "i-have-many-versions"))', '(asof "2024-01-01" (series "forecast"))'],
    scope: (a, q) => {
      const v = a.revision_date;
      const d = isTimestampValue(v) ? v.us : typeof v === 'string' ? dateArg(v, 'revision_date')!.us : null;
      return { ...q, revisionDate: d };
    },
    impl: ({ args }) => ser(args.series!, 'series'),
  },
];
