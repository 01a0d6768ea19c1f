import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { HookScheduler, parseManifest, type Clock, type HookEvent } from '../../../core/plugins/index.js';
import { startPluginRuntime, type PluginRuntime } from '../../../core/plugins/node/index.js';
import { Store } from '../../../core/store/index.js';
import { cli, tempDir, writeInput } from '../../helpers/cli.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const EXAMPLES = join(ROOT, 'plugins', 'examples');
const LIFE = join(ROOT, 'test', 'fixtures', 'plugins', 'lifecycle');
const H = 3_600_000_000;
const T0 = Date.UTC(2024, 0, 1) * 1000;

/** Timers that fire only when the test moves time forward. */
class FakeClock implements Clock {
  private timers: Array<{ at: number; fn: () => void; id: number }> = [];
  private n = 0;
  constructor(public t: number) {}
  now = () => this.t;
  setTimeout = (fn: () => void, ms: number) => {
    this.timers.push({ at: this.t + ms, fn, id: ++this.n });
    return this.n;
  };
  clearTimeout = (id: unknown) => void (this.timers = this.timers.filter((x) => x.id !== id));
  pending(): number {
    return this.timers.length;
  }
  /** Moves time forward, firing due timers in order and letting the hooks they start finish. */
  async advance(ms: number, s: HookScheduler): Promise<void> {
    const end = this.t + ms;
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at);
      const next = this.timers[0];
      if (!next || next.at > end) break;
      this.timers.shift();
      this.t = next.at;
      next.fn();
      await s.idle();
      await new Promise((r) => setImmediate(r));
    }
    this.t = end;
  }
}

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function store(): { s: Store; path: string } {
  const t = tempDir();
  const path = join(t.dir, 's.db');
  const s = new Store(path);
  cleanups.push(() => (s.close(), t.cleanup()));
  return { s, path };
}

async function runtime(dirs: string[], s: Store, opts: Parameters<typeof startPluginRuntime>[2] = {}): Promise<{ rt: PluginRuntime; events: HookEvent[] }> {
  const events: HookEvent[] = [];
  const rt = await startPluginRuntime(dirs, s, { ...opts, onRun: (e) => events.push(e) });
  cleanups.push(() => rt.dispose());
  return { rt, events };
}

const pts = (vals: number[], t0 = T0) => ({ tzaware: true, valueType: 'float64' as const, times: Float64Array.from(vals, (_, k) => t0 + k * H), values: Float64Array.from(vals) });

