export { listTags, metricRows, type Tag, type MetricRow } from './tags.js';
export { sampleMetrics, type SampledMetrics } from './sample.js';
export { listAllTags, allMetricRows, sampleAllMetrics } from './sources.js';
