import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { cli, tempDir, writeInput } from '../../helpers/cli.js';

let tmp: ReturnType<typeof tempDir>;
let db: string;
beforeEach(() => {
  tmp = tempDir();
  db = join(tmp.dir, 's.db');
});
afterEach(() => tmp.cleanup());

function file(name: string, content: unknown): string {
  return writeInput(tmp.dir, name, content);
}

/** 64 points at 10 Hz: a 1 Hz sine around 20 °C. */
async function putSignal(name = 'temp'): Promise<void> {
  const pts = Array.from({ length: 64 }, (_, i) => [new Date(Date.UTC(2024, 0, 1) + i * 100).toISOString(), 20 + Math.sin((2 * Math.PI * i) / 10)]);
  const r = await cli(['series', 'put', name, file('pts.json', pts), '--unit', '°C', '--db', db]);
  expect(r.code).toBe(0);
}

const WF = {
  name: 'demo',
  nodes: [
    { id: 'raw', op: 'series', config: { name: 'temp' }, inputs: [] },
    { id: 'lp', op: 'filter', config: { filter_type: 'lowpass', cutoff: 2, order: 4, zero_phase: true }, inputs: ['raw'] },
    { id: 'spec', op: 'fft', config: { window: 'hann', normalize: true }, inputs: ['lp'] },
    { id: 'f', op: 'unit_conversion', config: { conversion: 'celsius_to_fahrenheit' }, inputs: ['lp'] },
    { id: 'save', op: 'save', config: { name: 'temp_f' }, inputs: ['f'] },
  ],
};

