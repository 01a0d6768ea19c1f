// Remote tags as series, against a real PostgreSQL (a throwaway cluster; see cluster.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { Store } from '../../../core/store/store.js';
import { readSeries, seriesInfo, listAllSeries, evaluateInStore, registerFormula } from '../../../core/store/formulas.js';
import { addConnection, envOrPromptSecrets, openRemote, type RemoteSources } from '../../../core/remote/index.js';
import { constantSpans, newestSpans } from '../../../core/spans/index.js';
import { chartData } from '../../../core/store/chart.js';
import { pgUnavailable, type PgCluster } from './cluster.js';
import { addTag, startTenant, tenantClient, TENANT, us } from './fixture.js';
import { tempDir } from '../../helpers/cli.js';
import { resample, RESAMPLE_METHODS } from '../../../core/ops/resample.js';
import { sampleMetrics } from '../../../core/metrics/index.js';
import { createHandlers } from '../../../core/service/service.js';
import { dispatch } from '../../../core/service/dispatch.js';

const skip = pgUnavailable();
if (skip) console.warn(`skipping PostgreSQL tests: ${skip}`);

describe.skipIf(!!skip)('remote tags as series (PostgreSQL)', () => {
  let cluster: PgCluster;
  let db: pg.Client;
  let store: Store;
  let remote: RemoteSources;
  const tmp = tempDir('strata-remote-');

  // 1 Hz for 2 hours: a sine; plus steps for spans, a string tag, a tag with NULLs.
  const N = 7200;
  const t0 = us('2024-03-01T00:00:00Z');
  const sine: [string, number][] = Array.from({ length: N }, (_, i) => [new Date((t0 + i * 1e6) / 1000).toISOString(), Math.sin(i / 100) * 10 + (i === 4321 ? 50 : 0)]);

  beforeAll(async () => {
    cluster = await startTenant();
    db = await tenantClient(cluster);
    await addTag(db, 'temp', sine, { birth: '2024-02-01T00:00:00Z' });
    await addTag(db, 'valve', [
      ['2024-03-01T00:00:00Z', 1],
      ['2024-03-01T00:00:10Z', 1],
      ['2024-03-01T00:00:20Z', 0],
      ['2024-03-01T00:00:30Z', null],
      ['2024-03-01T00:00:40Z', null],
      ['2024-03-01T00:00:50Z', 1],
    ], { death: '2024-04-01T00:00:00Z' });
    await addTag(db, 'mode', [
      ['2024-03-01T00:00:00.000001Z', 'auto'],
      ['2024-03-01T00:01:00Z', 'auto'],
      ['2024-03-01T00:02:00Z', 'manual\ttab'],
    ], { string: true });
    store = new Store(`${tmp.dir}/s.db`);
    addConnection(store, { name: 'plant', host: cluster.host, port: cluster.port, database: TENANT.database, schema: TENANT.schema, user: TENANT.user, tls: { mode: 'prefer' } });
    remote = openRemote(store, { secrets: envOrPromptSecrets({ PGPASSWORD: TENANT.password }) });
  });

  afterAll(async () => {
    await remote?.close();
    store?.close();
    await db?.end();
    await cluster?.destroy();
    tmp.cleanup();
  });

  it('lists remote tags with value types, counts, bounds, birth and death', async () => {
    const all = await listAllSeries(store);
    const byName = Object.fromEntries(all.map((i) => [i.name, i]));
    expect(Object.keys(byName).sort()).toEqual(['plant/mode', 'plant/temp', 'plant/valve']);
    expect(byName['plant/temp']).toMatchObject({ kind: 'remote', valueType: 'float64', tzaware: true, count: N, first: t0, last: t0 + (N - 1) * 1e6 });
    expect(byName['plant/mode']).toMatchObject({ valueType: 'string', count: 3, first: t0 + 1 });
    expect(byName['plant/valve']!.deathAt).toBe(us('2024-04-01T00:00:00Z'));
    const info = await seriesInfo(store, 'plant/temp');
    expect(info).toMatchObject({ count: N, createdAt: us('2024-02-01T00:00:00Z'), revisions: 0 });
    await expect(seriesInfo(store, 'plant/nope')).rejects.toMatchObject({ code: 'unknown_series' });
  });

  it('reads value windows exactly (µs, inclusive bounds), strings with escapes, NULL as no value', async () => {
    const s = await readSeries(store, 'plant/temp', { from: t0 + 10e6, to: t0 + 20e6 });
    expect(s.times.length).toBe(11);
    expect(s.times[0]).toBe(t0 + 10e6);
    expect(Array.from(s.values as Float64Array)).toEqual(sine.slice(10, 21).map(([, v]) => v));
    const m = await readSeries(store, 'plant/mode');
    expect(m.valueType).toBe('string');
    expect(m.times[0]).toBe(t0 + 1);
    expect(m.values).toEqual(['auto', 'auto', 'manual\ttab']);
    const v = await readSeries(store, 'plant/valve');
    expect(Number.isNaN((v.values as Float64Array)[3]!)).toBe(true);
  });

  it('computes spans on the server with CVec semantics, like the local algorithm', async () => {
    const remoteSpans = await remote.spans('plant/valve', null, null, null);
    const local = newestSpans(constantSpans(await readSeries(store, 'plant/valve')));
    expect(remoteSpans.spans).toEqual(local);
    expect(remoteSpans.spans[0]).toEqual({ value: 1, begin: us('2024-03-01T00:00:50Z'), end: null });
    expect(remoteSpans.spans.map((x) => x.value)).toEqual([1, null, 0, 1]);
    // Half-open window: a span begins at the first point inside it.
    const w = await remote.spans('plant/valve', us('2024-03-01T00:00:10Z'), us('2024-03-01T00:00:50Z'), 2);
    expect(w.spans).toEqual([
      { value: null, begin: us('2024-03-01T00:00:30Z'), end: null },
      { value: 0, begin: us('2024-03-01T00:00:20Z'), end: us('2024-03-01T00:00:30Z') },
    ]);
  });

  it('pushes chart envelopes down: O(width) rows, exact min/max/first/last and their times', async () => {
    const width = 100;
    const env = await remote.chart('plant/temp', { width });
    expect(env.mode).toBe('columns');
    if (env.mode !== 'columns') return;
    expect(env.count).toBe(N);
    expect(env.columns.length).toBeLessThanOrEqual(width);
    // Compare every column with the same summary computed locally from all points.
    const all = await readSeries(store, 'plant/temp');
    const times = all.times;
    const vals = all.values as Float64Array;
    const stride = Math.ceil((times[N - 1]! - times[0]! + 1) / width);
    for (let k = 0; k < env.columns.length; k++) {
      const o = k * 8;
      const [tFirst, tLast, tMin, tMax, min, max, first, last] = Array.from(env.columns.data.subarray(o, o + 8));
      const idx = [...times.keys()].filter((i) => Math.floor((times[i]! - times[0]!) / stride) === Math.floor((tFirst! - times[0]!) / stride));
      const vs = idx.map((i) => vals[i]!);
      expect(tFirst).toBe(times[idx[0]!]);
      expect(tLast).toBe(times[idx[idx.length - 1]!]);
      expect(min).toBe(Math.min(...vs));
      expect(max).toBe(Math.max(...vs));
      expect(first).toBe(vs[0]);
      expect(last).toBe(vs[vs.length - 1]);
      expect(tMin).toBe(times[idx[vs.indexOf(min!)]!]);
      expect(tMax).toBe(times[idx[vs.indexOf(max!)]!]);
    }
    // The spike is in the envelope.
    const maxes = Array.from({ length: env.columns.length }, (_, k) => env.columns.data[k * 8 + 5]!);
    expect(Math.max(...maxes)).toBe(sine[4321]![1]);
    // Few points: raw mode, like the local store.
    const raw = await remote.chart('plant/temp', { width: 10, from: t0, to: t0 + 20e6 });
    expect(raw.mode).toBe('raw');
    // The local chart algorithm agrees on count.
    const local = chartData(
      {
        entries: [{ id: 1, count: N, first: times[0]!, last: times[N - 1]! }],
        readPoints: () => ({ times, values: vals }),
        readRange: (_e, a, b) => ({ times: times.subarray(a, b), values: vals.subarray(a, b) }),
        readBins: (es) => es.map(() => null),
      },
      null,
      null,
      width,
    );
    expect(local.mode === 'columns' && local.count).toBe(N);
  });

  it('evaluates formulas over remote series and registers formulas on them', async () => {
    const r = await evaluateInStore(store, '(add (series "plant/temp") (series "plant/valve" #:fill 0))', { from: t0, to: t0 + 60e6 });
    expect(r.kind).toBe('series');
    await registerFormula(store, 'temp_f', '(+ 32 (* 1.8 (series "plant/temp")))');
    const f = await readSeries(store, 'temp_f', { from: t0, to: t0 + 2e6 });
    expect(Array.from(f.values as Float64Array)).toEqual(sine.slice(0, 3).map(([, v]) => v * 1.8 + 32));
  });

  it('refuses writes to remote series and local names under a connection', async () => {
    const pts = { tzaware: true, valueType: 'float64' as const, times: Float64Array.of(t0), values: Float64Array.of(1) };
    expect(() => store.update('plant/temp', pts)).toThrow(/read-only/);
    expect(() => store.update('plant/new', pts)).toThrow(/read-only/);
    expect(() => store.delete('plant/temp')).toThrow(/read-only/);
    await expect(registerFormula(store, 'plant/f', '(series "plant/temp")')).rejects.toMatchObject({ code: 'read_only_series' });
  });

  it('computes bucketed aggregates on the server (date_bin) exactly like core/ops resample', async () => {
    const layout = await remote.client('plant').probe();
    expect(layout.bucket).toBe('date_bin');
    for (const series of ['plant/temp', 'plant/valve']) {
      const all = await readSeries(store, series);
      for (const method of RESAMPLE_METHODS.filter((m) => m !== 'locf')) {
        for (const width of [7e6, 3600e6]) {
          const r = await remote.aggregate(series, width, method as never, null, null);
          const l = resample(all, width, method);
          expect(Array.from(r.times)).toEqual(Array.from(l.times));
          const rv = Array.from(r.values as Float64Array);
          const lv = Array.from(l.values as Float64Array);
          rv.forEach((v, k) => (Number.isNaN(lv[k]!) ? expect(v).toBeNaN() : expect(v).toBeCloseTo(lv[k]!, 9)));
        }
      }
    }
  });

  it('samples remote tags LOCF on the server like metrics sample does locally', async () => {
    // The same data as a local series: the local algorithm is the reference.
    const local = new Store(`${tmp.dir}/local.db`);
    for (const name of ['temp', 'valve', 'mode']) local.update(name, await readSeries(store, `plant/${name}`));
    const lo = t0 + 3_500_000;
    const hi = t0 + 3_600e6 + 123;
    for (const [bucket, name] of [[60e6, 'temp'], [7e6, 'temp'], [45e6, 'mode']] as const) {
      const ref = sampleMetrics(local, [name], bucket, lo, hi);
      const b0 = Math.floor(lo / bucket) * bucket;
      const got = await remote.locfSample(`plant/${name}`, { b0, width: bucket, nb: ref.times.length, lo, hi });
      const want = Array.from(ref.columns[name] as ArrayLike<number | string | null>);
      const have = Array.from(got as ArrayLike<number | string | null>);
      expect(have.length).toBe(want.length);
      have.forEach((v, k) => (typeof want[k] === 'number' ? (Number.isNaN(want[k]) ? expect(v).toBeNaN() : expect(v).toBeCloseTo(want[k] as number, 9)) : expect(v).toBe(want[k])));
    }
    local.close();
    // NULL is "no value": its time counts in no average (the valve has none from :30 to :50).
    const v = await remote.locfSample('plant/valve', { b0: t0, width: 10e6, nb: 7, lo: t0, hi: t0 + 70e6 });
    expect(Array.from(v as Float64Array)).toEqual([1, 1, 0, NaN, NaN, 1, 1]);
    const half = await remote.locfSample('plant/valve', { b0: t0, width: 40e6, nb: 1, lo: t0 + 15e6, hi: t0 + 35e6 });
    // [15, 20) at 1 and [20, 30) at 0, [30, 35) no value: (5·1 + 10·0) / 15.
    expect((half as Float64Array)[0]).toBeCloseTo(1 / 3, 12);
  });

  it('serves remote series through the service contract: list, info, get, chart envelopes, spans, tags', async () => {
    const h = createHandlers(store);
    const call = async (m: string, args: unknown) => {
      const r = await dispatch(h, m, args);
      if (!r.ok) throw new Error(JSON.stringify(r.error));
      return r.value as any;
    };
    const list = await call('series.list', {});
    expect(list.find((s: any) => s.name === 'plant/temp')).toMatchObject({ kind: 'remote', count: N });
    expect((await call('series.info', { name: 'plant/mode' })).valueType).toBe('string');
    const get = await call('series.get', { name: 'plant/temp', from: t0, to: t0 + 4e6 });
    expect(get.times).toEqual([t0, t0 + 1e6, t0 + 2e6, t0 + 3e6, t0 + 4e6]);
    expect(get.notice).toBeUndefined();
    const env = await call('chart.envelope', { name: 'plant/temp', width: 200 });
    expect(env.mode).toBe('columns');
    expect(env.count).toBe(N);
    expect(env.min.length).toBeLessThanOrEqual(200);
    expect(Math.max(...env.max)).toBe(sine[4321]![1]);
    expect((await call('spans.constant', { name: 'plant/valve', limit: 1 }))).toEqual([{ value: 1, begin: us('2024-03-01T00:00:50Z'), end: null }]);
    expect((await call('tags.list', {})).map((t: any) => t.name)).toEqual(expect.arrayContaining(['plant/temp', 'plant/valve', 'plant/mode']));
    const strChart = await dispatch(h, 'chart.envelope', { name: 'plant/mode', width: 10 });
    expect(strChart.ok === false && strChart.error.code).toBe('value_type_mismatch');
  });
});
