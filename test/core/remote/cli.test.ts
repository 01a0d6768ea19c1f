// `strata connect ...` and remote series in every command that takes a series, end to end (real PostgreSQL).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type pg from 'pg';
import { cli, tempDir, writeInput } from '../../helpers/cli.js';
import { pgUnavailable, type PgCluster } from './cluster.js';
import { addTag, startTenant, tenantClient, TENANT, us } from './fixture.js';

const skip = pgUnavailable();
if (skip) console.warn(`skipping PostgreSQL tests: ${skip}`);

const EXAMPLES = join(import.meta.dirname, '..', '..', '..', 'plugins', 'examples');

describe.skipIf(!!skip)('strata connect and remote series (PostgreSQL)', () => {
  let cluster: PgCluster;
  let db: pg.Client;
  const tmp = tempDir('strata-remote-cli-');
  const store = join(tmp.dir, 's.db');
  const env = { PGPASSWORD: TENANT.password };
  let url = '';
  const t0 = us('2024-07-01T00:00:00Z');
  const iso = (s: number) => new Date((t0 + s * 1e6) / 1000).toISOString();
  let tempId = 0;

  const run = (args: string[], e: Record<string, string> = env) => cli([...args, '--db', store], { env: e });

  beforeAll(async () => {
    cluster = await startTenant();
    db = await tenantClient(cluster);
    tempId = await addTag(db, 'temp', Array.from({ length: 600 }, (_, s) => [iso(s), 20 + (s % 60) / 10] as [string, number]), { birth: '2024-06-30T00:00:00Z' });
    await addTag(db, 'valve', [[iso(0), 1], [iso(10), 1], [iso(20), 0], [iso(30), 1]]);
    await addTag(db, 'mode', [[iso(0), 'auto'], [iso(300), 'manual']], { string: true });
    url = `${cluster.url(TENANT.user, TENANT.database)}?sslmode=disable`;
  });

  afterAll(async () => {
    await db?.end().catch(() => {});
    await cluster?.destroy();
    tmp.cleanup();
  });

  it('refuses a password in the URL, a bad password, and a schema that is not CVec-style — adding nothing', async () => {
    const inUrl = await run(['connect', 'add', 'plant', '--url', url.replace('plant@', 'plant:pw@'), '--schema', 'plant', '--json']);
    expect(inUrl.code).toBe(2);
    expect(inUrl.json().error).toMatchObject({ code: 'bad_url', message: expect.stringMatching(/PGPASSWORD/) });
    const bad = await run(['connect', 'add', 'plant', '--url', url, '--schema', 'plant', '--json'], { PGPASSWORD: 'nope' });
    expect(bad.code).toBe(1);
    expect(bad.json().error.code).toBe('remote_auth');
    const wrongSchema = await run(['connect', 'add', 'plant', '--url', url, '--schema', 'public', '--json']);
    expect(wrongSchema.code).toBe(1);
    expect(wrongSchema.json().error).toMatchObject({ code: 'remote_schema', message: expect.stringMatching(/has no tag_names, tag_data, tag_data_str/) });
    expect((await run(['connect', 'list', '--json'])).json()).toEqual([]);
  });

  it('adds, lists (never a password) and tests a connection', async () => {
    // The schema defaults to the user name, as CVec names tenant schemas.
    const add = await run(['connect', 'add', 'plant', '--url', url, '--json']);
    expect(add.code).toBe(0);
    expect(add.json()).toMatchObject({ name: 'plant', schema: 'plant', user: 'plant', database: TENANT.database, tls: { mode: 'disable' }, test: { tags: 3, bucket: 'date_bin', tzaware: true } });
    const list = await run(['connect', 'list', '--json']);
    expect(list.json()).toHaveLength(1);
    expect(list.json()[0]).toMatchObject({ name: 'plant', url, port: cluster.port, password: 'from $PGPASSWORD or a prompt' });
    expect(list.stdout).not.toContain(TENANT.password);
    const test = await run(['connect', 'test', 'plant', '--json']);
    expect(test.code).toBe(0);
    expect(test.json()).toMatchObject({ name: 'plant', user: 'plant', schema: 'plant', timescale: null, tags: 3 });
    expect(test.json().server).toMatch(/^PostgreSQL \d+/);
    const dup = await run(['connect', 'add', 'plant', '--url', url, '--json']);
    expect(dup.json().error.code).toBe('connection_exists');
    const noPw = await run(['connect', 'test', 'plant', '--json'], {});
    expect(noPw.code).toBe(1);
    expect(noPw.json().error).toMatchObject({ code: 'remote_auth', message: expect.stringMatching(/set \$PGPASSWORD/) });
  });

  it('shows remote tags in series list/info and reads them with series get', async () => {
    const list = (await run(['series', 'list', '--json'])).json();
    expect(list.find((s: any) => s.name === 'plant/temp')).toEqual({
      name: 'plant/temp',
      kind: 'remote',
      value_type: 'float64',
      tzaware: true,
      unit: '',
      count: 600,
      first: '2024-07-01T00:00:00Z',
      last: '2024-07-01T00:09:59Z',
    });
    expect(list.find((s: any) => s.name === 'plant/mode')).toMatchObject({ value_type: 'string', count: 2 });
    const info = (await run(['series', 'info', 'plant/temp', '--json'])).json();
    expect(info).toMatchObject({ kind: 'remote', created_at: '2024-06-30T00:00:00Z', revisions: 0, metadata: { connection: 'plant', tag: 'temp', tag_id: tempId } });
    const get = await run(['series', 'get', 'plant/temp', '--from', iso(1), '--to', iso(3), '--json']);
    expect(get.json()).toEqual({ name: 'plant/temp', points: [[iso(1).replace('.000', ''), 20.1], [iso(2).replace('.000', ''), 20.2], [iso(3).replace('.000', ''), 20.3]] });
    const csv = await run(['series', 'get', 'plant/mode', '--csv']);
    expect(csv.stdout).toBe('timestamp,value\n2024-07-01T00:00:00Z,auto\n2024-07-01T00:05:00Z,manual\n');
    const hist = await run(['series', 'history', 'plant/temp', '--json']);
    expect(hist.code).toBe(1);
    expect(hist.json().error.code).toBe('not_versioned');
    const missing = await run(['series', 'get', 'plant/none', '--json']);
    expect(missing.json().error.code).toBe('unknown_series');
  });

  it('refuses writes to remote series', async () => {
    const f = writeInput(tmp.dir, 'p.json', [[iso(0), 1]]);
    for (const args of [['series', 'put', 'plant/temp', f], ['series', 'put', 'plant/new', f], ['series', 'delete', 'plant/temp'], ['series', 'rename', 'plant/temp', 'x']]) {
      const r = await run([...args, '--json']);
      expect(r.code).toBe(1);
      expect(r.json().error.code).toBe('read_only_series');
    }
  });

  it('runs spans, tags, metrics and metrics sample on remote tags', async () => {
    const spans = (await run(['spans', 'plant/valve', '--json'])).json();
    expect(spans).toEqual([
      { name: 'plant/valve', value: 1, begin: '2024-07-01T00:00:30Z', end: null },
      { name: 'plant/valve', value: 0, begin: '2024-07-01T00:00:20Z', end: '2024-07-01T00:00:30Z' },
      { name: 'plant/valve', value: 1, begin: '2024-07-01T00:00:00Z', end: '2024-07-01T00:00:20Z' },
    ]);
    const tags = (await run(['tags', '--from', iso(100), '--to', iso(200), '--json'])).json();
    expect(tags.map((t: any) => t.name)).toEqual(['plant/temp']);
    expect(tags[0].birth_at).toBe('2024-06-30T00:00:00Z');
    const rows = (await run(['metrics', '--tags', 'plant/valve,plant/mode', '--from', iso(0), '--to', iso(20), '--json'])).json();
    expect(rows).toEqual([
      { tag_name: 'plant/mode', time: '2024-07-01T00:00:00Z', value: 'auto' },
      { tag_name: 'plant/valve', time: '2024-07-01T00:00:00Z', value: 1 },
      { tag_name: 'plant/valve', time: '2024-07-01T00:00:10Z', value: 1 },
    ]);
    const sample = (await run(['metrics', 'sample', '--bucket', '1min', '--tags', 'plant/temp', '--from', iso(0), '--to', iso(120), '--json'])).json();
    expect(sample.time).toEqual(['2024-07-01T00:00:00Z', '2024-07-01T00:01:00Z']);
    expect(sample.tags['plant/temp'][0]).toBeCloseTo(22.95, 9);
  });

  it('uses remote series in formulas, workflows and plugin analyses', async () => {
    const ev = await run(['formula', 'eval', '(* 2 (series "plant/temp"))', '--from', iso(0), '--to', iso(1), '--json']);
    expect(ev.json()).toEqual({ points: [['2024-07-01T00:00:00Z', 40], ['2024-07-01T00:00:01Z', 40.2]] });
    const reg = await run(['formula', 'register', 'temp_f', '(+ 32 (* 1.8 (series "plant/temp")))']);
    expect(reg.code).toBe(0);
    expect((await run(['series', 'get', 'temp_f', '--to', iso(0), '--json'])).json().points).toEqual([['2024-07-01T00:00:00Z', 68]]);

    const wf = writeInput(tmp.dir, 'wf.json', {
      name: 'remote',
      nodes: [
        { id: 'raw', op: 'series', config: { name: 'plant/temp' }, inputs: [] },
        { id: 'f', op: 'formula', config: { text: '(+ 1 (series "plant/valve"))' }, inputs: [] },
      ],
    });
    const first = (await run(['workflow', 'run', wf, '--json'])).json();
    expect(first.nodes.map((n: any) => n.status)).toEqual(['ran', 'ran']);
    const again = (await run(['workflow', 'run', wf, '--json'])).json();
    expect(again.nodes.map((n: any) => n.status)).toEqual(['cached', 'cached']);
    // New data on the server reruns what reads it, and only that.
    await db.query('INSERT INTO plant.tag_data VALUES ($1, $2, 99)', [tempId, iso(600)]);
    const third = (await run(['workflow', 'run', wf, '--json'])).json();
    expect(third.nodes.map((n: any) => [n.id, n.status])).toEqual([['raw', 'ran'], ['f', 'cached']]);

    const a = await run(['analyze', 'count_points', 'plant/temp', '--library', EXAMPLES, '--json']);
    expect(a.code).toBe(0);
    expect(JSON.stringify(a.json())).toContain('601');
  });

  it('exports series to the connection idempotently and aggregates on the server', async () => {
    const f = writeInput(tmp.dir, 'loc.json', Array.from({ length: 100 }, (_, s) => [iso(s), s]));
    expect((await run(['series', 'put', 'local', f])).code).toBe(0);
    const ex = await run(['connect', 'export', 'plant', 'local', 'temp_f', '--tag-prefix', 'lab.', '--json']);
    expect(ex.code).toBe(0);
    expect(ex.json().series.map((s: any) => [s.tag, s.added, s.changed])).toEqual([['lab.local', 100, 0], ['lab.temp_f', 601, 0]]);
    const again = await run(['connect', 'export', 'plant', 'local', 'temp_f', '--tag-prefix', 'lab.', '--json']);
    expect(again.json().series.map((s: any) => [s.added, s.changed, s.deleted])).toEqual([[0, 0, 0], [0, 0, 0]]);
    expect((await run(['series', 'get', 'plant/lab.local', '--from', iso(99), '--json'])).json().points).toEqual([['2024-07-01T00:01:39Z', 99]]);

    const agg = await run(['connect', 'aggregate', 'plant/lab.local', '--bucket', '10s', '--method', 'max', '--json']);
    expect(agg.json().points.slice(0, 2)).toEqual([['2024-07-01T00:00:00Z', 9], ['2024-07-01T00:00:10Z', 19]]);
    const notRemote = await run(['connect', 'aggregate', 'local', '--bucket', '10s', '--json']);
    expect(notRemote.json().error.code).toBe('bad_input');
  });

  it('answers from the cache when the server is down, with a notice on stderr; removing a connection drops its series', async () => {
    const w = ['--from', iso(1), '--to', iso(3)];
    expect((await run(['series', 'get', 'plant/temp', ...w, '--json'])).code).toBe(0);
    await db.end();
    await cluster.stop('fast');
    const r = await run(['series', 'get', 'plant/temp', ...w, '--json']);
    expect(r.code).toBe(0);
    expect(r.json().points).toHaveLength(3);
    expect(r.stderr).toMatch(/^notice: connection plant is unreachable/);
    // (plant/temp was read whole by the analysis: any window of it is cached; this one of lab.local is not.)
    const uncached = await run(['series', 'get', 'plant/lab.local', '--from', iso(50), '--json']);
    expect(uncached.code).toBe(1);
    expect(uncached.json().error.code).toBe('remote_unavailable');
    // Local work is unaffected.
    expect((await run(['series', 'get', 'local', '--to', iso(0), '--json'])).json().points).toEqual([['2024-07-01T00:00:00Z', 0]]);
    await cluster.start();
    // Editing drops the cache (it may be another server now); the connection works as edited.
    expect((await run(['connect', 'list', '--json'])).json()[0].cache.entries).toBeGreaterThan(0);
    const edit = await run(['connect', 'edit', 'plant', '--sslmode', 'prefer', '--json']);
    expect(edit.json()).toMatchObject({ name: 'plant', tls: { mode: 'prefer' }, schema: 'plant' });
    expect((await run(['connect', 'list', '--json'])).json()[0].cache.entries).toBe(0);
    expect((await run(['connect', 'test', 'plant', '--json'])).json()).toMatchObject({ tls: false, tags: 5 });
    const badEdit = await run(['connect', 'edit', 'plant', '--url', 'postgresql://h/db', '--json']);
    expect(badEdit.code).toBe(2);
    const rm = await run(['connect', 'remove', 'plant', '--json']);
    expect(rm.json()).toEqual({ removed: 'plant' });
    expect((await run(['series', 'get', 'plant/temp', '--json'])).json().error.code).toBe('unknown_series');
  });
});
