import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiEvent } from '../../../core/protocol/events.js';
import type { ApiArgs, ApiMethod } from '../../../core/protocol/contract.js';
import type { ApiResults, Envelope, WorkflowJob } from '../../../core/protocol/types.js';
import type { Result } from '../../../core/protocol/result.js';
import { parseInstant, pointsFromWire } from '../../../core/series/index.js';
import { dispatch } from '../../../core/service/dispatch.js';
import { createHandlers, type Handlers } from '../../../core/service/service.js';
import { EnginePlugins } from '../../../core/service/plugins.js';
import { registerFormula } from '../../../core/store/formulas.js';
import { Store } from '../../../core/store/index.js';

const EXAMPLES = join(import.meta.dirname, '..', '..', '..', 'plugins', 'examples');
const d = (s: string) => parseInstant(s);
const H = 3600e6;

let stores: Store[] = [];
let engines: EnginePlugins[] = [];
afterEach(() => {
  for (const s of stores) s.close();
  for (const e of engines) e.dispose();
  stores = [];
  engines = [];
});

function setup(libraries: string[] = [], withPlugins = false) {
  const store = new Store(':memory:');
  stores.push(store);
  const events: ApiEvent[] = [];
  const plugins = withPlugins ? new EnginePlugins(libraries) : undefined;
  if (plugins) engines.push(plugins);
  const handlers = createHandlers(store, { emit: (e) => events.push(e), libraries, ...(plugins ? { plugins } : {}) });
  const call = async <M extends ApiMethod>(m: M, args: ApiArgs<M>): Promise<Result<ApiResults[M]>> => (await dispatch(handlers, m, args)) as Result<ApiResults[M]>;
  const value = async <M extends ApiMethod>(m: M, args: ApiArgs<M>): Promise<ApiResults[M]> => {
    const r = await call(m, args);
    if (!r.ok) throw new Error(`${m} failed: ${r.error.code}: ${r.error.message}`);
    return r.value;
  };
  return { store, events, handlers: handlers as Handlers, call, value };
}

/** Hourly points from 2024-01-01T00:00Z. */
function hourly(store: Store, name: string, values: (number | null)[], insertionDate?: string) {
  const pts = values.map((v, i) => [new Date(Date.UTC(2024, 0, 1, i)).toISOString(), v]);
  store.update(name, pointsFromWire(pts), insertionDate ? { insertionDate: d(insertionDate) } : {});
}

