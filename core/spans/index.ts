export { constantSpans, newestSpans, type Span, type SpanList } from './constant.js';
