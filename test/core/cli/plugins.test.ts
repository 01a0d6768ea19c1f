import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cpSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { cli, tempDir } from '../../helpers/cli.js';

const FIX = join(import.meta.dirname, '..', '..', 'fixtures', 'plugins');
const EXAMPLES = join(import.meta.dirname, '..', '..', '..', 'plugins', 'examples');

let t: { dir: string; cleanup(): void };
let db: string;
beforeEach(() => {
  t = tempDir();
  db = join(t.dir, 's.db');
});
afterEach(() => t.cleanup());

describe('strata plugins list', () => {
  it('lists the plugins of every --library, in the documented shape', async () => {
    const r = await cli(['plugins', 'list', '--library', EXAMPLES, '--library', join(FIX, 'good'), '--json']);
    expect(r.code).toBe(0);
    const rows = r.json();
    expect(rows.find((p: any) => p.name === 'count_points')).toEqual({
      name: 'count_points',
      kind: 'analysis',
      group: 'custom_statistics',
      capabilities: ['help', 'metadata', 'analyze'],
      path: join(EXAMPLES, 'analysis/custom_statistics/custom_modules/custom_modules'),
      status: 'ok',
    });
    expect(rows.map((p: any) => p.name).sort()).toEqual(['clean', 'count_points', 'derive', 'despike', 'double', 'extremes', 'heartbeat', 'js_stats', 'nightly', 'percent', 'raw_stats', 'scale', 'stats', 'value_range']);
  });

  it('scans the library in the user data folder by default', async () => {
    const home = join(t.dir, 'config');
    mkdirSync(join(home, 'Strata'), { recursive: true });
    cpSync(EXAMPLES, join(home, 'Strata', 'library'), { recursive: true });
    const r = await cli(['plugins', 'list', '--json'], { env: { XDG_CONFIG_HOME: home } });
    expect(r.json().map((p: any) => p.name)).toEqual(['count_points', 'value_range', 'extremes', 'despike', 'percent', 'raw_stats', 'heartbeat', 'scale', 'stats']);
  });

  it('reports bad plugins with status error and still exits 0', async () => {
    const r = await cli(['plugins', 'list', '--library', join(FIX, 'broken'), '--json']);
    expect(r.code).toBe(0);
    const garbage = r.json().find((p: any) => p.name === 'garbage');
    expect(garbage).toMatchObject({ status: 'error', error: expect.stringMatching(/printed garbage/) });
  });
});

describe('strata plugins check', () => {
  it('gives the hook order from the manifests and exits 0 for a good library', async () => {
    const r = await cli(['plugins', 'check', '--library', join(FIX, 'good'), '--json']);
    expect(r.code).toBe(0);
    expect(r.json()).toEqual({
      plugins: ['js_stats', 'clean', 'derive', 'nightly', 'double'].map((name) => ({ name, status: 'ok' })),
      hook_order: ['clean/despike', 'derive/ratio'],
      errors: [],
    });
  });

  it('reports a cycle among correlation hooks with code cycle, listing the hooks; exit 1', async () => {
    const r = await cli(['plugins', 'check', '--library', join(FIX, 'cycle'), '--json']);
    expect(r.code).toBe(1);
    const report = r.json();
    expect(report.errors).toEqual([{ code: 'cycle', message: 'correlation hooks form a cycle: h1/step → h2/step → h3/step → h1/step', cycle: ['h1/step', 'h2/step', 'h3/step', 'h1/step'] }]);
    expect(report.hook_order).toEqual([]);
    expect(r.stderr).toMatch(/^error\[cycle\]: correlation hooks form a cycle/);
  });

  it('reports bad manifests without running any executable; exit 1', async () => {
    const r = await cli(['plugins', 'check', '--library', join(FIX, 'broken'), '--json']);
    expect(r.code).toBe(1);
    const plugins = r.json().plugins;
    expect(plugins.find((p: any) => p.name === 'not_json')).toMatchObject({ status: 'error', error: expect.stringMatching(/not JSON/) });
    // The garbage executable was not run, so nothing is known against it.
    expect(plugins.find((p: any) => p.name === 'garbage')).toEqual({ name: 'garbage', status: 'ok' });
  });
});

