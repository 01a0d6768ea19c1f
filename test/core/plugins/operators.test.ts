import { afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { cli, tempDir, writeInput } from '../../helpers/cli.js';
import { check, createRegistry, evaluate, MemoryResolver, parse } from '../../../core/formula/index.js';
import type { PluginSet } from '../../../core/plugins/index.js';
import { loadPlugins } from '../../../core/plugins/node/index.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const EXAMPLES = join(ROOT, 'plugins', 'examples');
const FIX = join(ROOT, 'test', 'fixtures', 'plugins', 'operators');
const H = 3_600_000_000;
const T0 = 1_700_000_000_000_000;

const sets: PluginSet[] = [];
afterEach(() => {
  for (const s of sets.splice(0)) s.dispose();
});

async function registry(dirs: string[]) {
  const set = await loadPlugins(dirs, { limits: { backoffBaseMs: 10 } });
  sets.push(set);
  const reg = createRegistry();
  const r = set.addOperators(reg);
  return { set, reg, ...r };
}

function resolver() {
  const r = new MemoryResolver();
  r.set('temp', { tzaware: true, valueType: 'float64', times: Float64Array.from([0, 1, 2, 3], (k) => T0 + k * H), values: Float64Array.from([1, 2, 3, 6]) });
  return r;
}

async function points(text: string, reg: ReturnType<typeof createRegistry>) {
  const res = await evaluate(text, resolver(), { registry: reg });
  if (res.kind !== 'series') throw new Error(`expected a series, got ${res.kind}`);
  return { times: Array.from(res.series.times), values: Array.from(res.series.values as Float64Array) };
}

describe('plugin formula operators (stats example, real process)', () => {
  it('registers the declared signatures without starting the plugin', async () => {
    const { set, reg, registered, issues } = await registry([EXAMPLES]);
    expect(issues).toEqual([]);
    expect(registered).toEqual(['zscore', 'ewm-mean']);
    const d = reg.describe().find((o) => o.name === 'ewm-mean')!;
    expect(d).toMatchObject({ owner: 'stats', builtin: false, origin: expect.stringMatching(/^plugin:stats@/), returns: 'series', family: 'statistics' });
    expect(d.params).toEqual([
      { name: 'series', type: 'series', optional: false, doc: 'the series to smooth' },
      { name: 'alpha', type: 'number', default: 0.5, optional: true, doc: 'smoothing factor, 0 < alpha <= 1 (1: no smoothing)' },
    ]);
    // Type-checked like a built-in: a wrong argument type or an unknown keyword is a diagnostic, nothing runs.
    const bad = parse('(zscore 3 #:nope 1)');
    if (!bad.ok) throw new Error('parse');
    const diags = check(bad.ast, reg).diagnostics.map((x) => x.code);
    expect(diags).toContain('type_mismatch');
    expect(diags).toContain('unknown_keyword');
    expect(set.startedHosts()).toEqual([]);
  });

  it('evaluates in the plugin process: zscore and ewm-mean, positional and keyword arguments', async () => {
    const { reg, set } = await registry([EXAMPLES]);
    const z = await points('(zscore (series "temp"))', reg);
    const mean = 3;
    const sd = Math.sqrt((4 + 1 + 0 + 9) / 4);
    expect(z.times).toEqual([T0, T0 + H, T0 + 2 * H, T0 + 3 * H]);
    z.values.forEach((v, i) => expect(v).toBeCloseTo(([1, 2, 3, 6][i]! - mean) / sd, 12));
    const sample = await points('(zscore (series "temp") #:ddof 1)', reg);
    expect(sample.values[3]).toBeCloseTo(3 / Math.sqrt(14 / 3), 12);
    expect((await points('(ewm-mean (series "temp") 0.5)', reg)).values).toEqual([1, 1.5, 2.25, 4.125]);
    expect((await points('(ewm-mean (series "temp") #:alpha 1)', reg)).values).toEqual([1, 2, 3, 6]);
    // Composes with built-ins both ways.
    expect((await points('(add (ewm-mean (series "temp")) (series "temp"))', reg)).values).toEqual([2, 3.5, 5.25, 10.125]);
    expect(set.startedHosts().map((h) => h.name)).toEqual(['stats']);
    expect(set.startedHosts()[0]!.pid).toBeGreaterThan(0);
  });

  it('a failure inside the plugin is a positioned formula error naming the plugin', async () => {
    const { reg } = await registry([EXAMPLES]);
    await expect(evaluate('(ewm-mean (series "temp") 2)', resolver(), { registry: reg })).rejects.toMatchObject({
      code: 'evaluation_failed',
      message: expect.stringMatching(/ewm-mean: plugin stats: alpha must be in \(0, 1\], got 2/),
    });
  });

  it('refuses to replace a built-in or another plugin operator, naming the plugin', async () => {
    const { registered, issues, reg } = await registry([EXAMPLES, FIX]);
    expect(registered).toContain('zscore');
    expect(issues).toEqual(
      expect.arrayContaining([
        { code: 'bad_operator', message: 'plugin clash: operator "add" is built in and cannot be replaced' },
        { code: 'bad_operator', message: 'plugin clash: operator "zscore" is already registered by stats' },
      ]),
    );
    expect(reg.get('add')!.builtin).toBe(true);
    expect(reg.get('zscore')!.owner).toBe('stats');
  });

  it('malformed answers and crashes fail the call with the reason; the next call works again', async () => {
    const { reg, set } = await registry([FIX, EXAMPLES]);
    await expect(evaluate('(liar-text (series "temp"))', resolver(), { registry: reg })).rejects.toMatchObject({
      message: expect.stringMatching(/liar-text: plugin liar answered a string but the operator returns series/),
    });
    await expect(evaluate('(liar-order (series "temp"))', resolver(), { registry: reg })).rejects.toMatchObject({
      message: expect.stringMatching(/plugin liar timestamps are not strictly increasing at row 1/),
    });
    await expect(evaluate('(liar-crash (series "temp"))', resolver(), { registry: reg })).rejects.toMatchObject({
      message: expect.stringMatching(/plugin liar stopped \(crash\): exited with code 7/),
    });
    expect(set.host('liar').failures.map((f) => f.reason)).toEqual(['crash']);
    // The app carries on: the other plugin and built-ins still evaluate, and the crashed one restarts.
    expect((await points('(ewm-mean (series "temp") 1)', reg)).values).toEqual([1, 2, 3, 6]);
    await expect(evaluate('(liar-text (series "temp"))', resolver(), { registry: reg })).rejects.toMatchObject({ message: expect.stringMatching(/answered a string/) });
  });

  it('a Python operator with JSON data (standard library only), series and scalar answers', async () => {
    const { reg } = await registry([FIX]);
    expect((await points('(py-offset (series "temp") #:by 10)', reg)).values).toEqual([11, 12, 13, 16]);
    const n = await evaluate('(py-count (series "temp"))', resolver(), { registry: reg });
    expect(n).toEqual({ kind: 'scalar', value: 4 });
  });

  it('disposing the set stops every plugin process', async () => {
    const { reg, set } = await registry([EXAMPLES]);
    await points('(zscore (series "temp"))', reg);
    const pid = set.startedHosts()[0]!.pid!;
    expect(() => process.kill(pid, 0)).not.toThrow();
    set.dispose();
    await new Promise((r) => setTimeout(r, 200));
    expect(() => process.kill(pid, 0)).toThrow();
  });
});

describe('strata formula with plugin operators', () => {
  it('eval --library, the default library, operators --json, and plugins check reporting clashes', async () => {
    const t = tempDir();
    try {
      const db = join(t.dir, 's.db');
      const pts = [1, 2, 3, 6].map((v, i) => [new Date(T0 / 1000 + (i * H) / 1000).toISOString(), v]);
      expect((await cli(['series', 'put', 'temp', writeInput(t.dir, 'p.json', pts), '--db', db])).code).toBe(0);
      const r = await cli(['formula', 'eval', '(ewm-mean (series "temp") 0.5)', '--library', EXAMPLES, '--db', db, '--json']);
      expect(r.stderr).toBe('');
      expect(r.json().points.map((p: any) => p[1])).toEqual([1, 1.5, 2.25, 4.125]);
      // Without a library that has it, the operator is unknown (a type-check error, exit 1).
      const none = await cli(['formula', 'eval', '(ewm-mean (series "temp") 0.5)', '--db', db, '--json']);
      expect(none.json().error.code).toBe('unknown_operator');
      // The user data folder's library is always scanned.
      const home = join(t.dir, 'config');
      mkdirSync(join(home, 'Strata'), { recursive: true });
      // Linked, not copied: the examples import the SDK by a path relative to their real place.
      symlinkSync(EXAMPLES, join(home, 'Strata', 'library'));
      const def = await cli(['formula', 'eval', '(zscore (series "temp"))', '--db', db, '--json'], { env: { XDG_CONFIG_HOME: home } });
      expect(def.json().points).toHaveLength(4);
      // A formula using a plugin operator registers with the library given.
      expect((await cli(['formula', 'register', 'smooth', '(ewm-mean (series "temp") 0.5)', '--library', EXAMPLES, '--db', db])).code).toBe(0);
      const ops = (await cli(['formula', 'operators', '--library', EXAMPLES, '--library', FIX, '--json'])).json();
      expect(ops.find((o: any) => o.name === 'zscore')).toMatchObject({ owner: 'stats', returns: 'series', keywords: [{ name: 'ddof', type: 'int', default: 0 }] });
      const check = await cli(['plugins', 'check', '--library', EXAMPLES, '--library', FIX, '--json']);
      expect(check.code).toBe(1);
      expect(check.json().errors).toEqual(expect.arrayContaining([{ code: 'bad_operator', message: 'plugin clash: operator "add" is built in and cannot be replaced' }]));
    } finally {
      t.cleanup();
    }
  });
});
