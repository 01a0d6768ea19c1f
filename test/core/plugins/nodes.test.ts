import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, tempDir, writeInput } from '../../helpers/cli.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const EXAMPLES = join(ROOT, 'plugins', 'examples');
const FIX = join(ROOT, 'test', 'fixtures', 'plugins', 'nodes');

let tmp: ReturnType<typeof tempDir>;
let db: string;
beforeEach(() => {
  tmp = tempDir();
  db = join(tmp.dir, 's.db');
});
afterEach(() => tmp.cleanup());

async function putSeries(): Promise<void> {
  const pts = [1, 2, 3, 4].map((v, i) => [new Date(Date.UTC(2024, 0, 1) + i * 1000).toISOString(), v]);
  expect((await cli(['series', 'put', 'temp', writeInput(tmp.dir, 'p.json', pts), '--unit', 'degC', '--db', db])).code).toBe(0);
}

const WF = {
  name: 'scaled',
  nodes: [
    { id: 'raw', op: 'series', config: { name: 'temp' }, inputs: [] },
    { id: 'lin', op: 'scale/linear', config: { factor: 2, offset: 1 }, inputs: ['raw'] },
    { id: 'spec', op: 'fft', config: { window: 'none' }, inputs: ['raw'] },
    { id: 'spec2', op: 'scale/linear', config: { factor: 10 }, inputs: ['spec'] },
    { id: 'save', op: 'save', config: { name: 'temp_scaled' }, inputs: ['lin'] },
  ],
};

