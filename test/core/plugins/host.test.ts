import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Float64, makeData, RecordBatch, Schema, Struct, Field, Table } from 'apache-arrow';
import { callWithTable, PluginHost, type HostLimits } from '../../../core/plugins/index.js';
import { childProcessLauncher, nodeLaunchSpec } from '../../../core/plugins/node/index.js';
import { tempDir } from '../../helpers/cli.js';

const ENTRY = join(import.meta.dirname, '..', '..', 'fixtures', 'plugins', 'host', 'plugin.ts');
const hosts: PluginHost[] = [];
function host(limits: Partial<HostLimits> = {}, maxMemoryMb?: number, logs?: string[]): PluginHost {
  const h = new PluginHost('fixture', nodeLaunchSpec(ENTRY, { maxMemoryMb }), childProcessLauncher, { backoffBaseMs: 10, ...limits }, (level, m) => logs?.push(`${level}: ${m}`));
  hosts.push(h);
  return h;
}
afterEach(() => {
  for (const h of hosts.splice(0)) h.dispose();
});

/** Running and not a zombie. */
function alive(pid: number | undefined): boolean {
  if (!pid) return false;
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
const settle = () => new Promise((r) => setTimeout(r, 150));

function table(n: number): Table {
  const fields = [new Field('ts', new Float64(), false), new Field('value', new Float64(), false)];
  const ts = new Float64Array(n).map((_, i) => i * 1e6);
  const value = new Float64Array(n).map((_, i) => i % 7);
  const children = [makeData({ type: new Float64(), data: ts, length: n }), makeData({ type: new Float64(), data: value, length: n })];
  return new Table([new RecordBatch(new Schema(fields), makeData({ type: new Struct(fields), length: n, nullCount: 0, children }))]);
}

describe('PluginHost (a JS plugin in its own process, wire protocol over stdio)', () => {
  it('calls methods with JSON and Arrow payloads, relays logs, reports plugin errors without stopping it', async () => {
    const logs: string[] = [];
    const h = host({}, undefined, logs);
    const r = await h.call('echo', { a: 1 }, new Uint8Array([9, 8, 7]));
    expect(r.value).toEqual({ a: 1 });
    expect(Array.from(r.payload)).toEqual([9, 8, 7]);
    expect(h.methods).toContain('arrow');
    const back = await callWithTable(h, 'arrow', table(100_000));
    expect(back.table.numRows).toBe(100_000);
    expect(back.table.getChild('value')!.get(99_999)).toBe(99_999 % 7);
    expect((await h.call('sum', null, (await import('apache-arrow')).tableToIPC(table(10)))).value).toEqual({ rows: 10, sum: 0 + 1 + 2 + 3 + 4 + 5 + 6 + 0 + 1 + 2 });
    await expect(h.call('fail')).rejects.toMatchObject({ code: 'plugin_error', message: 'fixture: bad parameters' });
    await expect(h.call('nope')).rejects.toMatchObject({ code: 'unknown_method' });
    expect((await h.call('log')).value).toBe('logged');
    expect(logs).toEqual(['warn: careful']);
    expect(h.failures).toEqual([]);
    const pid = h.pid;
    h.dispose();
    await settle();
    expect(alive(pid)).toBe(false);
  });

  it('stops a hanging call at its deadline, with the processes the plugin started, then restarts it', async () => {
    const t = tempDir();
    try {
      const h = host();
      await h.call('echo');
      const pid = h.pid;
      const pidfile = join(t.dir, 'pid');
      await expect(h.call('hang', { pidfile }, undefined, 1000)).rejects.toMatchObject({ code: 'plugin_failed', details: { reason: 'timeout' } });
      await settle();
      expect(alive(pid)).toBe(false);
      expect(alive(Number(readFileSync(pidfile, 'utf8')))).toBe(false);
      // The next call starts a fresh process.
      expect((await h.call('echo', 2)).value).toBe(2);
      expect(h.pid).not.toBe(pid);
    } finally {
      t.cleanup();
    }
  });

  it('names each failure: crash, flood, garbage on stdout, malformed Arrow, out of memory', async () => {
    const h = host({ maxFailures: 10 }, 64);
    await expect(h.call('crash')).rejects.toMatchObject({ details: { reason: 'crash' }, message: expect.stringMatching(/exited with code 7/) });
    await expect(h.call('flood')).rejects.toMatchObject({ details: { reason: 'flood' }, message: expect.stringMatching(/exceeds the .*-byte cap/) });
    await expect(h.call('garbage')).rejects.toMatchObject({ details: { reason: 'malformed' } });
    await expect(callWithTable(h, 'badArrow', table(3))).rejects.toMatchObject({ code: 'plugin_malformed', message: expect.stringMatching(/not an Arrow IPC stream/) });
    await expect(h.call('oom', null, undefined, 20_000)).rejects.toMatchObject({ details: { reason: 'oom' } });
    expect(h.failures.map((f) => f.reason)).toEqual(['crash', 'flood', 'malformed', 'malformed', 'oom']);
    // Still usable afterwards.
    expect((await h.call('echo', 'ok')).value).toBe('ok');
  }, 40_000);

  it('disables a plugin after repeated failures in a row, with backoff between restarts', async () => {
    const h = host({ maxFailures: 2, backoffBaseMs: 300 });
    await expect(h.call('crash')).rejects.toMatchObject({ details: { reason: 'crash' } });
    const t0 = Date.now();
    await expect(h.call('crash')).rejects.toMatchObject({ details: { reason: 'crash' } });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(290);
    expect(h.status).toBe('disabled');
    await expect(h.call('echo')).rejects.toMatchObject({ code: 'plugin_disabled', message: expect.stringMatching(/disabled after 2 failures in a row/) });
  });

  it('reports a plugin that cannot start', async () => {
    const h = new PluginHost('ghost', { program: '/nonexistent/program', args: [] }, childProcessLauncher, { maxFailures: 1 });
    hosts.push(h);
    await expect(h.call('echo')).rejects.toMatchObject({ code: 'plugin_failed', details: { reason: 'start' } });
    expect(h.status).toBe('disabled');
  });
});
