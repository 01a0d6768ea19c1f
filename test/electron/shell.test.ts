import { describe, expect, it, vi } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { API_METHODS } from '../../core/protocol/index.js';
import { registerIpcHandlers, type IpcEventLike } from '../../electron/ipc.js';
import { CHANNEL_PREFIX, isAllowedNavigation, isExternalLinkAllowed, isTrustedSender, secureWebPreferences, APP_CSP } from '../../electron/security.js';

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

describe('preload behaviour', () => {
  it('throws on a channel outside the prefix and forwards strata: channels', async () => {
    // Compile the preload as the build does (CommonJS) and run it with a fake 'electron' module.
    const exposed: Record<string, any> = {};
    const ipcRenderer = { invoke: vi.fn(async () => 'ok'), on: vi.fn(), removeListener: vi.fn() };
    const js = ts.transpileModule(readFileSync(join(ROOT, 'electron', 'preload.cts'), 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
    }).outputText;
    const fakeElectron = { contextBridge: { exposeInMainWorld: (k: string, v: unknown) => (exposed[k] = v) }, ipcRenderer };
    const fakeRequire = (id: string) => {
      if (id !== 'electron') throw new Error(`preload may only require electron, asked for ${id}`);
      return fakeElectron;
    };
    new Function('require', 'exports', 'module', js)(fakeRequire, {}, { exports: {} });
    expect(Object.keys(exposed.strata)).toEqual(['invoke', 'on', 'off']);
    await expect(exposed.strata.invoke('strata:series.list', {})).resolves.toBe('ok');
    expect(() => exposed.strata.invoke('other:thing', {})).toThrow(/not allowed/);
    expect(() => exposed.strata.on('ipc-internal', () => {})).toThrow(/not allowed/);
  });
});