describe('HookScheduler: cron schedules (croner) with a fake clock', () => {
  it('fires the heartbeat example at its cron times, writing revisions whose source names the hook', async () => {
    const { s } = store();
    s.update('raw', pts([1, 2, 3]));
    const clock = new FakeClock(Date.parse('2024-01-01T00:01:00Z'));
    const { rt, events: all } = await runtime([EXAMPLES], s, { clock });
    const events = new Proxy(all, { get: (a, k) => Reflect.get(a.filter((e) => e.trigger === 'schedule'), k) });
    expect(rt.scheduler.nextRuns()).toEqual({ 'heartbeat/count': Date.parse('2024-01-01T00:05:00Z') });
    await clock.advance(3 * 60_000, rt.scheduler);
    expect(events).toEqual([]);
    await clock.advance(60_000, rt.scheduler);
    expect(events).toEqual([{ hook: 'heartbeat/count', status: 'ok', written: ['raw_count'], trigger: 'schedule', at: Date.parse('2024-01-01T00:05:00Z') }]);
    s.update('raw', pts([1, 2, 3, 4]));
    await clock.advance(10 * 60_000, rt.scheduler);
    expect(events.map((e) => new Date(e.at).toISOString())).toEqual(['2024-01-01T00:05:00.000Z', '2024-01-01T00:10:00.000Z', '2024-01-01T00:15:00.000Z']);
    const counts = s.get('raw_count');
    expect(Array.from(counts.times, (t) => new Date(t / 1000).toISOString())).toEqual(['2024-01-01T00:05:00.000Z', '2024-01-01T00:10:00.000Z', '2024-01-01T00:15:00.000Z']);
    expect(Array.from(counts.values as Float64Array)).toEqual([3, 4, 4]);
    expect(s.revisions('raw_count').map((r) => [r.source, r.author])).toEqual(Array(3).fill(['plugin:heartbeat/count', 'heartbeat']));
    // Disposable: no timer is left behind.
    expect(clock.pending()).toBeGreaterThan(0);
    rt.scheduler.dispose();
    expect(clock.pending()).toBe(0);
  });

  it('reads cron expressions in the hook time zone and waits past the longest timer delay', async () => {
    const m = parseManifest(
      JSON.stringify({ name: 'tz', version: '1', kind: 'hooks', entry: 'x.js', capabilities: ['hook'], hooks: [{ id: 'nine', on: 'schedule', cron: '0 9 * * *', timezone: 'Europe/Paris' }, { id: 'yearly', on: 'schedule', cron: '@yearly' }] }),
    );
    if (!m.ok) throw new Error(m.error);
    const clock = new FakeClock(Date.parse('2024-01-15T12:00:00Z'));
    const calls: string[] = [];
    const host = { call: async (method: string) => (calls.push(method), { value: null, payload: new Uint8Array(0) }) };
    const { s } = store();
    const sch = new HookScheduler([{ name: 'tz', manifest: m.manifest, host }], s, { clock });
    await sch.start();
    expect(sch.nextRuns()).toEqual({ 'tz/nine': Date.parse('2024-01-16T08:00:00Z'), 'tz/yearly': new Date(2025, 0, 1).getTime() });
    await clock.advance(40 * 24 * 3600_000, sch);
    expect(calls.filter((c) => c === 'hook.nine')).toHaveLength(40);
    expect(calls).not.toContain('hook.yearly');
    await clock.advance(320 * 24 * 3600_000, sch);
    expect(calls.filter((c) => c === 'hook.yearly')).toHaveLength(1);
    sch.dispose();
    expect(parseManifest(JSON.stringify({ name: 'x', version: '1', kind: 'hooks', entry: 'x.js', capabilities: ['hook'], hooks: [{ id: 'a', on: 'schedule', cron: '* * * * *', timezone: 'Mars/Olympus' }] }))).toMatchObject({ ok: false, error: expect.stringMatching(/unknown time zone "Mars\/Olympus"/) });
  });
});

