// Node-only: the HTTP transport of the service contract (`strata serve`) plus the renderer's static files.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, resolve, sep } from 'node:path';
import type { Disposable } from '../base/disposable.js';
import { isApiMethod } from '../protocol/contract.js';
import type { ApiEvent } from '../protocol/events.js';
import type { Invoker } from './engine-host.js';

export interface HttpServerOptions {
  engine: Invoker;
  /** Folder with the built renderer (index.html and assets); absent → API only. */
  staticDir?: string | null;
  /** 0 picks a free port. */
  port?: number;
  /** Access token; a random one when absent. */
  token?: string;
  /** Largest request body accepted, in bytes. */
  maxBodyBytes?: number;
}

export interface RunningServer extends Disposable {
  url: string;
  port: number;
  token: string;
  server: Server;
  /** Pushes an event to every connected page. */
  emit(event: ApiEvent): void;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.map': 'application/json',
};

/** The Content-Security-Policy of the page: only its own scripts, no eval, no remote anything. */
export const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

const COOKIE = 'strata_token';

/**
 * Serves the API on 127.0.0.1 only. Every request must carry the token: `Authorization: Bearer <token>`, the
 * `strata_token` cookie (set when the page is opened with `?token=`), or `?token=` itself. The Host header
 * must name the loopback address (against DNS rebinding). API calls are `POST /api/call/<method>` with the
 * JSON arguments as body; events stream from `GET /api/events` (server-sent events).
 */
export function startHttpServer(opts: HttpServerOptions): Promise<RunningServer> {
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const maxBody = opts.maxBodyBytes ?? 8 * 1024 * 1024;
  const staticRoot = opts.staticDir && existsSync(join(opts.staticDir, 'index.html')) ? resolve(opts.staticDir) : null;
  const listeners = new Set<ServerResponse>();
  let port = 0;

  const server = createServer((req, res) => {
    handle(req, res).catch((e) => {
      // Never a second answer (that throw would end the server): a reply already started is cut short.
      if (res.headersSent) res.destroy();
      else send(res, 500, { ok: false, error: { code: 'internal', message: String((e as Error).message ?? e) } });
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Cache-Control', 'no-store');
    const host = (req.headers.host ?? '').toLowerCase();
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) {
      return send(res, 403, { ok: false, error: { code: 'forbidden', message: `unexpected Host header ${JSON.stringify(host)}` } });
    }
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const given = bearer(req) ?? cookie(req) ?? url.searchParams.get('token');
    if (!given || !same(given, token)) {
      return send(res, 401, { ok: false, error: { code: 'unauthorized', message: 'missing or wrong access token: open the URL that `strata serve` printed' } });
    }
    if (url.pathname.startsWith('/api/call/')) {
      if (req.method !== 'POST') return send(res, 405, { ok: false, error: { code: 'method_not_allowed', message: 'API calls use POST' } });
      const method = decodeURIComponent(url.pathname.slice('/api/call/'.length));
      if (!isApiMethod(method)) return send(res, 404, { ok: false, error: { code: 'unknown_method', message: `unknown method ${JSON.stringify(method)}` } });
      let args: unknown;
      try {
        const body = await readBody(req, maxBody);
        args = body.length ? JSON.parse(body) : {};
      } catch (e) {
        if (e instanceof BodyTooLarge) {
          res.setHeader('Connection', 'close');
          return send(res, 413, { ok: false, error: { code: 'too_large', message: `${method}: ${e.message}` } });
        }
        return send(res, 400, { ok: false, error: { code: 'bad_request', message: `${method}: body is not valid JSON: ${(e as Error).message}` } });
      }
      const result = await opts.engine.invoke(method, args);
      return send(res, 200, result);
    }
    if (url.pathname === '/api/events') {
      res.writeHead(200, { 'Content-Type': 'text/event-stream', Connection: 'keep-alive' });
      res.write(': connected\n\n');
      listeners.add(res);
      req.on('close', () => listeners.delete(res));
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, { ok: false, error: { code: 'method_not_allowed', message: 'only GET' } });
    if (!staticRoot) return send(res, 404, { ok: false, error: { code: 'no_ui', message: 'the UI is not built (npm run build:renderer); the API is available' } });
    serveStatic(staticRoot, url.pathname, res, url.searchParams.get('token') === token ? token : null);
  }

  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      port = (server.address() as { port: number }).port;
      // Engine events (import progress, store changes) go to every page listening on /api/events.
      const unsubscribe = opts.engine.onEvent?.((e) => running.emit(e));
      const running: RunningServer = {
        url: `http://127.0.0.1:${port}/?token=${token}`,
        port,
        token,
        server,
        emit(event) {
          const line = `data: ${JSON.stringify(event)}\n\n`;
          for (const r of listeners) r.write(line);
        },
        close: () =>
          new Promise<void>((r) => {
            unsubscribe?.();
            for (const l of listeners) l.end();
            listeners.clear();
            server.closeAllConnections?.();
            server.close(() => r());
          }),
        dispose() {
          void running.close();
        },
      };
      resolvePromise(running);
    });
  });
}

function serveStatic(root: string, pathname: string, res: ServerResponse, setToken: string | null): void {
  let rel: string;
  try {
    rel = decodeURIComponent(pathname);
  } catch {
    return send(res, 400, { ok: false, error: { code: 'bad_request', message: `malformed path ${JSON.stringify(pathname)}` } });
  }
  if (rel === '/' || rel === '') rel = '/index.html';
  const file = resolve(root, '.' + rel);
  // Never serve outside the renderer folder; unknown paths get the app (client-side routes).
  const inside = file === root || file.startsWith(root + sep);
  const target = inside && existsSync(file) && statSync(file).isFile() ? file : join(root, 'index.html');
  const type = TYPES[extname(target)] ?? 'application/octet-stream';
  const headers: Record<string, string> = { 'Content-Type': type };
  if (type.startsWith('text/html')) headers['Content-Security-Policy'] = CSP;
  if (setToken) headers['Set-Cookie'] = `${COOKIE}=${setToken}; HttpOnly; SameSite=Strict; Path=/`;
  // Read before answering: a file gone meanwhile (a rebuild of the renderer) is a 404, not a broken reply.
  let body: Buffer;
  try {
    body = readFileSync(target);
  } catch {
    return send(res, 404, { ok: false, error: { code: 'not_found', message: `${rel} is not available` } });
  }
  res.writeHead(200, headers);
  res.end(body);
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(text);
}

function bearer(req: IncomingMessage): string | null {
  const h = req.headers.authorization;
  return h && h.startsWith('Bearer ') ? h.slice(7) : null;
}

function cookie(req: IncomingMessage): string | null {
  const c = req.headers.cookie;
  if (!c) return null;
  for (const part of c.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === COOKIE) return v.join('=');
  }
  return null;
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage, max: number): Promise<string> {
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > max) {
        // Stop keeping the body but let it drain, so the 413 answer reaches the client.
        reject(new BodyTooLarge(`request body larger than ${max} bytes`));
        req.removeAllListeners('data');
        req.resume();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolveBody(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
