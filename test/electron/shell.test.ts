import { describe, expect, it, vi } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { API_METHODS } from '../../core/protocol/index.js';
import type { ApiEvent } from '../../core/protocol/index.js';
import { registerIpcHandlers, type IpcEventLike } from '../../electron/ipc.js';
import { forwardEvents } from '../../electron/events.js';
import { CHANNEL_PREFIX, EVENT_CHANNEL, isAllowedNavigation, isExternalLinkAllowed, isTrustedSender, secureWebPreferences, APP_CSP } from '../../electron/security.js';

const ROOT = join(import.meta.dirname, '..', '..');
const APP = 'file:///opt/Strata/resources/app/renderer-dist/index.html';

function fakeIpcMain() {
  const handlers = new Map<string, (e: IpcEventLike, a: unknown) => unknown>();
  return {
    handlers,
    handle: (c: string, l: (e: IpcEventLike, a: unknown) => unknown) => void handlers.set(c, l),
    removeHandler: (c: string) => void handlers.delete(c),
  };
}

describe('IPC wiring (generated from the contract)', () => {
  it('registers one strata: channel per contract method and removes them all', () => {
    const ipc = fakeIpcMain();
    const dispose = registerIpcHandlers(ipc, { invoke: vi.fn() }, () => true);
    expect([...ipc.handlers.keys()].sort()).toEqual(API_METHODS.map((m) => CHANNEL_PREFIX + m).sort());
    dispose();
    expect(ipc.handlers.size).toBe(0);
  });

  it('forwards valid calls from the app page to the engine', async () => {
    const ipc = fakeIpcMain();
    const invoke = vi.fn(async () => ({ ok: true as const, value: [] }));
    registerIpcHandlers(ipc, { invoke }, (e) => isTrustedSender(e.senderFrame?.url, APP, !e.senderFrame?.parent));
    const res = await ipc.handlers.get('strata:series.get')!({ senderFrame: { url: APP } }, { name: 'a', from: 5 });
    expect(res).toEqual({ ok: true, value: [] });
    expect(invoke).toHaveBeenCalledWith('series.get', { name: 'a', from: 5 });
  });

  it('refuses untrusted senders and invalid payloads without reaching the engine', async () => {
    const ipc = fakeIpcMain();
    const invoke = vi.fn();
    registerIpcHandlers(ipc, { invoke }, (e) => isTrustedSender(e.senderFrame?.url, APP, !e.senderFrame?.parent));
    const h = ipc.handlers.get('strata:series.get')!;
    expect(await h({ senderFrame: { url: 'https://evil.example/' } }, { name: 'a' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await h({ senderFrame: { url: APP, parent: {} } }, { name: 'a' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await h({ senderFrame: null }, { name: 'a' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const bad = (await h({ senderFrame: { url: APP } }, { name: 42 })) as { ok: false; error: { code: string; message: string } };
    expect(bad.error.code).toBe('bad_request');
    expect(bad.error.message).toMatch(/series\.get: name/);
    expect(await h({ senderFrame: { url: APP } }, { name: 'a', extra: 1 })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(invoke).not.toHaveBeenCalled();
  });
});

describe('window security', () => {
  it('windows are isolated and sandboxed, with no Node in the page', () => {
    const p = secureWebPreferences('/x/preload.cjs');
    expect(p).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false, preload: '/x/preload.cjs' });
  });

  it('navigation stays on the app page; only http(s) links open outside', () => {
    expect(isAllowedNavigation(APP, APP)).toBe(true);
    expect(isAllowedNavigation(APP + '#/layout', APP)).toBe(true);
    expect(isAllowedNavigation('file:///etc/passwd', APP)).toBe(false);
    expect(isAllowedNavigation('https://example.com/', APP)).toBe(false);
    expect(isAllowedNavigation('not a url', APP)).toBe(false);
    expect(isExternalLinkAllowed('https://example.com/docs')).toBe(true);
    expect(isExternalLinkAllowed('http://example.com/')).toBe(true);
    for (const u of ['file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', 'https://user:pw@example.com/', 'nonsense']) {
      expect(isExternalLinkAllowed(u)).toBe(false);
    }
  });

  it('the CSP allows no remote or inline scripts and no eval', () => {
    const script = /script-src ([^;]*)/.exec(APP_CSP)![1]!;
    expect(script.trim()).toBe("'self'");
    expect(APP_CSP).toMatch(/object-src 'none'/);
    expect(APP_CSP).not.toMatch(/unsafe-eval/);
  });

  it('main wires the policy in: CSP header, navigation and window-open handlers, permission denial', () => {
    const main = readFileSync(join(ROOT, 'electron', 'main.ts'), 'utf8');
    for (const needle of ["'will-navigate'", 'setWindowOpenHandler', "action: 'deny'", 'Content-Security-Policy', 'setPermissionRequestHandler', 'secureWebPreferences(', 'registerIpcHandlers(']) {
      expect(main).toContain(needle);
    }
  });

  it('the preload exposes only invoke/on/off and checks the channel prefix', () => {
    const preload = readFileSync(join(ROOT, 'electron', 'preload.cts'), 'utf8');
    expect(preload).toContain("exposeInMainWorld('strata'");
    expect(preload).toContain(`const PREFIX = '${CHANNEL_PREFIX}'`);
    expect([...preload.matchAll(/^\s{2}(\w+): \(/gm)].map((m) => m[1])).toEqual(['invoke', 'on', 'off']);
  });
});

/** A stand-in for Electron's ipcRenderer: `emit` plays a message sent by the main process. */
function fakeIpcRenderer() {
  const on = new Map<string, Set<(e: unknown, payload: unknown) => void>>();
  return {
    invoke: vi.fn(async () => 'ok'),
    on: vi.fn((c: string, l: (e: unknown, payload: unknown) => void) => void (on.get(c) ?? on.set(c, new Set()).get(c)!).add(l)),
    removeListener: vi.fn((c: string, l: (e: unknown, payload: unknown) => void) => void on.get(c)?.delete(l)),
    emit: (c: string, payload: unknown) => on.get(c)?.forEach((l) => l({ sender: 'ipc-internals' }, payload)),
    count: (c: string) => on.get(c)?.size ?? 0,
  };
}

/** Compiles the preload as the build does (CommonJS), runs it with a fake 'electron' module, returns window.strata. */
function loadPreload(ipcRenderer: ReturnType<typeof fakeIpcRenderer>): Record<string, any> {
  const exposed: Record<string, any> = {};
  const js = ts.transpileModule(readFileSync(join(ROOT, 'electron', 'preload.cts'), 'utf8'), {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
  }).outputText;
  const fakeElectron = { contextBridge: { exposeInMainWorld: (k: string, v: unknown) => (exposed[k] = v) }, ipcRenderer };
  const fakeRequire = (id: string) => {
    if (id !== 'electron') throw new Error(`preload may only require electron, asked for ${id}`);
    return fakeElectron;
  };
  new Function('require', 'exports', 'module', js)(fakeRequire, {}, { exports: {} });
  return exposed.strata;
}

describe('engine events to the window', () => {
  const event: ApiEvent = { topic: 'store.changed', payload: { series: ['a'] } };
  function fakeEngine() {
    const listeners = new Set<(e: ApiEvent) => void>();
    return { onEvent: (l: (e: ApiEvent) => void) => (listeners.add(l), () => listeners.delete(l)), emit: (e: unknown) => listeners.forEach((l) => l(e as ApiEvent)), listeners };
  }

  it('main forwards each engine event on strata:event until stopped, never to a closed window', () => {
    const engine = fakeEngine();
    let destroyed = false;
    const contents = { send: vi.fn(), isDestroyed: () => destroyed };
    const stop = forwardEvents(engine, contents);
    engine.emit(event);
    expect(contents.send).toHaveBeenCalledWith(EVENT_CHANNEL, event);
    // Malformed events are not passed on.
    engine.emit({ topic: 'nonsense', payload: {} });
    engine.emit(null);
    expect(contents.send).toHaveBeenCalledTimes(1);
    destroyed = true;
    engine.emit(event);
    expect(contents.send).toHaveBeenCalledTimes(1);
    stop();
    expect(engine.listeners.size).toBe(0);
    expect(forwardEvents({}, contents)).toBeTypeOf('function');
  });

  it('main wires it to the window and stops when the window closes', () => {
    const main = readFileSync(join(ROOT, 'electron', 'main.ts'), 'utf8');
    expect(main).toContain('forwardEvents(engine, win.webContents)');
    expect(main).toContain("win.on('closed', stopEvents)");
  });

  it('an event goes engine → main → preload → the page listener (renderer/src/events.ts), and off stops it', async () => {
    const ipc = fakeIpcRenderer();
    const bridge = loadPreload(ipc);
    const engine = fakeEngine();
    // What webContents.send does: deliver to the page's ipcRenderer listeners of that channel.
    const stop = forwardEvents(engine, { send: (c, p) => ipc.emit(c, p), isDestroyed: () => false });
    const g = globalThis as { window?: unknown };
    const before = g.window;
    g.window = { strata: bridge };
    try {
      // The renderer module, loaded by path: it is typechecked with the renderer's (DOM) settings, not these.
      const rendererEvents = join(ROOT, 'renderer', 'src', 'events.ts');
      const { subscribe, EVENT_CHANNEL: pageChannel } = (await import(rendererEvents)) as { subscribe(l: (e: ApiEvent) => void): () => void; EVENT_CHANNEL: string };
      expect(pageChannel).toBe(EVENT_CHANNEL);
      const got: ApiEvent[] = [];
      const unsubscribe = subscribe((e) => got.push(e));
      expect(ipc.count(EVENT_CHANNEL)).toBe(1);
      const job = { id: 'j1', state: 'running', path: '/x.csv', progress: { rows: 10 } };
      engine.emit({ topic: 'import', payload: job });
      engine.emit(event);
      // Anything that is not an event is dropped by the page too.
      ipc.emit(EVENT_CHANNEL, { topic: 'store.changed' });
      expect(got).toEqual([{ topic: 'import', payload: job }, event]);
      unsubscribe();
      expect(ipc.count(EVENT_CHANNEL)).toBe(0);
      engine.emit(event);
      expect(got).toHaveLength(2);
    } finally {
      g.window = before;
      stop();
    }
  });

  it('on/off keep one listener per channel and callback and refuse other channels', () => {
    const ipc = fakeIpcRenderer();
    const bridge = loadPreload(ipc);
    const cb = vi.fn();
    bridge.on(EVENT_CHANNEL, cb);
    bridge.on(EVENT_CHANNEL, cb);
    bridge.on('strata:other', cb);
    expect(ipc.count(EVENT_CHANNEL)).toBe(1);
    ipc.emit(EVENT_CHANNEL, { x: 1 });
    // The page gets the payload only, never Electron's event object.
    expect(cb).toHaveBeenCalledWith({ x: 1 });
    expect(cb.mock.calls[0]).toHaveLength(1);
    bridge.off(EVENT_CHANNEL, cb);
    expect(ipc.count(EVENT_CHANNEL)).toBe(0);
    expect(ipc.count('strata:other')).toBe(1);
    bridge.off(EVENT_CHANNEL, cb);
    expect(() => bridge.on('ipc-internal', cb)).toThrow(/not allowed/);
    expect(() => bridge.off('ipc-internal', cb)).toThrow(/not allowed/);
    expect(() => bridge.on(EVENT_CHANNEL, 'not a function')).toThrow(/function/);
  });
});

describe('preload behaviour', () => {
  it('throws on a channel outside the prefix and forwards strata: channels', async () => {
    const exposed = { strata: loadPreload(fakeIpcRenderer()) };
    expect(Object.keys(exposed.strata)).toEqual(['invoke', 'on', 'off']);
    await expect(exposed.strata.invoke('strata:series.list', {})).resolves.toBe('ok');
    expect(() => exposed.strata.invoke('other:thing', {})).toThrow(/not allowed/);
    expect(() => exposed.strata.on('ipc-internal', () => {})).toThrow(/not allowed/);
  });
});