describe('HookScheduler: new revisions, correlation, start and stop (real processes)', () => {
  it('a new revision of raw fires the new-revision hook and the correlation hooks, in order; its own writes do not refire', async () => {
    const { s, path } = store();
    s.update('raw', pts([1, 2, 50, 4]));
    const { rt, events } = await runtime([EXAMPLES], s, { clock: new FakeClock(Date.now()) });
    expect(rt.started).toEqual([]);
    expect(await rt.scheduler.poll()).toEqual([]);
    // Another connection (another process, e.g. the CLI) writes a new revision.
    const other = new Store(path);
    other.update('raw', pts([1, 2, 50, 4, 6]), { source: 'import' });
    other.close();
    const fired = await rt.scheduler.poll();
    expect(fired.map((e) => [e.hook, e.trigger, e.status, e.written])).toEqual([
      ['raw_stats/mean', 'new-revision', 'ok', ['raw_mean']],
      ['despike/clean', 'correlation', 'ok', ['clean']],
      ['percent/of_max', 'correlation', 'ok', ['clean_pct']],
    ]);
    expect(fired[0]!.changed).toEqual(['raw']);
    expect(Array.from(s.get('raw_mean').values as Float64Array)).toEqual([63 / 5]);
    expect(s.revisions('raw_mean')[0]!.source).toBe('plugin:raw_stats/mean');
    expect(Array.from(s.get('clean').values as Float64Array)).toEqual([1, 2, 4, 6]);
    expect(await rt.scheduler.poll()).toEqual([]);
    expect(events).toEqual(fired);
  });

  it('strata import while the runtime runs (real clock, polling) fires the hooks', async () => {
    const { s, path } = store();
    const { rt, events: all } = await runtime([EXAMPLES], s, { pollMs: 50 });
    const mine = () => all.filter((e) => e.hook === 'raw_stats/mean');
    const t = tempDir();
    cleanups.push(() => t.cleanup());
    const csv = writeInput(t.dir, 'raw.csv', 'timestamp,raw\n2024-01-01T00:00:00Z,2\n2024-01-01T01:00:00Z,4\n');
    const r = await cli(['import', csv, '--format', 'wide', '--db', path, '--json']);
    expect(r.code).toBe(0);
    for (let k = 0; k < 200 && !mine().length; k++) await new Promise((res) => setTimeout(res, 50));
    await rt.scheduler.idle();
    expect(mine().map((e) => [e.hook, e.trigger, e.status])).toEqual([['raw_stats/mean', 'new-revision', 'ok']]);
    expect(Array.from(s.get('raw_mean').values as Float64Array)).toEqual([3]);
  });

  it('start and stop hooks; config sent with each call and reloaded when the file changes; undeclared writes refused', async () => {
    const { s } = store();
    const t = tempDir();
    cleanups.push(() => t.cleanup());
    // A copy of the fixture's manifest and config in a temp library, running the fixture's code.
    const dir = join(t.dir, 'hooks', 'life', 'lifecycle');
    const { mkdirSync, readFileSync } = await import('node:fs');
    mkdirSync(dir, { recursive: true });
    const fixture = join(LIFE, 'hooks', 'life', 'lifecycle');
    const m = JSON.parse(readFileSync(join(fixture, 'plugin.json'), 'utf8'));
    writeFileSync(join(dir, 'plugin.json'), JSON.stringify({ ...m, entry: join(fixture, 'main.ts') }));
    writeFileSync(join(dir, 'config.json'), '{"scale": 2}');
    const configs: unknown[] = [];
    const clock = new FakeClock(Date.now());
    const { rt } = await runtime([t.dir], s, { clock, onConfig: (p, r) => configs.push([p, r]) });
    expect(rt.started.map((e) => [e.hook, e.trigger, e.status, e.written])).toEqual([['lifecycle/hello', 'start', 'ok', ['life']]]);
    expect(Array.from(s.get('life').values as Float64Array)).toEqual([1]);

    s.update('input', pts([1, 2]));
    const first = await rt.scheduler.poll();
    expect(first.map((e) => [e.hook, e.status, e.error?.code])).toEqual([
      ['lifecycle/scaled', 'ok', undefined],
      ['lifecycle/sneaky', 'error', 'undeclared_write'],
    ]);
    expect(s.exists('raw')).toBe(false);
    expect(Array.from(s.get('input_scaled').values as Float64Array)).toEqual([2, 4]);

    writeFileSync(join(dir, 'config.json'), '{"scale": "big"}');
    for (let k = 0; k < 100 && !configs.length; k++) await new Promise((r) => setTimeout(r, 20));
    expect(configs[0]).toEqual(['lifecycle', { ok: false, error: expect.stringMatching(/config.json: .*scale/) }]);
    writeFileSync(join(dir, 'config.json'), '{"scale": 10}');
    for (let k = 0; k < 100 && configs.length < 2; k++) await new Promise((r) => setTimeout(r, 20));
    expect(configs[1]).toEqual(['lifecycle', { ok: true }]);
    s.update('input', pts([1, 2, 3]));
    await rt.scheduler.poll();
    expect(Array.from(s.get('input_scaled').values as Float64Array)).toEqual([10, 20, 30]);

    const pid = rt.plugins.host('lifecycle').pid!;
    clock.t += 1000;
    const stopped = await rt.stop();
    expect(stopped.map((e) => [e.hook, e.trigger, e.status])).toEqual([['lifecycle/bye', 'stop', 'ok']]);
    expect(Array.from(s.get('life').values as Float64Array)).toEqual([1, 2]);
    await new Promise((r) => setTimeout(r, 100));
    expect(() => process.kill(pid, 0)).toThrow();
  });

  it('a stop hook that hangs is cut at its deadline; stopping still ends every process', async () => {
    const { s } = store();
    process.env.LIFECYCLE_HANG_ON_STOP = '1';
    cleanups.push(() => delete process.env.LIFECYCLE_HANG_ON_STOP);
    const { rt } = await runtime([LIFE], s, { clock: new FakeClock(Date.now()), stopTimeoutMs: 300 });
    const pid = rt.plugins.host('lifecycle').pid!;
    const t0 = Date.now();
    const stopped = await rt.stop();
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(stopped).toEqual([expect.objectContaining({ hook: 'lifecycle/bye', status: 'error', error: { code: 'plugin_failed', message: expect.stringMatching(/timeout/) } })]);
    await new Promise((r) => setTimeout(r, 100));
    expect(() => process.kill(pid, 0)).toThrow();
  });
});

