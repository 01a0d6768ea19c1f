// Remote (PostgreSQL) push-down: a chart envelope of a big 1 Hz tag computed on the server, against
// fetching every point and decimating locally, in the same run on the same throwaway cluster.
// Size: $STRATA_BENCH_REMOTE_POINTS (default 10,000,000 = 116 days at 1 Hz; 31,536,000 is a year, which
// takes several minutes to load on a small machine).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Store } from '../core/store/store.js';
import { chartData } from '../core/store/chart.js';
import { addConnection, envOrPromptSecrets, openRemote, RemoteSources, type RemoteClient } from '../core/remote/index.js';
import { pgUnavailable } from '../test/core/remote/cluster.js';
import { startTenant, tenantClient, TENANT } from '../test/core/remote/fixture.js';
import { median, type BenchResult } from './harness.js';

const WIDTH = 2000;

/** Counts the rows each query and COPY brings back (what crossed the network). */
function countRows(client: RemoteClient): { rows: number } {
  const counter = { rows: 0 };
  const query = client.query.bind(client);
  const copy = client.copyPoints.bind(client);
  client.query = async (text: string, params?: unknown[]) => {
    const r = await query(text, params);
    counter.rows += r.length;
    return r;
  };
  client.copyPoints = async (text: string, vt: 'float64' | 'string') => {
    const r = await copy(text, vt);
    counter.rows += r.times.length;
    return r;
  };
  return counter;
}

export async function benchRemote(): Promise<BenchResult[]> {
  const why = pgUnavailable();
  if (why) return [{ name: 'remote: skipped', note: why }];
  const N = Number(process.env.STRATA_BENCH_REMOTE_POINTS ?? 10_000_000);
  const cluster = await startTenant();
  const dir = mkdtempSync(join(tmpdir(), 'strata-bench-remote-'));
  let remote: RemoteSources | null = null;
  let cached: RemoteSources | null = null;
  try {
    const db = await tenantClient(cluster);
    const t0 = Date.UTC(2023, 0, 1) * 1000;
    const load0 = performance.now();
    await db.query(`DROP INDEX plant.tag_data_by_tag_time`);
    await db.query(`INSERT INTO plant.tag_names (normalized_name) VALUES ('line'), ('other')`);
    // Generated on the server: a daily cycle, a slow drift, noise and rare spikes.
    await db.query(
      `INSERT INTO plant.tag_data SELECT 1, to_timestamp(${t0 / 1e6} + s), 20 + 5 * sin(s / 13751.0) + s / 1e6 + random() + CASE WHEN s % 1000003 = 0 THEN 40 ELSE 0 END
       FROM generate_series(0, ${N - 1}) s`,
    );
    await db.query(`CREATE INDEX tag_data_by_tag_time ON plant.tag_data (tag_name_id, tag_value_changed_at)`);
    await db.query(`VACUUM ANALYZE plant.tag_data`);
    const loadMs = performance.now() - load0;

    const store = new Store(join(dir, 's.db'));
    addConnection(store, { name: 'plant', host: cluster.host, port: cluster.port, database: TENANT.database, schema: TENANT.schema, user: TENANT.user, tls: { mode: 'disable' } });
    const secrets = envOrPromptSecrets({ PGPASSWORD: TENANT.password });
    remote = new RemoteSources(store, { secrets, noCache: true, statementTimeoutMs: 1_800_000 });
    const counter = countRows(remote.client('plant'));

    // Push-down: one SQL envelope, O(width) rows back.
    let columns = 0;
    counter.rows = 0;
    const pushMs: number[] = [];
    let pushRows = 0;
    for (let r = 0; r < 3; r++) {
      counter.rows = 0;
      const t = performance.now();
      const env = await remote.chart('plant/line', { width: WIDTH });
      pushMs.push(performance.now() - t);
      pushRows = counter.rows;
      columns = env.mode === 'columns' ? env.columns.length : env.times.length;
    }

    // Peer: every point over COPY, then the local store's decimation (chartData over raw points).
    const fetchMs: number[] = [];
    let fetchRows = 0;
    for (let r = 0; r < 2; r++) {
      counter.rows = 0;
      const t = performance.now();
      const s = await remote.get('plant/line', {});
      const times = s.times;
      const values = s.values as Float64Array;
      chartData({ entries: [{ id: 1, count: times.length, first: times[0]!, last: times[times.length - 1]! }], readPoints: () => ({ times, values }), readRange: (_e, a, b) => ({ times: times.subarray(a, b), values: values.subarray(a, b) }), readBins: (es) => es.map(() => null) }, null, null, WIDTH);
      fetchMs.push(performance.now() - t);
      fetchRows = counter.rows;
    }

    // With the cache: a repeat with nothing changed (WAL position unmoved), and one after a write to
    // another tag (the WAL moved: the window's fingerprint is checked, one scan, one row back).
    cached = openRemote(store, { secrets, statementTimeoutMs: 1_800_000 });
    const cc = countRows(cached.client('plant'));
    await cached.chart('plant/line', { width: WIDTH });
    cc.rows = 0;
    let t = performance.now();
    await cached.chart('plant/line', { width: WIDTH });
    const hitMs = performance.now() - t;
    const hitRows = cc.rows;
    await db.query(`INSERT INTO plant.tag_data VALUES (2, now(), 1)`);
    cc.rows = 0;
    t = performance.now();
    await cached.chart('plant/line', { width: WIDTH });
    const fpMs = performance.now() - t;
    const fpRows = cc.rows;
    await db.end();

    const push = median(pushMs);
    const fetch = median(fetchMs);
    const layout = await remote.client('plant').probe();
    return [
      { name: `remote.load_${N / 1e6}M`, ms: loadMs, figure: N / (loadMs / 1000) / 1e6, unit: 'M rows/s', note: 'server-side generate_series + index (setup, not Strata)' },
      { name: `remote.envelope_pushdown_${N / 1e6}M_${WIDTH}px`, ms: push, figure: pushRows, unit: 'rows transferred', note: `${columns} columns, one (tag, time) index range each (server: ${layout.bucket} for aggregates)` },
      { name: `peer.fetch_all_and_decimate_${N / 1e6}M`, ms: fetch, figure: fetchRows, unit: 'rows transferred', note: 'COPY of every point + local chartData' },
      { name: 'ratio.fetch_all / pushdown (time)', figure: fetch / push },
      { name: 'ratio.fetch_all / pushdown (rows)', figure: fetchRows / pushRows },
      { name: 'remote.envelope_cached_unchanged', ms: hitMs, figure: hitRows, unit: 'rows transferred', note: 'WAL position unmoved: the cached envelope' },
      { name: 'remote.envelope_cached_fingerprint', ms: fpMs, figure: fpRows, unit: 'rows transferred', note: 'WAL moved elsewhere: one fingerprint scan, then the cached envelope' },
    ];
  } finally {
    await remote?.close();
    await cached?.close();
    await cluster.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}

// `npx tsx bench/remote.ts` runs this section alone.
if (import.meta.url === `file://${process.argv[1]}`) {
  for (const r of await benchRemote()) console.log(JSON.stringify(r));
}
