/**
 * The import engine: streaming CSV (long and wide), Arrow IPC and Parquet readers that produce columnar
 * series plus a rejects summary, and the deterministic sample generator. All of it is pure TypeScript;
 * the Node entry points live apart, as in Arrow JS: `node-file.ts` (parseFile, fileChunks,
 * writeSampleFile) and `import.ts` (importFile into a Store, one transaction per import).
 */
export * from './types.js';
export { parseCsv } from './csv.js';
export { parseArrow, type ArrowInput } from './arrow.js';
export { parseParquet, type AsyncBuffer } from './parquet.js';
export { detectCsv, type CsvPlan } from './detect.js';
export { sampleCsv, sampleRowCount, mulberry32, type SampleOptions } from './sample.js';
