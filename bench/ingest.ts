// Import engine figures: parse of the default sample (1M rows), the file import into a fresh on-disk store,
// and (with STRATA_BENCH_10M=1) the 10M-row import with the process's peak RSS.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCsv } from '../core/ingest/csv.js';
import { importFile } from '../core/ingest/import.js';
import { writeSampleFile } from '../core/ingest/node-file.js';
import { sampleCsv } from '../core/ingest/sample.js';

interface Figure {
  name: string;
  ms: number;
  note?: string;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1]!;
}

async function* replay(chunks: Uint8Array[]): AsyncGenerator<Uint8Array> {
  yield* chunks;
}

async function importIntoFreshStore(dir: string, file: string, tag: string): Promise<number> {
  const { Store } = await import('../core/store/store.js');
  const store = new Store(join(dir, `bench-${tag}.db`));
  try {
    const t0 = performance.now();
    await importFile(store, file);
    return performance.now() - t0;
  } finally {
    store.close();
  }
}

export async function benchIngest(): Promise<Figure[]> {
  const out: Figure[] = [];
  let t0 = performance.now();
  const chunks = [...sampleCsv()];
  const bytes = chunks.reduce((a, c) => a + c.length, 0);
  out.push({ name: 'ingest: generate sample (1M rows)', ms: performance.now() - t0, note: `${(bytes / 1e6).toFixed(1)} MB` });

  const times: number[] = [];
  let rows = 0;
  for (let round = 0; round < 3; round++) {
    t0 = performance.now();
    const r = await parseCsv(replay(chunks));
    times.push(performance.now() - t0);
    rows = r.summary.accepted;
  }
  const parseMs = median(times);
  out.push({ name: 'ingest: parse long CSV (1M rows, memory)', ms: parseMs, note: `${Math.round(rows / (parseMs / 1000)).toLocaleString('en')} rows/s, ${(bytes / 1e3 / parseMs).toFixed(0)} MB/s` });

  const dir = mkdtempSync(join(tmpdir(), 'strata-bench-ingest-'));
  try {
    const sample = await writeSampleFile(join(dir, 'sample.csv'));
    try {
      const ms = await importIntoFreshStore(dir, sample.path, '1m');
      out.push({ name: 'ingest: import sample file into a fresh store (1M rows)', ms, note: `${Math.round(1e6 / (ms / 1000)).toLocaleString('en')} rows/s` });
    } catch (e) {
      out.push({ name: 'ingest: import sample file into a fresh store (1M rows)', ms: NaN, note: `store unavailable: ${(e as Error).message}` });
    }
    try {
      // a peer to measure against, only when the optional devDependency is installed
      const duck = (await import('@duckdb/node-api' as string)) as { DuckDBInstance: { create(p: string): Promise<{ connect(): Promise<{ run(sql: string): Promise<unknown>; closeSync?(): void }> }> } };
      const db = await duck.DuckDBInstance.create(join(dir, 'duck.db'));
      const con = await db.connect();
      t0 = performance.now();
      await con.run(`CREATE TABLE t AS SELECT * FROM read_csv('${sample.path.replaceAll("'", "''")}')`);
      const duckMs = performance.now() - t0;
      out.push({ name: 'ingest: DuckDB read_csv into an on-disk table (peer)', ms: duckMs });
    } catch {
      out.push({ name: 'ingest: DuckDB read_csv into an on-disk table (peer)', ms: NaN, note: '@duckdb/node-api not installed: no peer figure' });
    }
    if (process.env.STRATA_BENCH_10M === '1') {
      const big = await writeSampleFile(join(dir, 'big.csv'), { seconds: 1000 });
      const ms = await importIntoFreshStore(dir, big.path, '10m');
      out.push({ name: 'ingest: import 10M rows into a fresh store', ms, note: `peak RSS of the process ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB` });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}
