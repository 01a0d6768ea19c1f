/**
 * The import engine: streaming CSV (long and wide), Arrow IPC and Parquet readers that produce columnar
 * series plus a rejects summary, and the deterministic sample generator. Node file access lives in
 * node-file.ts and the store write in import.ts; everything else is pure TypeScript.
 */
export * from './types.js';
export { parseCsv } from './csv.js';
export { detectCsv, type CsvPlan } from './detect.js';
export { sampleCsv, sampleRowCount, mulberry32, type SampleOptions } from './sample.js';
