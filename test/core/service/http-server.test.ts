import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { startHttpServer, CSP, type RunningServer } from '../../../core/service/http-server.js';
import type { Invoker } from '../../../core/service/engine-host.js';
import type { ApiEvent } from '../../../core/protocol/index.js';
import { tempDir } from '../../helpers/cli.js';

// A fake engine: records calls, answers with the method name, and can push events.
const calls: [string, unknown][] = [];
const eventListeners = new Set<(e: ApiEvent) => void>();
const engine: Invoker = {
  async invoke(method, args) {
    calls.push([method, args]);
    return { ok: true, value: method };
  },
  onEvent(l) {
    eventListeners.add(l);
    return () => eventListeners.delete(l);
  },
};

let t: { dir: string; cleanup(): void };
let server: RunningServer;
let base: string;
const TOKEN = 'test-token-123';
const auth = { Authorization: `Bearer ${TOKEN}` };

beforeAll(async () => {
  t = tempDir('strata-http-');
  mkdirSync(join(t.dir, 'assets'));
  writeFileSync(join(t.dir, 'index.html'), '<!doctype html><title>Strata</title>');
  writeFileSync(join(t.dir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(t.dir, '..', 'strata-http-secret.txt'), 'secret');
  server = await startHttpServer({ engine, staticDir: t.dir, token: TOKEN, maxBodyBytes: 1024 });
  base = `http://127.0.0.1:${server.port}`;
});

afterAll(async () => {
  await server?.close();
  t?.cleanup();
});

/** A raw request (fetch cannot set Host). */
function raw(path: string, headers: Record<string, string>, method = 'GET'): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, method, headers }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('HTTP transport: the token', () => {
  it('listens on the loopback address only and prints a URL carrying the token', () => {
    expect((server.server.address() as { address: string }).address).toBe('127.0.0.1');
    expect(server.url).toBe(`${base}/?token=${TOKEN}`);
  });

  it('refuses every route without the token: page, assets, unknown paths, API, events', async () => {
    for (const p of ['/', '/index.html', '/assets/app.js', '/anything', '/api/events']) expect((await fetch(base + p)).status).toBe(401);
    expect((await fetch(`${base}/api/call/series.list`, { method: 'POST', body: '{}' })).status).toBe(401);
    expect((await fetch(`${base}/api/call/series.list`, { method: 'POST', body: '{}', headers: { Authorization: 'Bearer wrong' } })).status).toBe(401);
    expect((await fetch(`${base}/?token=wrong`)).status).toBe(401);
    expect(calls).toEqual([]);
  });

  it('accepts the token as bearer, as ?token= (setting an HttpOnly cookie) and as that cookie', async () => {
    const page = await fetch(`${base}/?token=${TOKEN}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe(CSP);
    const setCookie = page.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/strata_token=test-token-123; HttpOnly; SameSite=Strict/);
    expect((await fetch(`${base}/assets/app.js`, { headers: { Cookie: `strata_token=${TOKEN}` } })).status).toBe(200);
    expect((await fetch(`${base}/assets/app.js`, { headers: auth })).headers.get('content-type')).toMatch(/javascript/);
  });
});

describe('HTTP transport: requests', () => {
  it('refuses a foreign Host header even with the token (DNS rebinding)', async () => {
    const r = await raw('/', { Host: 'evil.example:80', ...auth });
    expect(r.status).toBe(403);
    expect((await raw('/', { Host: `localhost:${server.port}`, ...auth })).status).toBe(200);
  });

  it('forwards POST /api/call/<method> to the engine with the JSON body', async () => {
    calls.length = 0;
    const r = await fetch(`${base}/api/call/series.info`, { method: 'POST', body: JSON.stringify({ name: 'a' }), headers: auth });
    expect(await r.json()).toEqual({ ok: true, value: 'series.info' });
    expect(calls).toEqual([['series.info', { name: 'a' }]]);
  });

  it('answers unknown methods, wrong verbs and bad JSON without calling the engine', async () => {
    calls.length = 0;
    expect((await fetch(`${base}/api/call/nope`, { method: 'POST', body: '{}', headers: auth })).status).toBe(404);
    expect((await fetch(`${base}/api/call/toString`, { method: 'POST', body: '{}', headers: auth })).status).toBe(404);
    expect((await fetch(`${base}/api/call/series.list`, { headers: auth })).status).toBe(405);
    const bad = await fetch(`${base}/api/call/series.list`, { method: 'POST', body: '{nope', headers: auth });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('bad_request');
    expect(calls).toEqual([]);
  });

  it('refuses a body over the limit with 413', async () => {
    calls.length = 0;
    const r = await fetch(`${base}/api/call/series.info`, { method: 'POST', body: JSON.stringify({ name: 'x'.repeat(2000) }), headers: auth });
    expect(r.status).toBe(413);
    expect(calls).toEqual([]);
  });

  it('answers a file it cannot read with 404 and a malformed path with 400, and keeps serving', async () => {
    const host = { Host: `127.0.0.1:${server.port}`, ...auth };
    // a regular file whose read fails (as one removed by a rebuild while it is served): Linux's /proc/self/mem
    if (process.platform === 'linux') {
      symlinkSync('/proc/self/mem', join(t.dir, 'assets', 'unreadable.js'));
      const r = await raw('/assets/unreadable.js', host);
      expect(r.status).toBe(404);
      expect(JSON.parse(r.body)).toMatchObject({ ok: false, error: { code: 'not_found' } });
    }
    const bad = await raw('/assets/%E0%A4%A', host);
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body)).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect((await raw('/assets/app.js', host)).status).toBe(200);
  });

  it('never serves files outside the renderer folder', async () => {
    const r = await raw('/../strata-http-secret.txt', { Host: `127.0.0.1:${server.port}`, ...auth });
    expect(r.body).not.toContain('secret');
    const enc = await raw('/%2e%2e/strata-http-secret.txt', { Host: `127.0.0.1:${server.port}`, ...auth });
    expect(enc.body).not.toContain('secret');
  });
});

describe('HTTP transport: events', () => {
  it('streams engine events to pages on /api/events (server-sent events)', async () => {
    const ctl = new AbortController();
    const res = await fetch(`${base}/api/events`, { headers: auth, signal: ctl.signal });
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const reader = res.body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    expect(first).toContain(': connected');
    const ev: ApiEvent = { topic: 'store.changed', payload: { series: ['a'] } };
    for (const l of eventListeners) l(ev);
    let text = '';
    while (!text.includes('\n\n')) text += new TextDecoder().decode((await reader.read()).value);
    expect(text).toBe(`data: ${JSON.stringify(ev)}\n\n`);
    ctl.abort();
  });

  it('unsubscribes from the engine when closed', async () => {
    const s = await startHttpServer({ engine, token: TOKEN });
    expect(eventListeners.size).toBe(2);
    await s.close();
    expect(eventListeners.size).toBe(1);
  });

  it('answers 404 for pages when no UI is built, with the token', async () => {
    const s = await startHttpServer({ engine, token: TOKEN });
    expect((await fetch(`http://127.0.0.1:${s.port}/`, { headers: auth })).status).toBe(404);
    await s.close();
  });

  it('makes a random token when none is given', async () => {
    const a = await startHttpServer({ engine });
    const b = await startHttpServer({ engine });
    expect(a.token).not.toBe(b.token);
    expect(a.token.length).toBeGreaterThanOrEqual(32);
    await a.close();
    await b.close();
  });
});
