import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { startPluginRuntime } from '../../../core/plugins/node/index.js';
import { Store } from '../../../core/store/index.js';
import { cli, tempDir, writeInput } from '../../helpers/cli.js';

const PY = join(import.meta.dirname, '..', '..', 'fixtures', 'plugins', 'python');
const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('Python plugins with JSON data (standard library only, real python3 process)', () => {
  it('a node type runs in a workflow; a new-revision hook writes a revision', async () => {
    const t = tempDir();
    cleanups.push(() => t.cleanup());
    const db = join(t.dir, 's.db');
    const pts = [1, 2, 3].map((v, i) => [new Date(Date.UTC(2024, 0, 1) + i * 1000).toISOString(), v]);
    expect((await cli(['series', 'put', 'src', writeInput(t.dir, 'p.json', pts), '--db', db])).code).toBe(0);
    const wf = { name: 'py', nodes: [{ id: 'raw', op: 'series', config: { name: 'src' } }, { id: 'x2', op: 'pydouble/double', inputs: ['raw'] }, { id: 'save', op: 'save', config: { name: 'src_x2' }, inputs: ['x2'] }] };
    const r = await cli(['workflow', 'run', writeInput(t.dir, 'wf.json', wf), '--library', PY, '--db', db, '--json']);
    expect(r.stderr).toBe('');
    expect(r.json().nodes.map((n: any) => n.status)).toEqual(['ran', 'ran', 'ran']);
    expect((await cli(['series', 'get', 'src_x2', '--db', db, '--json'])).json().points.map((p: any) => p[1])).toEqual([2, 4, 6]);

    const s = new Store(db);
    cleanups.push(() => s.close());
    const rt = await startPluginRuntime([PY], s);
    cleanups.push(() => rt.stop());
    s.update('src', { tzaware: true, valueType: 'float64', times: Float64Array.from([Date.UTC(2024, 0, 2) * 1000]), values: Float64Array.from([10]) });
    const events = await rt.scheduler.poll();
    expect(events.map((e) => [e.hook, e.status, e.written])).toEqual([['pydouble/copy', 'ok', ['src_copy']]]);
    expect(Array.from(s.get('src_copy').values as Float64Array)).toEqual([1.5, 2.5, 3.5, 10.5]);
    expect(s.revisions('src_copy')[0]!.source).toBe('plugin:pydouble/copy');
  });
});
