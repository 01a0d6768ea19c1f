import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { scanLibraries } from '../../../core/plugins/node/index.js';

const FIX = join(import.meta.dirname, '..', '..', 'fixtures', 'plugins');
const EXAMPLES = join(import.meta.dirname, '..', '..', '..', 'plugins', 'examples');

describe('scanLibraries', () => {
  it('finds manifest plugins in nested groups, with kind, group and capabilities', async () => {
    const entries = await scanLibraries([join(FIX, 'good')]);
    const byName = Object.fromEntries(entries.map((e) => [e.name, e]));
    expect(Object.keys(byName).sort()).toEqual(['clean', 'derive', 'double', 'js_stats', 'nightly']);
    expect(byName.js_stats).toMatchObject({ kind: 'analysis', group: 'stats/nested', capabilities: ['analyze', 'help'], status: 'ok', path: join(FIX, 'good/analysis/stats/nested/js_stats') });
    expect(byName.double).toMatchObject({ kind: 'operators', group: 'math', status: 'ok' });
    expect(entries.every((e) => e.status === 'ok')).toBe(true);
  });

  it('reports bad manifests, wrong kinds, unknown kind folders and garbage-printing executables without failing', async () => {
    const entries = await scanLibraries([join(FIX, 'broken')]);
    const err = (name: string) => entries.find((e) => e.name === name)?.error ?? '(no error)';
    expect(entries.every((e) => e.status === 'error')).toBe(true);
    expect(err('not_json')).toMatch(/plugin\.json is not JSON/);
    expect(err('no_caps')).toMatch(/capabilities/);
    expect(err('wrong_kind')).toMatch(/says kind "hooks" but the plugin sits in the "analysis" folder/);
    expect(err('garbage')).toMatch(/printed garbage instead of its module map: "Hello, I am not JSON"/);
    expect(err('bad_cron')).toMatch(/bad cron expression/);
    expect(err('widgets')).toMatch(/unknown plugin kind folder "widgets"/);
  });

  it('runs Timeseer executables to list their modules, one entry per module', async () => {
    const entries = await scanLibraries([EXAMPLES, join(FIX, 'misbehaving')]);
    const cp = entries.find((e) => e.name === 'count_points')!;
    expect(cp).toMatchObject({ kind: 'analysis', group: 'custom_statistics', capabilities: ['help', 'metadata', 'analyze'], status: 'ok', runtime: 'executable', module: 'count_points' });
    expect(cp.path).toBe(join(EXAMPLES, 'analysis/custom_statistics/custom_modules/custom_modules'));
    expect(entries.filter((e) => e.group === 'trouble').map((e) => e.name)).toEqual(['crash', 'echo', 'flood', 'garbage', 'hang', 'malformed', 'stats']);
  });

  it('does not run executables when asked not to probe', async () => {
    const entries = await scanLibraries([join(FIX, 'broken')], { probe: false });
    expect(entries.find((e) => e.name === 'garbage')).toMatchObject({ status: 'ok', capabilities: [], runtime: 'executable' });
  });

  it('treats a missing library folder as empty', async () => {
    expect(await scanLibraries([join(FIX, 'does-not-exist')])).toEqual([]);
  });

  it('puts a hanging probe on a deadline and reports it', async () => {
    const t0 = Date.now();
    const entries = await scanLibraries([join(FIX, 'slow')], { probeLimits: { timeoutMs: 300, maxOutputBytes: 1 << 20 } });
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ status: 'error', name: 'sleepy' });
    expect(entries[0]!.error).toMatch(/did not finish within 300 ms/);
  });
});
