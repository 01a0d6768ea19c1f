// The local cache of remote answers: reuse while the data has not changed, refetch when it has, serve
// (and say so) when the server is away; and the failures: bad credentials, a server lost mid-query.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type pg from 'pg';
import { Store } from '../../../core/store/store.js';
import { listAllSeries, readSeries, seriesInfo } from '../../../core/store/formulas.js';
import { addConnection, envOrPromptSecrets, openRemote, type RemoteSources } from '../../../core/remote/index.js';
import { pgUnavailable, type PgCluster } from './cluster.js';
import { addTag, adminClient, startTenant, tenantClient, TENANT, us } from './fixture.js';
import { tempDir } from '../../helpers/cli.js';

const skip = pgUnavailable();
if (skip) console.warn(`skipping PostgreSQL tests: ${skip}`);

describe.skipIf(!!skip)('remote cache and failures (PostgreSQL)', () => {
  let cluster: PgCluster;
  let db: pg.Client;
  let store: Store;
  let remote: RemoteSources;
  const notices: string[] = [];
  const tmp = tempDir('strata-remote-cache-');
  const t0 = us('2024-05-01T00:00:00Z');
  const iso = (k: number) => new Date((t0 + k * 1e6) / 1000).toISOString();
  let tagId = 0;

  const conn = (name: string) => ({ name, host: cluster.host, port: cluster.port, database: TENANT.database, schema: TENANT.schema, user: TENANT.user, tls: { mode: 'disable' as const } });

  beforeAll(async () => {
    cluster = await startTenant();
    db = await tenantClient(cluster);
    tagId = await addTag(db, 'flow', Array.from({ length: 1000 }, (_, k) => [iso(k), k % 7] as [string, number]));
    store = new Store(`${tmp.dir}/s.db`);
    addConnection(store, conn('plant'));
    remote = openRemote(store, { secrets: envOrPromptSecrets({ PGPASSWORD: TENANT.password }), onNotice: (n) => notices.push(n.message), connectTimeoutMs: 2000 });
  });

  afterAll(async () => {
    await remote?.close();
    store?.close();
    await db?.end().catch(() => {});
    await cluster?.destroy();
    tmp.cleanup();
  });

  it('reuses a cached window while the data is unchanged, refetches when it changes', async () => {
    const client = remote.client('plant');
    const copies = vi.spyOn(client, 'copyPoints');
    const queries = vi.spyOn(client, 'query');
    const fingerprints = () => queries.mock.calls.filter(([s]) => /count\(tag_value\)/.test(s)).length;
    const w = { from: t0, to: t0 + 99e6 };
    expect((await readSeries(store, 'plant/flow', w)).times.length).toBe(100);
    expect(copies).toHaveBeenCalledTimes(1);
    const fp = fingerprints();
    // Nothing changed: no point crosses the wire again; the unmoved WAL position says so without a scan.
    expect((await readSeries(store, 'plant/flow', w)).times.length).toBe(100);
    expect(copies).toHaveBeenCalledTimes(1);
    expect(fingerprints()).toBe(fp);
    // A sub-window of a cached window is cut from it.
    const sub = await readSeries(store, 'plant/flow', { from: t0 + 10e6, to: t0 + 19e6 });
    expect(sub.times.length).toBe(10);
    expect(sub.times[0]).toBe(t0 + 10e6);
    expect(copies).toHaveBeenCalledTimes(1);
    // A write elsewhere (outside the window) moves the WAL but not the window's fingerprint: still cached.
    await db.query(`INSERT INTO plant.tag_data VALUES ($1, $2, 42)`, [tagId, iso(5000)]);
    expect((await readSeries(store, 'plant/flow', w)).times.length).toBe(100);
    expect(copies).toHaveBeenCalledTimes(1);
    // A value changed inside the window: refetched, and the new value is there.
    await db.query(`UPDATE plant.tag_data SET tag_value = -1 WHERE tag_name_id = $1 AND tag_value_changed_at = $2`, [tagId, iso(50)]);
    const after = await readSeries(store, 'plant/flow', w);
    expect(copies).toHaveBeenCalledTimes(2);
    expect((after.values as Float64Array)[50]).toBe(-1);
    // A point inserted inside the window: refetched.
    await db.query(`INSERT INTO plant.tag_data VALUES ($1, $2, 3.5)`, [tagId, new Date((t0 + 50.5e6) / 1000).toISOString()]);
    expect((await readSeries(store, 'plant/flow', w)).times.length).toBe(101);
    expect(copies).toHaveBeenCalledTimes(3);
    copies.mockRestore();
    queries.mockRestore();
  });

  it('caches envelopes and spans the same way', async () => {
    const client = remote.client('plant');
    const queries = vi.spyOn(client, 'query');
    const a = await remote.chart('plant/flow', { width: 20 });
    const envelopeRuns = () => queries.mock.calls.filter(([s]) => /CROSS JOIN LATERAL/.test(s)).length;
    expect(envelopeRuns()).toBe(1);
    const b = await remote.chart('plant/flow', { width: 20 });
    expect(envelopeRuns()).toBe(1);
    expect(b).toEqual(a);
    const s1 = await remote.spans('plant/flow', null, null, 5);
    const spanRuns = () => queries.mock.calls.filter(([s]) => /lag\(/.test(s)).length;
    await remote.spans('plant/flow', null, null, 5);
    expect(spanRuns()).toBe(1);
    expect(s1.spans).toHaveLength(5);
    queries.mockRestore();
  });

  it('fails clearly on a bad password or none, and asks a prompt once', async () => {
    const s2 = new Store(`${tmp.dir}/bad.db`);
    addConnection(s2, conn('plant'));
    const bad = openRemote(s2, { secrets: envOrPromptSecrets({ PGPASSWORD: 'wrong' }) });
    await expect(readSeries(s2, 'plant/flow')).rejects.toMatchObject({ code: 'remote_auth', message: expect.stringMatching(/authentication failed for user plant/) });
    // A listing still works, without that connection's tags, and says why.
    s2.update('local', { tzaware: true, valueType: 'float64', times: Float64Array.of(t0), values: Float64Array.of(1) });
    expect((await listAllSeries(s2)).map((i) => i.name)).toEqual(['local']);
    expect(bad.takeNotices()).toEqual([expect.stringMatching(/^connection plant cannot be read: its tags are not listed \(.*authentication failed/)]);
    await bad.close();
    const none = openRemote(s2, { secrets: envOrPromptSecrets({}) });
    await expect(readSeries(s2, 'plant/flow')).rejects.toMatchObject({ code: 'remote_auth', message: expect.stringMatching(/PGPASSWORD/) });
    await none.close();
    const prompt = vi.fn(async (_question: string) => TENANT.password);
    const prompted = openRemote(s2, { secrets: envOrPromptSecrets({}, prompt) });
    expect((await readSeries(s2, 'plant/flow', { from: t0, to: t0 })).times.length).toBe(1);
    await readSeries(s2, 'plant/flow', { from: t0 + 1e6, to: t0 + 1e6 });
    expect(prompt).toHaveBeenCalledTimes(1);
    expect(prompt.mock.calls[0]![0]).toMatch(/password for plant@127\.0\.0\.1/);
    await prompted.close();
    s2.close();
  });

  it('reports a server lost in the middle of a query, and keeps working afterwards', async () => {
    const admin = await adminClient(cluster);
    await admin.query('BEGIN');
    await admin.query('LOCK TABLE plant.tag_data IN ACCESS EXCLUSIVE MODE');
    // Our query waits on the lock; then the server ends its session.
    const pending = readSeries(store, 'plant/flow', { from: t0 + 500e6, to: t0 + 600e6 }).then(
      () => null,
      (e: unknown) => e,
    );
    const killer = await adminClient(cluster);
    for (let i = 0; i < 100; i++) {
      const r = await killer.query(`SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE application_name = 'strata' AND wait_event_type = 'Lock'`);
      if (r.rows.length) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(await pending).toMatchObject({ code: 'remote_unavailable', message: expect.stringMatching(/lost the server while/) });
    await admin.query('ROLLBACK');
    await admin.end();
    await killer.end();
    expect((await readSeries(store, 'plant/flow', { from: t0 + 500e6, to: t0 + 600e6 })).times.length).toBe(101);
  });

  it('works offline on what is cached, says so, and refuses what is not cached', async () => {
    const w = { from: t0, to: t0 + 99e6 };
    const before = await readSeries(store, 'plant/flow', w);
    const info = await seriesInfo(store, 'plant/flow');
    await listAllSeries(store);
    await db.end();
    await cluster.stop('fast');
    // A fresh source (a new command, the app restarted) with the server down.
    await remote.close();
    notices.length = 0;
    remote = openRemote(store, { secrets: envOrPromptSecrets({ PGPASSWORD: TENANT.password }), onNotice: (n) => notices.push(n.message), connectTimeoutMs: 2000 });
    const s = await readSeries(store, 'plant/flow', w);
    expect(Array.from(s.times)).toEqual(Array.from(before.times));
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(/connection plant is unreachable .*answering from the cache of \d{4}-/);
    const offlineInfo = await seriesInfo(store, 'plant/flow');
    expect(offlineInfo.count).toBe(info.count);
    expect(offlineInfo.metadata).toMatchObject({ offline: true });
    expect((await listAllSeries(store)).map((i) => i.name)).toContain('plant/flow');
    await expect(readSeries(store, 'plant/flow', { from: t0 + 900e6, to: t0 + 950e6 })).rejects.toMatchObject({
      code: 'remote_unavailable',
      message: expect.stringMatching(/nothing cached answers this request/),
    });
    // Back online: fresh answers again.
    await cluster.start();
    db = await tenantClient(cluster);
    expect((await readSeries(store, 'plant/flow', { from: t0 + 900e6, to: t0 + 950e6 })).times.length).toBe(51);
  });
});