describe('formula methods', () => {
  it('serves the operator registry the editor generates its language from', async () => {
    const { value } = setup();
    const ops = await value('formula.operators', {});
    const add = ops.find((o) => o.name === 'add')!;
    expect(add.returns).toContain('series');
    expect(add.doc.length).toBeGreaterThan(10);
    const series = ops.find((o) => o.name === 'series')!;
    expect(series.keywords.map((k) => k.name)).toContain('fill');
    expect(ops.map((o) => o.name)).toEqual(expect.arrayContaining(['row-min', 'min', 'spans-when']));
  });

  it('checks a text and returns positioned diagnostics as values', async () => {
    const { store, value } = setup();
    hourly(store, 'a', [1, 2, 3]);
    expect(await value('formula.check', { text: '(add (series "a") (series "a"))' })).toEqual({ type: expect.stringContaining('series'), diagnostics: [] });
    const text = '(add (series "a")\n     (seriez "a"))';
    const c = await value('formula.check', { text });
    expect(c.type).toBeNull();
    expect(c.diagnostics).toHaveLength(1);
    const diag = c.diagnostics[0]!;
    expect(diag.code).toBe('unknown_operator');
    expect(text.slice(diag.offset, diag.end)).toContain('seriez');
    expect([diag.line, diag.column]).toEqual([2, text.split('\n')[1]!.indexOf('seriez') + 1]);
    const unknown = await value('formula.check', { text: '(series "nope")' });
    expect(unknown.diagnostics[0]).toMatchObject({ code: 'unknown_series', offset: 8, end: 14 });
    const syntax = await value('formula.check', { text: '(add (series "a")' });
    expect(syntax.diagnostics[0]).toMatchObject({ code: 'syntax', line: 1 });
  });

  it('evaluates series, scalars, spans and tables', async () => {
    const { store, value } = setup();
    hourly(store, 'a', [1, 2, 3]);
    hourly(store, 't', [70, 85, 90, 60, 95]);
    const s = await value('formula.eval', { text: '(+ 1 (series "a"))' });
    expect(s).toEqual({ kind: 'series', series: expect.objectContaining({ times: [d('2024-01-01T00:00:00Z'), d('2024-01-01T01:00:00Z'), d('2024-01-01T02:00:00Z')], values: [2, 3, 4], tzaware: true }) });
    expect(await value('formula.eval', { text: '(+ 1 2)' })).toEqual({ kind: 'scalar', value: 3 });
    const sp = await value('formula.eval', { text: '(spans-when (> (series "t") 80))' });
    expect(sp).toEqual({ kind: 'spans', tzaware: true, spans: [{ begin: d('2024-01-01T01:00:00Z'), end: d('2024-01-01T03:00:00Z') }, { begin: d('2024-01-01T04:00:00Z'), end: null }] });
    const tab = await value('formula.eval', { text: '(spans-stats (spans-when (> (series "t") 80)) (series "t"))' });
    expect(tab.kind).toBe('table');
    if (tab.kind !== 'table') return;
    expect(tab.columns.map((c) => c.name)).toEqual(['begin', 'end', 'duration', 'count', 'mean', 'min', 'max', 'first', 'last']);
    expect(tab.rows[0]).toEqual([d('2024-01-01T01:00:00Z'), d('2024-01-01T03:00:00Z'), 7200, 2, 87.5, 85, 90, 85, 90]);
    expect(tab.rows[1]![1]).toBeNull();
    const cut = await value('formula.eval', { text: '(series "t")', maxPoints: 2 });
    expect(cut.kind === 'series' && cut.series.truncated).toBe(true);
  });

  it('reports an evaluation error with its position in details', async () => {
    const setupStore = setup();
    const { call } = setupStore;
    const { store } = setupStore;
    hourly(store, 'a', [1]);
    const text = '(add (series "a")\n  (series "missing"))';
    const r = await call('formula.eval', { text });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('unknown_series');
    const at = text.indexOf('"missing"');
    expect(r.error.details).toMatchObject({ line: 2, column: 11, offset: at, end: at + '"missing"'.length });
  });

  it('registers, lists, shows formulas and gives their dependency trees; reads work on formula series', async () => {
    const { store, value, call } = setup();
    hourly(store, 'a', [1, 2, 3]);
    hourly(store, 'b', [10, 20, 30]);
    expect(await value('formula.register', { name: 'ab', text: '(add (series "a") (series "b"))' })).toEqual({ name: 'ab', created: true });
    expect(await value('formula.register', { name: 'ab2', text: '(* 2 (series "ab"))' })).toEqual({ name: 'ab2', created: true });
    const again = await call('formula.register', { name: 'ab', text: '(series "a")' });
    expect(again.ok || again.error.code).toBe('formula_exists');
    const unknown = await call('formula.register', { name: 'x', text: '(series "zzz")' });
    expect(unknown.ok || unknown.error.code).toBe('unknown_series');
    expect(await value('formula.register', { name: 'x', text: '(series "zzz")', allowUnknown: true })).toEqual({ name: 'x', created: true });
    expect((await value('formula.list', {})).map((f) => f.name)).toEqual(['ab', 'ab2', 'x']);
    expect(await value('formula.show', { name: 'ab2' })).toEqual({ name: 'ab2', text: '(* 2 (series "ab"))' });
    expect((await value('formula.show', { name: 'ab2', expand: true })).text).toContain('(series "a")');
    expect(await value('formula.dependencies', { name: 'ab2' })).toEqual({
      name: 'ab2',
      kind: 'formula',
      children: [{ name: 'ab', kind: 'formula', children: [{ name: 'a', kind: 'primary', children: [] }, { name: 'b', kind: 'primary', children: [] }] }],
    });
    expect(await value('formula.dependencies', { text: '(add (series "ab") (series "nope"))' })).toEqual({
      name: '',
      kind: 'formula',
      children: [expect.objectContaining({ name: 'ab', kind: 'formula' }), { name: 'nope', kind: 'unknown', children: [] }],
    });
    const both = await call('formula.dependencies', { name: 'ab', text: '(series "a")' });
    expect(both.ok || both.error.code).toBe('bad_request');
    expect((await value('series.get', { name: 'ab2' })).values).toEqual([22, 44, 66]);
    const env = await value('chart.envelope', { name: 'ab2', width: 100 });
    expect(env).toMatchObject({ mode: 'raw', values: [22, 44, 66] });
    expect((await value('spans.constant', { name: 'ab2' })).length).toBe(3);
  });

  it('charts a long formula series as exact columns that keep every spike', async () => {
    const { store, value } = setup();
    const n = 20_000;
    const times = new Float64Array(n);
    const values = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      times[i] = d('2024-01-01T00:00:00Z') + i * 1e6;
      values[i] = Math.sin(i / 100);
    }
    values[12_345] = 50;
    values[777] = -40;
    store.update('raw', { times, values, valueType: 'float64', tzaware: true });
    await registerFormula(store, 'neg', '(* -1 (series "raw"))');
    const env = (await value('chart.envelope', { name: 'neg', width: 200 })) as Envelope;
    expect(env.mode).toBe('columns');
    if (env.mode !== 'columns') return;
    expect(env.min.length).toBeLessThanOrEqual(200);
    expect(Math.min(...env.min)).toBe(-50);
    expect(Math.max(...env.max)).toBe(40);
    expect(env.count).toBe(n);
    expect(env.tMin[env.min.indexOf(-50)]).toBe(times[12_345]);
  });
});

