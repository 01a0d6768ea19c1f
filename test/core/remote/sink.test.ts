// Strata series into a CVec-style schema with COPY: idempotent, changed points only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { Store } from '../../../core/store/store.js';
import { seriesEqual } from '../../../core/series/series.js';
import { readSeries, registerFormula } from '../../../core/store/formulas.js';
import { addConnection, envOrPromptSecrets, exportToRemote, openRemote, type RemoteSources } from '../../../core/remote/index.js';
import { pgUnavailable, type PgCluster } from './cluster.js';
import { adminClient, startTenant, tenantClient, TENANT, us } from './fixture.js';
import { tempDir } from '../../helpers/cli.js';

const skip = pgUnavailable();
if (skip) console.warn(`skipping PostgreSQL tests: ${skip}`);

describe.skipIf(!!skip)('export to PostgreSQL (CVec layout)', () => {
  let cluster: PgCluster;
  let db: pg.Client;
  let store: Store;
  let remote: RemoteSources;
  const tmp = tempDir('strata-sink-');
  const t0 = us('2024-06-01T00:00:00Z');
  const N = 50_000;

  const series = (times: number[], values: number[]) => ({ tzaware: true, valueType: 'float64' as const, times: Float64Array.from(times), values: Float64Array.from(values) });

  beforeAll(async () => {
    cluster = await startTenant();
    db = await tenantClient(cluster);
    const admin = await adminClient(cluster);
    await admin.query(`CREATE SCHEMA other AUTHORIZATION ${TENANT.user}`);
    await admin.end();
    store = new Store(`${tmp.dir}/s.db`);
    store.update('flow', series(Array.from({ length: N }, (_, i) => t0 + i * 1e6), Array.from({ length: N }, (_, i) => (i % 100) / 4)));
    store.update('state', { tzaware: true, valueType: 'string', times: Float64Array.of(t0, t0 + 5e6), values: ['on', 'off\tline'] });
    await registerFormula(store, 'flow_x2', '(* 2 (series "flow"))');
    addConnection(store, { name: 'plant', host: cluster.host, port: cluster.port, database: TENANT.database, schema: TENANT.schema, user: TENANT.user, tls: { mode: 'disable' } });
    remote = openRemote(store, { secrets: envOrPromptSecrets({ PGPASSWORD: TENANT.password }) });
  });

  afterAll(async () => {
    await remote?.close();
    store?.close();
    await db?.end();
    await cluster?.destroy();
    tmp.cleanup();
  });

  it('writes primary, formula and string series as tags that read back identical', async () => {
    const r = await exportToRemote(store, remote, 'plant', ['flow', 'flow_x2', 'state']);
    expect(r.series.map((s) => [s.tag, s.table, s.added, s.changed, s.created])).toEqual([
      ['flow', 'tag_data', N, 0, true],
      ['flow_x2', 'tag_data', N, 0, true],
      ['state', 'tag_data_str', 2, 0, true],
    ]);
    const back = await readSeries(store, 'plant/flow');
    const local = await readSeries(store, 'flow');
    // (seriesEqual: vitest's deep equality is slow on big arrays.)
    expect(back.times.length).toBe(N);
    expect(seriesEqual(back, local)).toBe(true);
    expect((await readSeries(store, 'plant/flow_x2', { from: t0 + 3e6, to: t0 + 3e6 })).values).toEqual(Float64Array.of(1.5));
    expect((await readSeries(store, 'plant/state')).values).toEqual(['on', 'off\tline']);
    // The metrics view of the CVec layout sees them.
    const m = await db.query(`SELECT count(*)::int AS n FROM plant.metrics WHERE metric = 'flow'`);
    expect(m.rows[0].n).toBe(N);
    const birth = await db.query(`SELECT birth_at FROM plant.tag_names WHERE normalized_name = 'flow'`);
    expect((birth.rows[0].birth_at as Date).getTime() * 1000).toBe(t0);
  });

  it('is idempotent: exporting again writes nothing; a change writes only the changed points', async () => {
    const again = await exportToRemote(store, remote, 'plant', ['flow', 'state']);
    expect(again.series.map((s) => [s.added, s.changed, s.deleted, s.created])).toEqual([
      [0, 0, 0, false],
      [0, 0, 0, false],
    ]);
    store.update('flow', series([t0 + 10e6, t0 + 11e6, t0 + N * 1e6, t0 + (N + 1) * 1e6], [-1, -2, 7, 8]));
    const r = await exportToRemote(store, remote, 'plant', ['flow']);
    expect(r.series[0]).toMatchObject({ added: 2, changed: 2, deleted: 0 });
    const n = await db.query(`SELECT count(*)::int AS n FROM plant.tag_data d JOIN plant.tag_names t ON t.id = d.tag_name_id WHERE t.normalized_name = 'flow'`);
    expect(n.rows[0].n).toBe(N + 2);
    expect(Array.from((await readSeries(store, 'plant/flow', { from: t0 + 10e6, to: t0 + 11e6 })).values as Float64Array)).toEqual([-1, -2]);
  });

  it('replace mode deletes the tag points the series no longer has', async () => {
    store.replace('flow', series([t0, t0 + 1e6], [1, 2]));
    const r = await exportToRemote(store, remote, 'plant', ['flow'], { mode: 'replace' });
    expect(r.series[0]).toMatchObject({ deleted: N, changed: 2 });
    expect((await readSeries(store, 'plant/flow')).times.length).toBe(2);
  });

  it('creates the layout in another schema, with a tag prefix', async () => {
    const r = await exportToRemote(store, remote, 'plant', ['state'], { schema: 'other', tagPrefix: 'lab.' });
    expect(r.schema).toBe('other');
    const got = await db.query(`SELECT t.normalized_name, d.tag_value FROM other.tag_data_str d JOIN other.tag_names t ON t.id = d.tag_name_id ORDER BY d.tag_value_changed_at`);
    expect(got.rows).toEqual([
      { normalized_name: 'lab.state', tag_value: 'on' },
      { normalized_name: 'lab.state', tag_value: 'off\tline' },
    ]);
  });

  it('refuses naive series into instants, unknown series, and exporting a tag onto itself — before writing anything', async () => {
    store.update('naive', { tzaware: false, valueType: 'float64', times: Float64Array.of(t0), values: Float64Array.of(1) });
    await expect(exportToRemote(store, remote, 'plant', ['naive'])).rejects.toMatchObject({ code: 'tz_mismatch' });
    await expect(exportToRemote(store, remote, 'plant', ['state', 'missing'])).rejects.toMatchObject({ code: 'unknown_series' });
    await expect(exportToRemote(store, remote, 'plant', ['plant/flow'])).rejects.toThrow(/already a series of connection plant/);
    const n = await db.query(`SELECT count(*)::int AS n FROM plant.tag_names WHERE normalized_name IN ('naive', 'missing')`);
    expect(n.rows[0].n).toBe(0);
  });
});