describe('strata workflow', () => {
  it('run FILE.json saves and runs; a second run is all cached', async () => {
    await putSignal();
    const r = await cli(['workflow', 'run', file('demo.json', WF), '--json', '--db', db]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const doc = r.json();
    expect(Object.keys(doc)).toEqual(['nodes']);
    expect(doc.nodes.map((n: any) => [n.id, n.status])).toEqual([
      ['raw', 'ran'],
      ['lp', 'ran'],
      ['spec', 'ran'],
      ['f', 'ran'],
      ['save', 'ran'],
    ]);
    for (const n of doc.nodes) {
      expect(Object.keys(n)).toEqual(['id', 'status', 'seconds']);
      expect(n.seconds).toBeGreaterThanOrEqual(0);
    }
    const again = await cli(['workflow', 'run', 'demo', '--json', '--db', db]);
    expect(again.json().nodes.map((n: any) => n.status)).toEqual(['cached', 'cached', 'cached', 'cached', 'cached']);
    const info = (await cli(['series', 'info', 'temp_f', '--json', '--db', db])).json();
    expect(info.unit).toBe('°F');
  });

  it('save, show (re-savable), list and delete', async () => {
    const s = await cli(['workflow', 'save', file('demo.json', WF), '--db', db]);
    expect(s.code).toBe(0);
    expect(s.stdout).toBe('saved workflow demo (5 nodes)\n');
    const show = await cli(['workflow', 'show', 'demo', '--json', '--db', db]);
    const doc = show.json();
    expect(doc.name).toBe('demo');
    expect(doc.nodes).toEqual(WF.nodes);
    expect(doc.saved_at).toMatch(/Z$/);
    expect(doc.last_run).toEqual({});
    // What show prints can be saved back.
    expect((await cli(['workflow', 'save', file('back.json', doc), '--db', db])).code).toBe(0);
    expect((await cli(['workflow', 'show', 'demo', '--db', db])).stdout).toMatch(/lp\s+filter\s+raw/);
    expect((await cli(['workflow', 'list', '--json', '--db', db])).json()).toEqual([{ name: 'demo', nodes: 5, saved_at: expect.any(String) }]);
    expect((await cli(['workflow', 'delete', 'demo', '--db', db])).code).toBe(0);
    const gone = await cli(['workflow', 'show', 'demo', '--json', '--db', db]);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toBe('error[unknown_workflow]: no workflow named "demo"\n');
  });

  it('show --json includes the last run state of each node', async () => {
    await putSignal();
    await cli(['workflow', 'run', file('demo.json', WF), '--db', db]);
    const doc = (await cli(['workflow', 'show', 'demo', '--json', '--db', db])).json();
    expect(doc.last_run.spec).toMatchObject({ status: 'ran', seconds: expect.any(Number), finished_at: expect.stringMatching(/Z$/) });
  });

  it('output prints a node frame: time index as ISO strings, frequency index in Hz', async () => {
    await putSignal();
    await cli(['workflow', 'run', file('demo.json', WF), '--db', db]);
    const f = (await cli(['workflow', 'output', 'demo', 'f', '--json', '--db', db])).json();
    expect(f.index_kind).toBe('time');
    expect(f.index[0]).toBe('2024-01-01T00:00:00Z');
    expect(f.index[1]).toBe('2024-01-01T00:00:00.100000Z');
    expect(Object.keys(f.channels)).toEqual(['temp']);
    expect(f.channels.temp).toHaveLength(64);
    expect(f.channels.temp[10]).toBeGreaterThan(60);
    const spec = (await cli(['workflow', 'output', 'demo', 'spec', '--json', '--db', db])).json();
    expect(spec.index_kind).toBe('frequency');
    expect(spec.index.slice(0, 2)).toEqual([0, 10 / 64]);
    expect(spec.index).toHaveLength(33);
    const text = await cli(['workflow', 'output', 'demo', 'spec', '--db', db]);
    expect(text.stdout.split('\n')[0]).toMatch(/^frequency_hz\s+temp$/);
    const bad = await cli(['workflow', 'output', 'demo', 'nope', '--json', '--db', db]);
    expect(bad.code).toBe(1);
    expect(bad.json().error.code).toBe('unknown_node');
  });

  it('a failing node: the report says failed with its error, descendants skipped, exit 1', async () => {
    await putSignal();
    const wf = {
      name: 'bad',
      nodes: [
        { id: 'raw', op: 'series', config: { name: 'temp' }, inputs: [] },
        { id: 'lp', op: 'filter', config: { filter_type: 'lowpass', cutoff: 6 }, inputs: ['raw'] },
        { id: 'spec', op: 'fft', config: {}, inputs: ['lp'] },
        { id: 'ok', op: 'fft', config: {}, inputs: ['raw'] },
      ],
    };
    const r = await cli(['workflow', 'run', file('bad.json', wf), '--json', '--db', db]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('error[node_failed]: 1 of 4 nodes failed: lp\n');
    const report = r.json(); // exactly one JSON document on stdout
    expect(report.nodes.map((n: any) => n.status)).toEqual(['ran', 'failed', 'skipped', 'ran']);
    expect(report.nodes[1].error.code).toBe('bad_cutoff');
    expect(report.nodes[1].error.message).toMatch(/^node "lp" \(filter\): /);
    expect(report.nodes[2].error).toEqual({ code: 'upstream_failed', message: 'node "spec" (fft): input "lp" failed' });
    const out = await cli(['workflow', 'output', 'bad', 'lp', '--db', db]);
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(/^error\[no_output\]: node "lp" has no output: it failed in the last run: /);
    const human = await cli(['workflow', 'run', 'bad', '--db', db]);
    expect(human.code).toBe(1);
    expect(human.stdout).toMatch(/lp\s+failed\s+\S+\s+bad_cutoff: /);
  });

  it('rejects invalid workflows naming the node (exit 1), and cycles naming the cycle', async () => {
    const cases: [unknown, string][] = [
      [{ name: 'w', nodes: [{ id: 'a', op: 'kalman' }] }, 'error[unknown_op]: workflow "w": node "a" (kalman): unknown operation "kalman"'],
      [{ name: 'w', nodes: [{ id: 'a', op: 'series', config: { nam: 'x' } }] }, 'error[bad_config]: workflow "w": node "a" (series): invalid config: '],
      [{ name: 'w', nodes: [{ id: 'a', op: 'fft', inputs: ['zz'] }] }, 'error[unknown_input]: workflow "w": node "a" (fft): input "zz" is not a node of this workflow'],
      [
        { name: 'w', nodes: [{ id: 'a', op: 'series', config: { name: 'x' } }, { id: 'a', op: 'series', config: { name: 'y' } }] },
        'error[duplicate_node]: workflow "w": node "a": the id is used by more than one node',
      ],
      [
        { name: 'w', nodes: [{ id: 'p', op: 'rolling', config: { window: 2 }, inputs: ['q'] }, { id: 'q', op: 'rolling', config: { window: 2 }, inputs: ['p'] }] },
        'error[cycle]: workflow "w": the workflow has a cycle: p → q → p',
      ],
    ];
    for (const [doc, stderr] of cases) {
      const r = await cli(['workflow', 'save', file('w.json', doc), '--json', '--db', db]);
      expect(r.code).toBe(1);
      expect(r.stderr.startsWith(stderr)).toBe(true);
      expect(r.json().error.issues.length).toBeGreaterThan(0);
    }
    const cyc = await cli(['workflow', 'run', file('w.json', cases[4]![0]), '--json', '--db', db]);
    expect(cyc.json().error.cycle).toEqual(['p', 'q', 'p']);
    const notJson = await cli(['workflow', 'save', file('x.json', '{nope'), '--db', db]);
    expect(notJson.code).toBe(1);
    expect(notJson.stderr).toMatch(/^error\[bad_input\]: .*x\.json is not valid JSON/);
    expect((await cli(['workflow', 'list', '--json', '--db', db])).json()).toEqual([]);
  });

  it('lineage prints the chain back to stored data', async () => {
    await putSignal();
    await cli(['workflow', 'run', file('demo.json', WF), '--db', db]);
    const r = await cli(['workflow', 'lineage', 'temp_f', '--json', '--db', db]);
    expect(r.code).toBe(0);
    const l = r.json();
    expect(l).toMatchObject({ series: 'temp_f', source: 'dag:demo/save', workflow: 'demo', node: 'save' });
    expect(l.steps.map((s: any) => s.node)).toEqual(['raw', 'lp', 'f']);
    expect(l.upstream).toEqual([
      { series: 'temp', insertion_date: expect.stringMatching(/Z$/), source: expect.stringMatching(/^file:/), author: expect.any(String), steps: [], upstream: [] },
    ]);
    const text = await cli(['workflow', 'lineage', 'temp_f', '--db', db]);
    expect(text.stdout).toMatch(/^temp_f @ \S+Z {2}source dag:demo\/save\n {2}demo\/raw: series \{"name":"temp"\}\n/);
    expect(text.stdout).toMatch(/\n {2}temp @ \S+ {2}source file:.*\(stored data\)\n$/);
    expect((await cli(['workflow', 'lineage', 'nope', '--db', db])).stderr).toBe('error[unknown_series]: no series named "nope"\n');
  });

  it('a store reopened by a new process (each CLI call) keeps the cache; --workers 0 runs in-thread', async () => {
    await putSignal();
    expect((await cli(['workflow', 'run', file('demo.json', WF), '--workers', '0', '--db', db])).code).toBe(0);
    await putSignal('other');
    const r = await cli(['workflow', 'run', 'demo', '--workers', '0', '--json', '--db', db]);
    expect(r.json().nodes.every((n: any) => n.status === 'cached')).toBe(true);
    const bad = await cli(['workflow', 'run', 'demo', '--workers', 'many', '--db', db]);
    expect(bad.code).toBe(2);
  });

  it('every subcommand has --help with --db', async () => {
    for (const sub of ['save', 'run', 'show', 'output', 'lineage', 'list', 'delete']) {
      const r = await cli(['workflow', sub, '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/--db <path>/);
    }
    const ops = (await cli(['workflow', 'ops', '--json'])).json();
    expect(ops.map((o: any) => o.name)).toContain('filter');
  });
});

describe('strata workflow with a plugin library', () => {
  const EXAMPLES = join(import.meta.dirname, '..', '..', '..', 'plugins', 'examples');
  it('a formula node calls the library\'s plugin operators; without --library it is refused', async () => {
    await putSignal();
    const wf = file('zf.json', { name: 'zf', nodes: [{ id: 'z', op: 'formula', config: { text: '(zscore (series "temp"))' }, inputs: [] }, { id: 'save', op: 'save', config: { name: 'temp_z' }, inputs: ['z'] }] });
    const refused = await cli(['workflow', 'run', wf, '--db', db]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/unknown operator "zscore"/);
    const r = await cli(['workflow', 'run', wf, '--library', EXAMPLES, '--json', '--db', db]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const got = await cli(['series', 'get', 'temp_z', '--json', '--db', db]);
    const values = (got.json().points as [string, number][]).map((p) => p[1]);
    expect(values).toHaveLength(64);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    expect(Math.abs(mean)).toBeLessThan(1e-9);
  }, 60_000);

  it('series get|history|staircase|info|insertion-dates and spans of a formula series calling a plugin operator take --library', async () => {
    await putSignal();
    expect((await cli(['formula', 'register', 'temp_z', '(zscore (series "temp"))', '--library', EXAMPLES, '--db', db])).code).toBe(0);
    const bare = await cli(['series', 'get', 'temp_z', '--db', db]);
    expect(bare.code).toBe(1);
    expect(bare.stderr).toMatch(/unknown operator "zscore"/);
    const got = await cli(['series', 'get', 'temp_z', '--library', EXAMPLES, '--json', '--db', db]);
    expect(got.stderr).toBe('');
    expect(got.json().points).toHaveLength(64);
    const hist = await cli(['series', 'history', 'temp_z', '--library', EXAMPLES, '--json', '--db', db]);
    expect(hist.code).toBe(0);
    expect(hist.json().versions.at(-1).points).toHaveLength(64);
    // the staircase reads the inputs as known 1 s before 2024: nothing yet, and the plugin says so itself
    const stair = await cli(['series', 'staircase', 'temp_z', '--delta', '1s', '--library', EXAMPLES, '--db', db]);
    expect(stair.stderr).toMatch(/zscore: plugin stats: zscore needs more than 0 points/);
    const info = await cli(['series', 'info', 'temp_z', '--library', EXAMPLES, '--json', '--db', db]);
    expect(info.stderr).toBe('');
    expect(info.json()).toMatchObject({ kind: 'formula', count: 64 });
    const dates = await cli(['series', 'insertion-dates', 'temp_z', '--library', EXAMPLES, '--json', '--db', db]);
    expect(dates.json()).toHaveLength(1);
    const spans = await cli(['spans', 'temp_z', '--library', EXAMPLES, '--limit', '2', '--json', '--db', db]);
    expect(spans.stderr).toBe('');
    expect(spans.json()).toHaveLength(2);
    expect((await cli(['spans', 'temp_z', '--db', db])).stderr).toMatch(/unknown operator "zscore"/);
    // a primary series needs no library (and loads none)
    expect((await cli(['series', 'get', 'temp', '--library', '/nonexistent', '--json', '--db', db])).code).toBe(0);
  }, 60_000);
});