describe('spans methods', () => {
  it('gives condition spans of a boolean series or a spans formula, and per-span statistics', async () => {
    const { store, value, call } = setup();
    hourly(store, 't', [70, 85, 90, 60, 95, 96]);
    const want = [
      { begin: d('2024-01-01T01:00:00Z'), end: d('2024-01-01T03:00:00Z') },
      { begin: d('2024-01-01T04:00:00Z'), end: null },
    ];
    expect(await value('spans.condition', { text: '(> (series "t") 80)' })).toEqual({ tzaware: true, spans: want });
    expect(await value('spans.condition', { text: '(spans-when (> (series "t") 80))' })).toEqual({ tzaware: true, spans: want });
    const windowed = await value('spans.condition', { text: '(> (series "t") 80)', from: d('2024-01-01T00:00:00Z'), to: d('2024-01-01T02:00:00Z') });
    expect(windowed.spans[0]!.begin).toBe(d('2024-01-01T01:00:00Z'));
    const stats = await value('spans.stats', { text: '(> (series "t") 80)', series: 't' });
    expect(stats.rows.map((r) => r[3])).toEqual([2, 2]);
    expect(stats.rows[1]![4]).toBe(95.5);
    const bad = await call('spans.condition', { text: '(+ 1 2)' });
    expect(bad.ok || bad.error.code).toBe('not_spans');
  });
});