describe('strata analyze', () => {
  it('runs a long-lived analysis (extremes, TS) and checks what it answers', async () => {
    await cli(['series', 'put', 'temp', '-', '--db', db], { stdin: '[["2024-01-01T00:00:00Z", 3], ["2024-01-01T01:00:00Z", 9]]' });
    await cli(['series', 'put', 'other', '-', '--db', db], { stdin: '[["2024-01-01T00:00:00Z", 1]]' });
    const r = await cli(['analyze', 'extremes', 'temp', 'other', '--library', EXAMPLES, '--db', db, '--json']);
    expect(r.stderr).toBe('');
    expect(r.json().statistics.find((x: any) => x.name === 'temp: time of maximum')).toEqual({ name: 'temp: time of maximum', dataType: 'timestamp', result: '2024-01-01T01:00:00.000Z' });
    const lib = ['--library', join(FIX, 'analyses'), '--db', db, '--json'];
    const uni = await cli(['analyze', 'liar_stats', 'temp', 'other', ...lib]);
    expect(uni.json().error.message).toMatch(/liar_stats is univariate: give it one series, got 2/);
    const bad = await cli(['analyze', 'liar_stats', 'temp', ...lib]);
    expect(bad.json().error).toMatchObject({ code: 'plugin_malformed', message: expect.stringMatching(/plugin liar_stats returned a malformed result: statistics/) });
  });

  it('runs the Timeseer count_points example on a stored series', async () => {
    await cli(['series', 'put', 'temp', '-', '--db', db], { stdin: '[["2024-01-01T00:00:00Z", 1], ["2024-01-01T01:00:00Z", 2], ["2024-01-01T02:00:00Z", 4]]' });
    const r = await cli(['analyze', 'count_points', 'temp', '--library', EXAMPLES, '--db', db, '--json']);
    expect(r.stderr).toBe('');
    expect(r.json()).toEqual({ statistics: [{ name: 'Number of data points', dataType: 'float', result: 3 }] });
    const text = await cli(['analyze', 'count_points', 'temp', '--library', EXAMPLES, '--db', db]);
    expect(text.stdout).toMatch(/Number of data points\s+float\s+3/);
  });

  it('runs the Python value_range example (standard library, reads the JSON copy)', async () => {
    await cli(['series', 'put', 'temp', '-', '--db', db], { stdin: '[["2024-01-01T00:00:00Z", 1], ["2024-01-01T01:00:00Z", 2], ["2024-01-01T02:00:00Z", 6]]' });
    const r = await cli(['analyze', 'value_range', 'temp', '--library', EXAMPLES, '--db', db, '--json']);
    expect(r.json()).toEqual({
      statistics: [
        { name: 'Minimum', dataType: 'float', result: 1 },
        { name: 'Maximum', dataType: 'float', result: 6 },
        { name: 'Mean', dataType: 'float', result: 3 },
      ],
    });
  });

  it('passes --config to the module', async () => {
    await cli(['series', 'put', 'temp', '-', '--db', db], { stdin: '[["2024-01-01T00:00:00Z", 1], ["2024-01-01T01:00:00Z", 3]]' });
    const r = await cli(['analyze', 'stats', 'temp', '--config', '{"scale": 10}', '--library', join(FIX, 'misbehaving'), '--db', db, '--json']);
    expect(r.json().statistics).toEqual([
      { name: 'mean', dataType: 'float', result: 2 },
      { name: 'scale', dataType: 'float', result: 10 },
    ]);
  });

  it('fails clearly: unknown module, crashing module, bad --config, unknown series', async () => {
    await cli(['series', 'put', 'temp', '-', '--db', db], { stdin: '[["2024-01-01T00:00:00Z", 1]]' });
    const lib = ['--library', join(FIX, 'misbehaving'), '--db', db];
    const unknown = await cli(['analyze', 'nope', 'temp', ...lib]);
    expect([unknown.code, unknown.stderr]).toEqual([1, 'error[unknown_plugin]: no analysis module named "nope" in the libraries\n']);
    const crash = await cli(['analyze', 'crash', 'temp', ...lib, '--json']);
    expect(crash.code).toBe(1);
    expect(crash.json().error).toMatchObject({ code: 'plugin_failed', reason: 'crash' });
    expect(crash.stderr).toMatch(/crash \(.*multi\) exited with code 3 during analyze: boom/);
    const config = await cli(['analyze', 'stats', 'temp', '--config', '[1', ...lib]);
    expect([config.code, config.stderr]).toEqual([2, 'error[usage]: --config is not JSON: [1\n']);
    const series = await cli(['analyze', 'stats', 'nope', ...lib]);
    expect(series.stderr).toMatch(/^error\[unknown_series\]/);
  });
});

describe('strata plugins check on the examples', () => {
  it('orders the example correlation hooks despike → percent', async () => {
    const r = await cli(['plugins', 'check', '--library', EXAMPLES, '--json']);
    expect(r.code).toBe(0);
    expect(r.json().hook_order).toEqual(['despike/clean', 'percent/of_max']);
  });
});
