import { afterEach, describe, expect, it } from 'vitest';
import { fork, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { encodeFrame, FrameDecoder, PluginHost, WIRE_VERSION, type LaunchSpec, type PluginLauncher } from '../../core/plugins/index.js';
import { loadPlugins, manifestLaunchSpec, nodeLaunchSpec } from '../../core/plugins/node/index.js';
import { createRegistry, evaluate, MemoryResolver } from '../../core/formula/index.js';
import { utilityProcessLauncher, type UtilityChild, type UtilityProcessApi } from '../../electron/plugin-launcher.js';

const ROOT = join(import.meta.dirname, '..', '..');
const SHIM = pathToFileURL(join(ROOT, 'test', 'fixtures', 'electron', 'parent-port-shim.mjs')).href;
const HOST_FIXTURE = join(ROOT, 'test', 'fixtures', 'plugins', 'host', 'plugin.ts');

/** A utilityProcess whose children are real Node processes with a parentPort (the shim) instead of stdin. */
function nodeBackedUtilityProcess(forks: Array<{ modulePath: string; options: unknown }>): UtilityProcessApi {
  return {
    fork(modulePath, args, options) {
      forks.push({ modulePath, options });
      const cp: ChildProcess = fork(modulePath, args ?? [], {
        cwd: options?.cwd,
        env: options?.env as NodeJS.ProcessEnv,
        execArgv: ['--import', SHIM, ...(options?.execArgv ?? [])],
        serialization: 'advanced',
        stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      });
      const ee = new EventEmitter();
      cp.on('message', (m) => ee.emit('message', m));
      cp.on('exit', (code, signal) => ee.emit('exit', code ?? (signal ? 1 : 0)));
      cp.on('spawn', () => ee.emit('spawn'));
      return Object.assign(ee, {
        get pid() {
          return cp.pid;
        },
        stdout: cp.stdout,
        stderr: cp.stderr,
        postMessage: (m: unknown) => void (cp.connected && cp.send(m as never)),
        kill: () => cp.kill('SIGKILL'),
      }) as unknown as UtilityChild;
    },
  };
}

/** A utilityProcess that never starts anything: the test plays the plugin. */
function scriptedUtilityProcess() {
  const children: Array<UtilityChild & { sent: Uint8Array[]; emit: (e: string, ...a: unknown[]) => void; killed: boolean }> = [];
  const api: UtilityProcessApi = {
    fork() {
      const ee = new EventEmitter();
      const child = Object.assign(ee, { pid: 4242, stdout: new PassThrough(), stderr: new PassThrough(), sent: [] as Uint8Array[], killed: false });
      Object.assign(child, {
        postMessage: (m: Uint8Array) => child.sent.push(m),
        kill: () => ((child.killed = true), true),
      });
      children.push(child as never);
      return child as never;
    },
  };
  return { api, children };
}

const failingFallback: PluginLauncher = {
  launch: () => {
    throw new Error('fallback used');
  },
};

const hosts: Array<{ dispose(): void }> = [];
afterEach(() => {
  for (const h of hosts.splice(0)) h.dispose();
});

describe('utilityProcessLauncher (Electron utility processes, faked)', () => {
  it('forks JS plugins with their flags and folder; executables go to the fallback launcher', () => {
    const forks: Array<{ modulePath: string; options: any }> = [];
    const calls: LaunchSpec[] = [];
    const launcher = utilityProcessLauncher(
      { fork: (m, _a, o) => (forks.push({ modulePath: m, options: o }), scriptedUtilityProcess().api.fork(m)) },
      { launch: (s) => (calls.push(s), { pid: 1, write() {}, onData() {}, onStderr() {}, onExit() {}, kill() {} }) },
    );
    launcher.launch(nodeLaunchSpec('/lib/p/main.ts', { maxMemoryMb: 64, cwd: '/lib/p' }));
    expect(forks[0]!.modulePath).toBe('/lib/p/main.ts');
    expect(forks[0]!.options).toMatchObject({ cwd: '/lib/p', stdio: 'pipe', execArgv: ['--max-old-space-size=64', '--import', expect.stringMatching(/tsx/)] });
    launcher.launch({ program: '/lib/x/exe', args: ['a'] });
    expect(calls).toEqual([{ program: '/lib/x/exe', args: ['a'] }]);
  });

  it('carries wire frames as messages both ways, reports exit and V8 fatal errors, kills on dispose', async () => {
    const { api, children } = scriptedUtilityProcess();
    const host = new PluginHost('scripted', nodeLaunchSpec('/p/main.mjs'), utilityProcessLauncher(api, failingFallback), { backoffBaseMs: 1 });
    hosts.push(host);
    const answer = host.call('echo', { x: 1 }, new Uint8Array([9, 9]));
    await new Promise((r) => setTimeout(r, 10));
    const child = children[0]!;
    child.emit('message', encodeFrame({ type: 'hello', v: WIRE_VERSION, name: 'scripted', methods: ['echo'] }));
    await new Promise((r) => setTimeout(r, 10));
    // A frame may come in several messages (header, then payload): the decoder joins them.
    const decoder = new FrameDecoder(1 << 20);
    const [call] = child.sent.flatMap((b) => decoder.push(b));
    expect(call!.header).toMatchObject({ type: 'call', method: 'echo', params: { x: 1 } });
    expect(Array.from(call!.payload)).toEqual([9, 9]);
    // The answer may come as an ArrayBuffer (a structured clone): still bytes.
    const reply = encodeFrame({ type: 'result', v: WIRE_VERSION, id: (call!.header as { id: number }).id, value: 'ok' }, new Uint8Array([7]));
    child.emit('message', reply.buffer.slice(reply.byteOffset, reply.byteOffset + reply.byteLength));
    expect(await answer).toEqual({ value: 'ok', payload: new Uint8Array([7]) });

    // A V8 fatal error (heap) then the exit: the host sees an out-of-memory stop.
    const pending = host.call('echo', {});
    await new Promise((r) => setTimeout(r, 10));
    child.emit('error', 'FatalError', 'Reached heap limit Allocation failed', 'report');
    child.emit('exit', 133);
    await expect(pending).rejects.toMatchObject({ code: 'plugin_failed', details: { reason: 'oom' } });

    // A message that is not bytes is garbage on the wire: stopped as malformed.
    const next = host.call('echo', {});
    await new Promise((r) => setTimeout(r, 30));
    const c2 = children[1]!;
    c2.emit('message', encodeFrame({ type: 'hello', v: WIRE_VERSION, name: 'scripted', methods: ['echo'] }));
    await new Promise((r) => setTimeout(r, 10));
    c2.emit('message', { hello: 'object' });
    await expect(next).rejects.toMatchObject({ details: { reason: 'malformed' } });
    expect(c2.killed).toBe(true);
  });

  it('runs the real SDK over the parent port: calls with payloads, plugin errors, crash and restart, no orphan', async () => {
    const forks: Array<{ modulePath: string; options: unknown }> = [];
    const launcher = utilityProcessLauncher(nodeBackedUtilityProcess(forks), failingFallback);
    const host = new PluginHost('fixture', nodeLaunchSpec(HOST_FIXTURE), launcher, { backoffBaseMs: 1 });
    hosts.push(host);
    expect((await host.call('echo', { a: [1, 2] }, new Uint8Array([1, 2, 3]))).payload).toEqual(new Uint8Array([1, 2, 3]));
    expect(forks).toHaveLength(1);
    await expect(host.call('fail')).rejects.toMatchObject({ message: 'fixture: bad parameters' });
    await expect(host.call('crash')).rejects.toMatchObject({ details: { reason: 'crash' }, message: expect.stringMatching(/exited with code 7/) });
    expect((await host.call('echo', 'again')).value).toBe('again');
    const pid = host.pid!;
    host.dispose();
    await new Promise((r) => setTimeout(r, 200));
    expect(() => process.kill(pid, 0)).toThrow();
  });

  it('formula operators of a library evaluate in utility processes', async () => {
    const set = await loadPlugins([join(ROOT, 'plugins', 'examples')], { launcher: utilityProcessLauncher(nodeBackedUtilityProcess([]), failingFallback) });
    hosts.push(set);
    const reg = createRegistry();
    set.addOperators(reg);
    const r = new MemoryResolver({ a: { tzaware: true, valueType: 'float64', times: Float64Array.from([1, 2, 3]), values: Float64Array.from([2, 4, 8]) } });
    const res = await evaluate('(ewm-mean (series "a") 0.5)', r, { registry: reg });
    expect(res.kind === 'series' && Array.from(res.series.values as Float64Array)).toEqual([2, 3, 5.5]);
    expect(manifestLaunchSpec(set.plugins[0]!.path, set.plugins[0]!.manifest).js).toBeDefined();
  });
});