async function until<T>(f: () => T | undefined, ms = 20_000): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = f();
    if (v !== undefined) return v;
    if (Date.now() - t0 > ms) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('workflow methods', () => {
  const wf = {
    name: 'w',
    nodes: [
      { id: 'src', op: 'series', config: { name: 'x' }, inputs: [] },
      { id: 'shift', op: 'time_shift', config: { delta: '1h' }, inputs: ['src'] },
      { id: 'out', op: 'save', config: { name: 'x_shifted' }, inputs: ['shift'] },
    ],
  };

  it('lists ops with JSON Schemas for their configs', async () => {
    const { value } = setup();
    const ops = await value('workflow.ops', {});
    const filter = ops.find((o) => o.op === 'filter')!;
    expect(filter.inputs).toEqual({ min: 1, max: 1 });
    expect(filter.configSchema).toMatchObject({ type: 'object' });
    expect(JSON.stringify(filter.configSchema)).toContain('filter_type');
    expect(ops.find((o) => o.op === 'fft')!.output).toBe('frequency');
  });

  it('validates, saves, runs as a job with events, marks stale nodes, serves outputs and lineage', async () => {
    const { store, value, call, events } = setup();
    hourly(store, 'x', [1, 2, 3], '2024-02-01T00:00:00Z');
    const bad = await value('workflow.validate', { workflow: { name: 'b', nodes: [{ id: 'a', op: 'nope', config: {}, inputs: [] }] } });
    expect(bad.issues).toEqual([expect.objectContaining({ code: 'unknown_op', nodeId: 'a' })]);
    const rejected = await call('workflow.save', { workflow: { name: 'b', nodes: [{ id: 'a', op: 'nope', config: {}, inputs: [] }] } });
    expect(rejected.ok).toBe(false);
    expect((await value('workflow.validate', { workflow: wf })).issues).toEqual([]);
    expect(await value('workflow.save', { workflow: wf })).toEqual({ name: 'w', nodes: 3 });
    expect((await value('workflow.list', {})).map((w) => w.name)).toEqual(['w']);
    expect((await value('workflow.show', { name: 'w' })).nodes.map((n) => n.status)).toEqual(['pending', 'pending', 'pending']);

    const job = await value('workflow.run', { name: 'w' });
    expect(job.state).toBe('running');
    const end = await until(() => events.map((e) => (e.topic === 'workflow' ? e.payload : undefined)).find((j): j is WorkflowJob => !!j && j.jobId === job.jobId && j.state !== 'running'));
    expect(end.state).toBe('done');
    expect(end.nodes.map((n) => n.status)).toEqual(['ran', 'ran', 'ran']);
    expect(events.some((e) => e.topic === 'workflow' && e.payload.nodes.some((n) => n.status === 'running'))).toBe(true);
    expect((await value('workflow.status', { jobId: job.jobId })).state).toBe('done');
    expect((await value('series.get', { name: 'x_shifted' })).times[0]).toBe(d('2024-01-01T01:00:00Z'));

    const out = await value('workflow.output', { name: 'w', nodeId: 'shift' });
    expect(out).toMatchObject({ indexKind: 'time', tzaware: true, index: [d('2024-01-01T01:00:00Z'), d('2024-01-01T02:00:00Z'), d('2024-01-01T03:00:00Z')], truncated: false });
    expect(Object.values(out.channels)[0]).toEqual([1, 2, 3]);
    const lineage = await value('workflow.lineage', { series: 'x_shifted' });
    expect(lineage).toMatchObject({ series: 'x_shifted', workflow: 'w', node: 'out' });
    expect(lineage.steps.map((s) => s.op)).toEqual(['series', 'time_shift']);

    expect((await value('workflow.show', { name: 'w' })).nodes.map((n) => n.status)).toEqual(['ran', 'ran', 'ran']);
    hourly(store, 'x', [1, 2, 5], '2024-03-01T00:00:00Z');
    expect((await value('workflow.show', { name: 'w' })).nodes.map((n) => n.status)).toEqual(['stale', 'stale', 'stale']);

    const missing = await call('workflow.output', { name: 'w', nodeId: 'zz' });
    expect(missing.ok || missing.error.code).toBe('unknown_node');
    const unknownJob = await call('workflow.status', { jobId: 'nope' });
    expect(unknownJob.ok || unknownJob.error.code).toBe('unknown_job');
    expect(await value('workflow.delete', { name: 'w' })).toEqual({ name: 'w' });
    expect(await value('workflow.list', {})).toEqual([]);
  });

  it('cancels a run: nothing after the cancel runs, and the job says cancelled', async () => {
    const { store, value, events } = setup();
    const n = 400_000;
    const times = new Float64Array(n);
    const values = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      times[i] = d('2024-01-01T00:00:00Z') + i * 1e3;
      values[i] = Math.sin(i);
    }
    store.update('big', { times, values, valueType: 'float64', tzaware: true });
    const nodes = [{ id: 'src', op: 'series', config: { name: 'big' }, inputs: [] as string[] }];
    for (let k = 0; k < 8; k++) nodes.push({ id: `f${k}`, op: 'filter', config: { filter_type: 'lowpass', cutoff: 10 + k, order: 8, zero_phase: true } as never, inputs: [k ? `f${k - 1}` : 'src'] });
    await value('workflow.save', { workflow: { name: 'slow', nodes } });
    const job = await value('workflow.run', { name: 'slow' });
    await until(() => events.find((e) => e.topic === 'workflow' && e.payload.nodes.some((x) => x.status === 'running')));
    await value('workflow.cancel', { jobId: job.jobId });
    const end = await until(() => events.map((e) => (e.topic === 'workflow' ? e.payload : undefined)).find((j): j is WorkflowJob => !!j && j.state !== 'running'));
    expect(end.state).toBe('cancelled');
    expect(end.nodes.at(-1)!.status).toBe('skipped');
  });
});

describe('plugin methods', () => {
  it('lists plugins with help and metadata, and runs an analysis on a series', async () => {
    const { store, value, call } = setup([EXAMPLES]);
    hourly(store, 'temp', [1, 2, null, 4]);
    const plugins = await value('plugins.list', {});
    const cp = plugins.find((p) => p.name === 'count_points')!;
    expect(cp).toMatchObject({ kind: 'analysis', status: 'ok', runtime: 'executable', metadata: { signature: 'univariate' } });
    expect(typeof cp.help).toBe('string');
    expect(plugins.some((p) => p.kind === 'hooks')).toBe(true);
    const r = await value('plugins.analyze', { module: 'count_points', series: ['temp'] });
    expect(r.statistics).toEqual([expect.objectContaining({ name: expect.any(String), result: 3 })]);
    const unknown = await call('plugins.analyze', { module: 'nope', series: ['temp'] });
    expect(unknown.ok || unknown.error.code).toBe('unknown_plugin');
    const noSeries = await call('plugins.analyze', { module: 'count_points', series: ['zzz'] });
    expect(noSeries.ok || noSeries.error.code).toBe('unknown_series');
    expect((await value('plugins.rescan', {})).length).toBe(plugins.length);
  });
});

