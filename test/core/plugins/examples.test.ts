import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { Field, Float64, makeData, RecordBatch, Schema, Struct, Table, tableFromIPC, tableToIPC } from 'apache-arrow';
import { checkLibrary, PluginHost } from '../../../core/plugins/index.js';
import { childProcessLauncher, nodeLaunchSpec, scanLibraries } from '../../../core/plugins/node/index.js';

const EXAMPLES = join(import.meta.dirname, '..', '..', '..', 'plugins', 'examples');
let host: PluginHost | null = null;
afterEach(() => host?.dispose());

describe('example plugins (discovered like user plugins)', () => {
  it('all pass the check', async () => {
    const report = checkLibrary(await scanLibraries([EXAMPLES], { probe: false }));
    expect(report.plugins.filter((p) => p.status !== 'ok')).toEqual([]);
    expect(report.errors).toEqual([]);
  });

  it('scale (a workflow node type) transforms an Arrow table in its own process', async () => {
    const entry = (await scanLibraries([EXAMPLES], { probe: false })).find((e) => e.name === 'scale')!;
    expect(entry).toMatchObject({ kind: 'nodes', group: 'transforms', capabilities: ['node'] });
    host = new PluginHost('scale', nodeLaunchSpec(join(entry.path, entry.manifest!.entry!)), childProcessLauncher);
    const fields = [new Field('ts', new Float64(), false), new Field('value', new Float64(), false)];
    const children = [makeData({ type: new Float64(), data: new Float64Array([1, 2, 3]), length: 3 }), makeData({ type: new Float64(), data: new Float64Array([0, 1, 2]), length: 3 })];
    const t = new Table([new RecordBatch(new Schema(fields), makeData({ type: new Struct(fields), length: 3, nullCount: 0, children }))]);
    const bytes = tableToIPC(t, 'stream');
    const r = await host.call('node.linear', { config: { factor: 2, offset: 1 }, tables: [bytes.length] }, bytes);
    expect(r.value).toEqual({ rows: 3 });
    const out = tableFromIPC(r.payload);
    // The index column passes through; every channel is scaled.
    expect(Array.from(out.getChild('ts')!.toArray() as Float64Array)).toEqual([1, 2, 3]);
    expect(Array.from(out.getChild('value')!.toArray() as Float64Array)).toEqual([1, 3, 5]);
  });
});