describe('strata plugins run', () => {
  it('runs the hooks until --duration, firing on a revision written by another process, and reports them', async () => {
    const { s, path } = store();
    s.close();
    const run = cli(['plugins', 'run', '--library', EXAMPLES, '--poll', '100ms', '--duration', '4s', '--db', path, '--json']);
    await new Promise((r) => setTimeout(r, 1500));
    const other = new Store(path);
    other.update('raw', pts([1, 2, 50, 4]), { source: 'import' });
    other.close();
    const r = await run;
    expect(r.code).toBe(0);
    const events = r.json().events.filter((e: any) => e.trigger !== 'schedule');
    expect(events.map((e: any) => [e.hook, e.trigger, e.status, e.written])).toEqual([
      ['raw_stats/mean', 'new-revision', 'ok', ['raw_mean']],
      ['despike/clean', 'correlation', 'ok', ['clean']],
      ['percent/of_max', 'correlation', 'ok', ['clean_pct']],
    ]);
    expect(events[0].changed).toEqual(['raw']);
    const check = new Store(path);
    expect(Array.from(check.get('clean_pct').values as Float64Array)).toEqual([25, 50, 100]);
    check.close();
    const bad = await cli(['plugins', 'run', '--poll', '0s', '--db', path]);
    expect(bad.code).toBe(2);
  });
});

describe('HookScheduler keeps going', () => {
  it('reports a failing poll (store gone) without an unhandled rejection, and polls again', async () => {
    const m = parseManifest(JSON.stringify({ name: 'w', version: '1', kind: 'hooks', entry: 'x.js', capabilities: ['hook'], hooks: [{ id: 'n', on: 'new-revision', series: ['a'] }] }));
    if (!m.ok) throw new Error(m.error);
    let broken = false;
    const fakeStore = {
      exists: () => {
        if (broken) throw new Error('database is closed');
        return false;
      },
      get: () => {
        throw new Error('unused');
      },
      update: () => undefined,
      info: () => ({ revisions: 0, lastInsertionDate: null }),
    };
    const errors: string[] = [];
    const clock = new FakeClock(0);
    const host = { call: async () => ({ value: null, payload: new Uint8Array(0) }) };
    const sch = new HookScheduler([{ name: 'w', manifest: m.manifest, host }], fakeStore, { clock, pollMs: 10, onError: (e) => errors.push((e as Error).message) });
    await sch.start();
    broken = true;
    await clock.advance(35, sch);
    expect(errors.length).toBeGreaterThanOrEqual(3);
    expect(errors[0]).toBe('database is closed');
    broken = false;
    await clock.advance(10, sch);
    expect(clock.pending()).toBe(1);
    sch.dispose();
    expect(clock.pending()).toBe(0);
  });
});