describe('plugin workflow node types (scale/linear, real process, through the CLI)', () => {
  it('lists the node type with the built-ins', async () => {
    const ops = (await cli(['workflow', 'ops', '--library', EXAMPLES, '--json'])).json();
    expect(ops.find((o: any) => o.name === 'scale/linear')).toEqual({
      name: 'scale/linear',
      version: 1,
      doc: 'multiply every channel by factor and add offset (plugin scale, runs in its own process)',
      inputs: { min: 1, max: 1 },
      placement: 'caller',
    });
    expect(ops.some((o: any) => o.name === 'filter')).toBe(true);
  });

  it('runs in the plugin process, on time and frequency frames; the plugin version keys the cache', async () => {
    await putSeries();
    const wf = writeInput(tmp.dir, 'wf.json', WF);
    const r = await cli(['workflow', 'run', wf, '--library', EXAMPLES, '--json', '--db', db]);
    expect(r.stderr).toBe('');
    expect(r.json().nodes.map((n: any) => [n.id, n.status])).toEqual([
      ['raw', 'ran'],
      ['lin', 'ran'],
      ['spec', 'ran'],
      ['spec2', 'ran'],
      ['save', 'ran'],
    ]);
    const got = (await cli(['series', 'get', 'temp_scaled', '--json', '--db', db])).json();
    expect(got.points).toEqual([1, 2, 3, 4].map((v, i) => [new Date(Date.UTC(2024, 0, 1) + i * 1000).toISOString().replace('.000Z', 'Z'), 2 * v + 1]));
    const spec = (await cli(['workflow', 'output', 'scaled', 'spec', '--json', '--db', db])).json();
    const spec2 = (await cli(['workflow', 'output', 'scaled', 'spec2', '--json', '--db', db])).json();
    expect(spec2.index_kind).toBe('frequency');
    expect(spec2.index).toEqual(spec.index);
    const [ch] = Object.keys(spec.channels);
    expect(spec2.channels[ch!]).toEqual(spec.channels[ch!].map((v: number) => v * 10));
    // Lineage names the plugin and its version.
    const lineage = (await cli(['workflow', 'lineage', 'temp_scaled', '--json', '--db', db])).json();
    expect(lineage.steps.find((s: any) => s.node === 'lin')).toMatchObject({ op: 'scale/linear', config: { factor: 2, offset: 1 }, external: { plugin: 'scale', version: '0.1.0' } });

    // Same plugin version: cached. A new version of the plugin: its nodes (and what follows) run again.
    const again = await cli(['workflow', 'run', 'scaled', '--library', EXAMPLES, '--json', '--db', db]);
    expect(again.json().nodes.map((n: any) => n.status)).toEqual(['cached', 'cached', 'cached', 'cached', 'cached']);
    // The same code under a new version number, in another library.
    const example = join(EXAMPLES, 'nodes', 'transforms', 'scale');
    const dir = join(tmp.dir, 'lib', 'nodes', 'transforms', 'scale');
    mkdirSync(dir, { recursive: true });
    const m = JSON.parse(readFileSync(join(example, 'plugin.json'), 'utf8'));
    writeFileSync(join(dir, 'plugin.json'), JSON.stringify({ ...m, version: '0.2.0', entry: join(example, 'main.ts') }));
    const lib = join(tmp.dir, 'lib');
    const bumped = await cli(['workflow', 'run', 'scaled', '--library', lib, '--json', '--db', db]);
    expect(bumped.stdout + bumped.stderr).not.toMatch(/error/);
    expect(bumped.json().nodes.map((n: any) => [n.id, n.status])).toEqual([
      ['raw', 'cached'],
      ['lin', 'ran'],
      ['spec', 'cached'],
      ['spec2', 'ran'],
      ['save', 'ran'],
    ]);
  });

  it('checks the config against the declared schema when the workflow is saved', async () => {
    const bad = { name: 'bad', nodes: [{ id: 'raw', op: 'series', config: { name: 'temp' } }, { id: 'lin', op: 'scale/linear', config: { factor: 'two' }, inputs: ['raw'] }] };
    const r = await cli(['workflow', 'save', writeInput(tmp.dir, 'bad.json', bad), '--library', EXAMPLES, '--json', '--db', db]);
    expect(r.code).toBe(1);
    expect(r.json().error.message).toMatch(/lin.*factor/);
    const unknown = await cli(['workflow', 'save', writeInput(tmp.dir, 'wf.json', WF), '--json', '--db', db]);
    expect(unknown.code).toBe(1);
    expect(unknown.json().error.message).toMatch(/scale\/linear/);
  });

  it('a crashing or malformed node fails with the reason; its descendants are skipped, the rest run', async () => {
    await putSeries();
    const wf = {
      name: 'breaks',
      nodes: [
        { id: 'raw', op: 'series', config: { name: 'temp' } },
        { id: 'noidx', op: 'breaker/no_index', inputs: ['raw'] },
        { id: 'text', op: 'breaker/text', inputs: ['raw'] },
        { id: 'fine', op: 'scale/linear', config: { factor: 3 }, inputs: ['raw'] },
      ],
    };
    const r = await cli(['workflow', 'run', writeInput(tmp.dir, 'b.json', wf), '--library', FIX, '--library', EXAMPLES, '--json', '--db', db]);
    expect(r.code).toBe(1);
    const nodes = Object.fromEntries(r.json().nodes.map((n: any) => [n.id, n]));
    expect(nodes.noidx).toMatchObject({ status: 'failed', error: { code: 'plugin_malformed', message: expect.stringMatching(/neither of the index columns ts and frequency_hz/) } });
    expect(nodes.text).toMatchObject({ status: 'failed', error: { code: 'plugin_malformed', message: expect.stringMatching(/channel "label" of Dictionary<Int32, Utf8>: channels hold numbers/) } });
    expect(nodes.fine.status).toBe('ran');
    const out = (await cli(['workflow', 'output', 'breaks', 'fine', '--json', '--db', db])).json();
    expect(out.channels.temp).toEqual([3, 6, 9, 12]);

    // A crash fails the node (and whatever waits on it) with the reason; the plugin restarts for the next call.
    const crash = {
      name: 'crash',
      nodes: [
        { id: 'raw', op: 'series', config: { name: 'temp' } },
        { id: 'boom', op: 'breaker/crash', inputs: ['raw'] },
        { id: 'after', op: 'scale/linear', config: {}, inputs: ['boom'] },
        { id: 'fine', op: 'scale/linear', config: { factor: 3 }, inputs: ['raw'] },
      ],
    };
    const c = await cli(['workflow', 'run', writeInput(tmp.dir, 'c.json', crash), '--library', FIX, '--library', EXAMPLES, '--json', '--db', db]);
    const cn = Object.fromEntries(c.json().nodes.map((n: any) => [n.id, n]));
    expect(cn.boom).toMatchObject({ status: 'failed', error: { code: 'plugin_failed', message: expect.stringMatching(/plugin node breaker\/crash: plugin breaker stopped \(crash\): exited with code 9/) } });
    expect(cn.after.status).toBe('skipped');
    expect(cn.fine.status).toBe('cached');
  });
});