describe('plugin operators and node types in the engine', () => {
  it('checks and evaluates plugin operators in their own process, and runs plugin node types in workflows', async () => {
    const { store, value, call, events } = setup([EXAMPLES], true);
    hourly(store, 't', [1, 2, 3, 4]);
    const ops = await value('formula.operators', {});
    expect(ops.find((o) => o.name === 'zscore')).toMatchObject({ builtin: false, owner: 'stats' });
    expect((await value('formula.check', { text: '(zscore (series "t") #:ddof 1)' })).diagnostics).toEqual([]);
    expect((await value('formula.check', { text: '(zscore (series "t") #:nope 1)' })).diagnostics[0]).toMatchObject({ code: 'unknown_keyword' });
    const z = await value('formula.eval', { text: '(zscore (series "t"))' });
    expect(z.kind).toBe('series');
    if (z.kind !== 'series') return;
    const sd = Math.sqrt(1.25);
    z.series.values.forEach((v, i) => expect(v as number).toBeCloseTo((i + 1 - 2.5) / sd, 12));
    // A stored formula using a plugin operator reads through series.get too.
    await value('formula.register', { name: 'tz', text: '(zscore (series "t"))' });
    expect((await value('series.get', { name: 'tz' })).values.length).toBe(4);
    // constant spans and charts of it too (all four values differ: four spans)
    expect(await value('spans.constant', { name: 'tz' })).toHaveLength(4);
    expect(await value('series.info', { name: 'tz' })).toMatchObject({ kind: 'formula', count: 4 });
    expect(await value('series.insertionDates', { name: 'tz' })).toHaveLength(1);
    expect((await value('workflow.ops', {})).map((o) => o.op)).toContain('scale/linear');
    await value('workflow.save', {
      workflow: {
        name: 'p',
        nodes: [
          { id: 's', op: 'series', config: { name: 't' }, inputs: [] },
          { id: 'lin', op: 'scale/linear', config: { factor: 10, offset: 1 }, inputs: ['s'] },
        ],
      },
    });
    const job = await value('workflow.run', { name: 'p' });
    const end = await until(() => events.map((e) => (e.topic === 'workflow' ? e.payload : undefined)).find((j): j is WorkflowJob => !!j && j.jobId === job.jobId && j.state !== 'running'));
    expect(end.state).toBe('done');
    expect(Object.values((await value('workflow.output', { name: 'p', nodeId: 'lin' })).channels)[0]).toEqual([11, 21, 31, 41]);
    const bad = await call('workflow.validate', { workflow: { name: 'q', nodes: [{ id: 'lin', op: 'scale/linear', config: { factor: 'x' }, inputs: [] }] } });
    expect(bad.ok && bad.value.issues.length).toBeGreaterThan(0);
  }, 60_000);

  it('a workflow formula node calls plugin operators, keyed on the plugin version; without the library it is refused', async () => {
    const { store, value, events } = setup([EXAMPLES], true);
    hourly(store, 't', [1, 2, 3, 4]);
    const workflow = {
      name: 'zf',
      nodes: [
        { id: 'z', op: 'formula', config: { text: '(zscore (series "t"))' }, inputs: [] },
        { id: 'out', op: 'save', config: { name: 'tz_saved' }, inputs: ['z'] },
      ],
    };
    await value('workflow.save', { workflow });
    const job = await value('workflow.run', { name: 'zf' });
    const end = await until(() => events.map((e) => (e.topic === 'workflow' ? e.payload : undefined)).find((j): j is WorkflowJob => !!j && j.jobId === job.jobId && j.state !== 'running'));
    expect(end.state).toBe('done');
    const sd = Math.sqrt(1.25);
    (Object.values((await value('workflow.output', { name: 'zf', nodeId: 'z' })).channels)[0] as number[]).forEach((v, i) => expect(v).toBeCloseTo((i + 1 - 2.5) / sd, 12));
    const lineage = await value('workflow.lineage', { series: 'tz_saved' });
    expect(JSON.stringify(lineage)).toMatch(/"zscore":"plugin:stats@[^"]+"/);

    const bare = setup();
    const refused = await bare.call('workflow.validate', { workflow });
    expect(refused.ok && refused.value.issues.map((i) => i.message).join(' ')).toMatch(/zscore/);
  }, 60_000);
});
