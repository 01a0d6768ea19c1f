import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Store } from '../core/store/index.js';
import type { TimeSeries } from '../core/series/index.js';
import { median, type BenchResult } from './harness.js';

const N = 1_000_000;
const BYTES_PER_POINT = 16;

function makeSeries(n: number, seed = 1): TimeSeries {
  const times = new Float64Array(n);
  const values = new Float64Array(n);
  const t0 = Date.UTC(2024, 0, 1) * 1000;
  let x = seed;
  for (let i = 0; i < n; i++) {
    times[i] = t0 + i * 1_000_000;
    x = (x * 1103515245 + 12345) % 2147483648;
    values[i] = Math.sin(i / 1000) + x / 2147483648;
  }
  return { tzaware: true, valueType: 'float64', times, values };
}

/** Store write/read figures, with a plain one-row-per-point SQLite table scanned as the peer. */
export async function benchStore(): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'strata-bench-'));
  const out: BenchResult[] = [];
  try {
    const series = makeSeries(N);

    // Write 1M points as a new series (one revision); fresh file each round.
    const writeMs = median(
      [0, 1, 2].map((k) => {
        const s = new Store(join(dir, `w${k}.db`));
        const t = performance.now();
        s.update('x', series, { author: 'bench' });
        const ms = performance.now() - t;
        s.close();
        return ms;
      }),
    );
    out.push({ name: 'store.write_1M', ms: writeMs, figure: N / (writeMs / 1000) / 1e6, unit: 'M points/s', target: '>= 5 M points/s', pass: N / (writeMs / 1000) >= 5e6 });

    // Latest read of 1M points.
    const store = new Store(join(dir, 'r.db'));
    store.update('x', series, { insertionDate: Date.UTC(2025, 0, 1) * 1000 });
    store.get('x'); // warm the page cache, as an analyst's second look would be
    const readMs = median(Array.from({ length: 7 }, () => time(() => store.get('x'))));
    const gbps = (N * BYTES_PER_POINT) / (readMs / 1000) / 1e9;
    out.push({ name: 'store.read_latest_1M', ms: readMs, figure: gbps, unit: 'GB/s effective', target: '>= 1 GB/s', pass: gbps >= 1 });

    // 100 revisions, each changing 1,000 scattered points; then read the first revision.
    let idate = Date.UTC(2025, 0, 1) * 1000;
    for (let r = 1; r < 100; r++) {
      const k = 1000;
      const times = new Float64Array(k);
      const values = new Float64Array(k);
      for (let j = 0; j < k; j++) {
        const i = Math.floor(((j * 7919 + r * 104729) % N));
        times[j] = series.times[i]!;
        values[j] = r + j / k;
      }
      const order = Array.from({ length: k }, (_, j) => j).sort((a, b) => times[a]! - times[b]!);
      const st = Float64Array.from(order, (j) => times[j]!);
      const sv = Float64Array.from(order, (j) => values[j]!);
      const uniq = st.filter((t, j) => j === 0 || t !== st[j - 1]);
      const uv = sv.filter((_, j) => j === 0 || st[j] !== st[j - 1]);
      idate += 3_600_000_000;
      store.update('x', { ...series, times: uniq, values: uv }, { insertionDate: idate });
    }
    const revs = store.insertionDates('x').length;
    const firstRev = Date.UTC(2025, 0, 1) * 1000;
    store.get('x', { revisionDate: firstRev });
    const oldMs = median(Array.from({ length: 7 }, () => time(() => store.get('x', { revisionDate: firstRev }))));
    out.push({ name: 'store.read_old_revision_1M', ms: oldMs, figure: revs, unit: 'revisions in store', note: 'first of the revisions, no replay' });
    const latestAfterMs = median(Array.from({ length: 5 }, () => time(() => store.get('x'))));
    out.push({ name: 'store.read_latest_after_100_revisions', ms: latestAfterMs });
    store.close();

    // Peer: the same 1M points as one SQL row each, scanned into typed arrays with better-sqlite3.
    const peer = new Database(join(dir, 'rows.db'));
    peer.pragma('journal_mode = WAL');
    peer.exec('CREATE TABLE points (ts INTEGER PRIMARY KEY, value REAL NOT NULL)');
    const ins = peer.prepare('INSERT INTO points (ts, value) VALUES (?, ?)');
    const rowWriteMs = time(() =>
      peer.transaction(() => {
        for (let i = 0; i < N; i++) ins.run(series.times[i]!, series.values[i]!);
      })(),
    );
    const scan = peer.prepare('SELECT ts, value FROM points ORDER BY ts').raw();
    const scanOnce = () => {
      const times = new Float64Array(N);
      const values = new Float64Array(N);
      let i = 0;
      for (const row of scan.iterate() as Iterable<[number, number]>) {
        times[i] = row[0];
        values[i++] = row[1];
      }
      return i;
    };
    scanOnce();
    const scanMs = median(Array.from({ length: 3 }, () => time(scanOnce)));
    peer.close();
    out.push({ name: 'peer.sqlite_row_write_1M', ms: rowWriteMs, note: 'one row per point' });
    out.push({ name: 'peer.sqlite_row_scan_1M', ms: scanMs, note: 'one row per point' });
    out.push({ name: 'ratio.row_scan / latest_read', figure: scanMs / readMs, unit: 'x', target: '>= 5x', pass: scanMs / readMs >= 5 });
    out.push({ name: 'ratio.row_write / chunked_write', figure: rowWriteMs / writeMs, unit: 'x' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}

function time(fn: () => unknown): number {
  const t = performance.now();
  fn();
  return performance.now() - t;
}
