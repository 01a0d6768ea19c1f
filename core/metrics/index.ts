export { listTags, metricRows, type Tag, type MetricRow } from './tags.js';
export { sampleMetrics, type SampledMetrics } from './sample.js';
