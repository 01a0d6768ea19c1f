// Import engine figures: parse of the default sample (1M rows, in memory), the file import into a fresh
// on-disk store against DuckDB's read_csv of the same file into an on-disk table (the peer, measured in the
// same run, rounds interleaved, after one untimed warm-up round each), and with STRATA_BENCH_10M=1 the
// 10M-row import in a child process (its time and peak RSS). STRATA_BENCH_ROUNDS sets the rounds (default
// 7; medians are reported).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCsv } from '../core/ingest/csv.js';
import { importFile, type ImportOptions } from '../core/ingest/import.js';
import { writeSampleFile } from '../core/ingest/node-file.js';
import { sampleCsv } from '../core/ingest/sample.js';
import { type BenchResult, median } from './harness.js';

async function* replay(chunks: Uint8Array[]): AsyncGenerator<Uint8Array> {
  yield* chunks;
}

const rows = (n: number, ms: number) => `${Math.round(n / (ms / 1000)).toLocaleString('en')} rows/s`;

interface Timed {
  ms: number;
  /** CPU time of the process over the same span (all its threads), ms. */
  cpuMs: number;
}

async function timed(fn: () => Promise<unknown>): Promise<Timed> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await fn();
  const ms = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { ms, cpuMs: (c.user + c.system) / 1000 };
}

/** Wall time of importing `file` into a fresh on-disk store (open and close not counted). */
async function strataImport(dir: string, file: string, tag: string, opts: ImportOptions = {}): Promise<Timed> {
  const { Store } = await import('../core/store/store.js');
  const store = new Store(join(dir, `strata-${tag}.db`));
  try {
    return await timed(() => importFile(store, file, opts));
  } finally {
    store.close();
  }
}

interface Duck {
  DuckDBInstance: { create(path: string): Promise<{ connect(): Promise<{ run(sql: string): Promise<unknown>; closeSync(): void }>; closeSync(): void }> };
}

/** Wall time of DuckDB's `CREATE TABLE AS SELECT * FROM read_csv(file)` into a fresh on-disk database. */
async function duckImport(duck: Duck, dir: string, file: string, tag: string): Promise<Timed> {
  const db = await duck.DuckDBInstance.create(join(dir, `duck-${tag}.db`));
  const con = await db.connect();
  try {
    return await timed(() => con.run(`CREATE TABLE t AS SELECT * FROM read_csv('${file.replaceAll("'", "''")}')`));
  } finally {
    con.closeSync();
    db.closeSync();
  }
}

export async function benchIngest(): Promise<BenchResult[]> {
  const rounds = Math.max(1, Number(process.env.STRATA_BENCH_ROUNDS ?? 7));
  const out: BenchResult[] = [];
  let t0 = performance.now();
  const chunks = [...sampleCsv()];
  const bytes = chunks.reduce((a, c) => a + c.length, 0);
  out.push({ name: 'ingest.sample_1M', ms: performance.now() - t0, note: `${(bytes / 1e6).toFixed(1)} MB generated` });

  const parse: number[] = [];
  for (let r = 0; r < rounds; r++) {
    t0 = performance.now();
    await parseCsv(replay(chunks));
    parse.push(performance.now() - t0);
  }
  const parseMs = median(parse);
  out.push({ name: 'ingest.parse_long_csv_1M', ms: parseMs, note: `in memory, ${rows(1e6, parseMs)}, ${(bytes / 1e3 / parseMs).toFixed(0)} MB/s` });

  const dir = mkdtempSync(join(tmpdir(), 'strata-bench-ingest-'));
  try {
    const sample = await writeSampleFile(join(dir, 'sample.csv'));
    let duck: Duck | null = null;
    try {
      duck = (await import('@duckdb/node-api' as string)) as Duck;
    } catch {
      duck = null;
    }
    const strata: Timed[] = [];
    const oneThread: Timed[] = [];
    const peer: Timed[] = [];
    // One untimed round each first: code compiled, the file in the page cache, Strata's range-parsing
    // threads started (an app keeps them), DuckDB's extension and buffers loaded.
    await strataImport(dir, sample.path, 'warm');
    if (duck) await duckImport(duck, dir, sample.path, 'warm');
    // interleaved rounds: a busy machine slows both alike
    for (let r = 0; r < rounds; r++) {
      strata.push(await strataImport(dir, sample.path, `1m-${r}`));
      oneThread.push(await strataImport(dir, sample.path, `1m-one-${r}`, { parallel: false }));
      if (duck) peer.push(await duckImport(duck, dir, sample.path, `1m-${r}`));
    }
    const ms = median(strata.map((x) => x.ms));
    const cpu = (xs: Timed[]) => `CPU ${median(xs.map((x) => x.cpuMs)).toFixed(0)} ms (all threads)`;
    out.push({ name: 'ingest.import_1M', ms, note: `sample file into a fresh on-disk store, ${rows(1e6, ms)}, ${cpu(strata)}` });
    const oneMs = median(oneThread.map((x) => x.ms));
    out.push({ name: 'ingest.import_1M_one_thread', ms: oneMs, note: `the same with the CSV parsed by one thread (parallel: false), ${cpu(oneThread)}; ratio to the threaded import ${(oneMs / ms).toFixed(2)}` });
    if (duck) {
      const duckMs = median(peer.map((x) => x.ms));
      out.push({ name: 'peer.duckdb_read_csv_1M', ms: duckMs, note: `CREATE TABLE AS SELECT * FROM read_csv(), on-disk database, ${cpu(peer)}` });
      out.push({ name: 'ratio.import / duckdb_read_csv', figure: ms / duckMs, unit: 'x', target: '<= 1.0x', pass: ms <= duckMs, note: `per round: ${strata.map((s, k) => (s.ms / peer[k]!.ms).toFixed(2)).join(' ')}` });
    } else {
      out.push({ name: 'peer.duckdb_read_csv_1M', note: '@duckdb/node-api not installed (npm ci installs it): no peer figure' });
    }
    if (process.env.STRATA_BENCH_10M === '1') out.push(...(await bigImport(dir)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}

/** The 10M-row sample imported in a child process: the import's own time and peak RSS. */
async function bigImport(dir: string): Promise<BenchResult[]> {
  const file = join(dir, 'big.csv');
  await writeSampleFile(file, { seconds: 1000 });
  const child = join(import.meta.dirname, 'ingest-child.ts');
  const res = JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', child, file, join(dir, 'big.db')], { encoding: 'utf8' })) as { ms: number; rows: number; maxRssMb: number };
  return [
    { name: 'ingest.import_10M', ms: res.ms, note: `${res.rows.toLocaleString('en')} rows into a fresh store, ${rows(res.rows, res.ms)}` },
    { name: 'ingest.import_10M_peak_rss', figure: res.maxRssMb, unit: 'MB', target: '< 500 MB', pass: res.maxRssMb < 500, note: 'peak RSS of the importing process' },
  ];
}
