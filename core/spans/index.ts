export { constantSpans, newestSpans, type Span, type SpanList } from './constant.js';
export { conditionSpans, spanDuration, checkSpanSet, emptySpans, holds, type SpanSet, type ConditionOptions } from './condition.js';
export { union, union2, intersect, intersect2, complement, grow, shrink, coverage } from './algebra.js';
export { spanStats, spansToJson, tableToJson, SPAN_STAT_COLUMNS, type Table, type ColumnType } from './aggregate.js';
