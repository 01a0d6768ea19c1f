import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { PluginHost, runCorrelationHooks, type Manifest } from '../../../core/plugins/index.js';
import { childProcessLauncher, nodeLaunchSpec, scanLibraries } from '../../../core/plugins/node/index.js';
import { Store } from '../../../core/store/index.js';
import { tempDir } from '../../helpers/cli.js';

const EXAMPLES = join(import.meta.dirname, '..', '..', '..', 'plugins', 'examples');
const hosts: PluginHost[] = [];
const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const h of hosts.splice(0)) h.dispose();
  for (const c of cleanups.splice(0)) c();
});

async function examplePlugins(names: string[]) {
  const entries = await scanLibraries([EXAMPLES], { probe: false });
  return names.map((name) => {
    const e = entries.find((x) => x.name === name)!;
    const host = new PluginHost(name, nodeLaunchSpec(join(e.path, e.manifest!.entry!)), childProcessLauncher);
    hosts.push(host);
    return { name, manifest: e.manifest!, host };
  });
}

function store(): Store {
  const t = tempDir();
  const s = new Store(join(t.dir, 's.db'));
  cleanups.push(() => (s.close(), t.cleanup()));
  return s;
}
const HOUR = 3_600_000_000;
const T0 = 1_700_000_000_000_000;

describe('runCorrelationHooks (example hooks despike → percent, real processes)', () => {
  it('runs the hooks in declared order and writes revisions whose source names the hook', async () => {
    const s = store();
    s.update('raw', { tzaware: true, valueType: 'float64', times: Float64Array.from([0, 1, 2, 3], (k) => T0 + k * HOUR), values: Float64Array.from([1, 2, 50, 4]) });
    // Given in the wrong order on purpose: the order comes from depends_on / may_change.
    const plugins = await examplePlugins(['percent', 'despike']);
    const r = await runCorrelationHooks(plugins, s, ['raw']);
    expect(r.issues).toEqual([]);
    expect(r.runs).toEqual([
      { hook: 'despike/clean', status: 'ok', written: ['clean'] },
      { hook: 'percent/of_max', status: 'ok', written: ['clean_pct'] },
    ]);
    expect(Array.from(s.get('clean').values as Float64Array)).toEqual([1, 2, 4]);
    expect(Array.from(s.get('clean').times)).toEqual([T0, T0 + HOUR, T0 + 3 * HOUR]);
    expect(Array.from(s.get('clean_pct').values as Float64Array)).toEqual([25, 50, 100]);
    expect(s.revisions('clean_pct').at(-1)).toMatchObject({ source: 'plugin:percent/of_max' });
  });

  it('skips hooks whose inputs did not change', async () => {
    const s = store();
    s.update('clean', { tzaware: true, valueType: 'float64', times: Float64Array.from([T0]), values: Float64Array.from([2]) });
    const r = await runCorrelationHooks(await examplePlugins(['despike', 'percent']), s, ['clean']);
    expect(r.runs.map((x) => [x.hook, x.status])).toEqual([
      ['despike/clean', 'skipped'],
      ['percent/of_max', 'ok'],
    ]);
  });

  it('refuses a write to a series the hook did not declare, and keeps going', async () => {
    const s = store();
    s.update('raw', { tzaware: true, valueType: 'float64', times: Float64Array.from([T0]), values: Float64Array.from([1]) });
    const [despike] = await examplePlugins(['despike']);
    const lying: Manifest = { ...despike!.manifest, hooks: [{ ...despike!.manifest.hooks[0]!, may_change: ['other'] }] };
    const r = await runCorrelationHooks([{ ...despike!, manifest: lying }], s, ['raw']);
    expect(r.runs[0]).toMatchObject({ status: 'error', error: { code: 'undeclared_write', message: 'despike/clean wrote "clean", not in its may_change' } });
    expect(s.exists('clean')).toBe(false);
  });
});
