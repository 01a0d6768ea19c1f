import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findAnalysis, runAnalysis, scanLibraries, type RunLimits } from '../../../core/plugins/node/index.js';
import type { PluginEntry } from '../../../core/plugins/index.js';
import type { TimeSeries } from '../../../core/series/index.js';
import { tempDir } from '../../helpers/cli.js';

const FIX = join(import.meta.dirname, '..', '..', 'fixtures', 'plugins');
const EXAMPLES = join(import.meta.dirname, '..', '..', '..', 'plugins', 'examples');
const LIMITS: RunLimits = { timeoutMs: 5000, maxOutputBytes: 1 << 20 };

const entries: PluginEntry[] = await scanLibraries([EXAMPLES, join(FIX, 'misbehaving'), join(FIX, 'broken')]);
const series = (n: number): TimeSeries => {
  const times = new Float64Array(n).map((_, i) => 1_700_000_000_000_000 + i * 1_000_000);
  return { tzaware: true, valueType: 'float64', times, values: new Float64Array(n).map((_, i) => i) };
};
const input = (n = 3) => [{ name: 'temp', series: series(n), metadata: { unit: 'degC' } }];
const tempFiles = () => readdirSync(tmpdir()).filter((f) => f.startsWith('strata-analyze-')).length;

/** Running (a killed orphan may linger as a zombie until its new parent reaps it: that counts as stopped). */
function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

describe('Timeseer analyses', () => {
  it('runs the count_points example unchanged: Arrow file in, statistics out', async () => {
    const r = await runAnalysis(findAnalysis(entries, 'count_points'), input(5), {}, LIMITS);
    expect(r).toEqual({ statistics: [{ name: 'Number of data points', dataType: 'float', result: 5 }] });
  });

  it('sends data.path (a Feather v2 file), the JSON copy, the series name, metadata and config', async () => {
    const before = tempFiles();
    const r = (await runAnalysis(findAnalysis(entries, 'echo'), input(3), { window: 2 }, LIMITS)) as any;
    expect(r.magic).toBe('ARROW1');
    expect(r.request.series).toEqual({ name: 'temp', metadata: { unit: 'degC' } });
    expect(r.request.config).toEqual({ window: 2 });
    expect(r.request.data.path).toMatch(/series-0\.arrow$/);
    expect(r.copy).toEqual({ ts: [1_700_000_000_000_000, 1_700_000_001_000_000, 1_700_000_002_000_000], value: [0, 1, 2] });
    // Temporary files are gone after the run.
    expect(existsSync(r.request.data.path)).toBe(false);
    expect(tempFiles()).toBe(before);
  });

  it('passes every series to a multivariate module and refuses several series for a univariate one', async () => {
    const two = [...input(2), { name: 'flow', series: series(4), metadata: {} }];
    const r = (await runAnalysis(findAnalysis(entries, 'echo'), two, {}, LIMITS)) as any;
    expect(r.request.inputs.map((i: any) => i.name)).toEqual(['temp', 'flow']);
    await expect(runAnalysis(findAnalysis(entries, 'count_points'), two, {}, LIMITS)).rejects.toThrow(/count_points is univariate/);
  });

  it('reports a crash with the exit code and stderr, naming the module', async () => {
    await expect(runAnalysis(findAnalysis(entries, 'crash'), input(), {}, LIMITS)).rejects.toThrow(/crash \(.*multi\) exited with code 3 during analyze: boom: division by zero/);
  });

  it('reports garbage and malformed results', async () => {
    await expect(runAnalysis(findAnalysis(entries, 'garbage'), input(), {}, LIMITS)).rejects.toMatchObject({ code: 'plugin_garbage', message: expect.stringMatching(/garbage \(.*\) printed garbage instead of JSON during analyze/) });
    await expect(runAnalysis(findAnalysis(entries, 'malformed'), input(), {}, LIMITS)).rejects.toMatchObject({ code: 'plugin_malformed', message: expect.stringMatching(/malformed .* returned a malformed result: statistics\.0\.dataType/) });
  });

  it('stops a flood at the output cap', async () => {
    await expect(runAnalysis(findAnalysis(entries, 'flood'), input(), {}, { timeoutMs: 5000, maxOutputBytes: 256 * 1024 })).rejects.toMatchObject({ code: 'plugin_failed', details: { reason: 'flood' } });
  });

  it('stops a hang at the deadline, with the children it started (no orphans)', async () => {
    const t = tempDir();
    try {
      const pidfile = join(t.dir, 'pid');
      const t0 = Date.now();
      await expect(runAnalysis(findAnalysis(entries, 'hang'), input(), { pidfile }, { timeoutMs: 2500, maxOutputBytes: 1 << 20 })).rejects.toMatchObject({
        details: { reason: 'timeout' },
        message: expect.stringMatching(/hang \(.*\): did not finish within 2500 ms/),
      });
      expect(Date.now() - t0).toBeLessThan(5000);
      const child = Number(readFileSync(pidfile, 'utf8'));
      await new Promise((r) => setTimeout(r, 100));
      expect(pidAlive(child)).toBe(false);
    } finally {
      t.cleanup();
    }
  });

  it('names a missing, broken or non-analysis module', () => {
    expect(() => findAnalysis(entries, 'nope')).toThrow(/no analysis module named "nope"/);
    expect(() => findAnalysis(entries, 'garbage_exe')).toThrow(/no analysis module/);
    const broken = entries.filter((e) => e.name === 'not_json');
    expect(() => findAnalysis(broken, 'not_json')).toThrow(/is broken: plugin\.json is not JSON/);
  });
});

describe('long-lived analyses (a manifest plugin with the analyze capability, real process)', () => {
  it('runs the extremes example on several series (Arrow tables over the wire protocol)', async () => {
    const entries = await scanLibraries([join(import.meta.dirname, '..', '..', '..', 'plugins', 'examples')], { probe: false });
    const plugin = findAnalysis(entries, 'extremes');
    expect(plugin.runtime).toBe('manifest');
    const a = { name: 'a', metadata: {}, series: { tzaware: true, valueType: 'float64' as const, times: Float64Array.from([0, 1e6, 2e6]), values: Float64Array.from([5, -1, 3]) } };
    const b = { name: 'b', metadata: {}, series: { tzaware: true, valueType: 'float64' as const, times: Float64Array.from([0]), values: Float64Array.from([7]) } };
    const r = (await runAnalysis(plugin, [a, b], {})) as any;
    expect(r.statistics).toEqual([
      { name: 'a: minimum', dataType: 'float', result: -1 },
      { name: 'a: time of minimum', dataType: 'timestamp', result: '1970-01-01T00:00:01.000Z' },
      { name: 'a: maximum', dataType: 'float', result: 5 },
      { name: 'a: time of maximum', dataType: 'timestamp', result: '1970-01-01T00:00:00.000Z' },
      { name: 'b: minimum', dataType: 'float', result: 7 },
      { name: 'b: time of minimum', dataType: 'timestamp', result: '1970-01-01T00:00:00.000Z' },
      { name: 'b: maximum', dataType: 'float', result: 7 },
      { name: 'b: time of maximum', dataType: 'timestamp', result: '1970-01-01T00:00:00.000Z' },
    ]);
  });
});
