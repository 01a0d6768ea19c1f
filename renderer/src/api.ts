import { createClient, type ApiClient, type Result, type Transport } from '../../core/protocol/index.js';

/** What the Electron preload exposes (see electron/preload.ts): calls on one channel prefix only. */
interface StrataBridge {
  invoke(channel: string, args: unknown): Promise<Result<unknown>>;
}

declare global {
  interface Window {
    strata?: StrataBridge;
  }
}

const TOKEN_KEY = 'strata.token';

/** Over Electron IPC when the preload bridge is present, else over HTTP to `strata serve`. */
function pickTransport(): Transport {
  const bridge = window.strata;
  if (bridge) return (method, args) => bridge.invoke(`strata:${method}`, args);
  const fromUrl = new URLSearchParams(window.location.search).get('token');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    // Keep the token out of the address bar (and out of screenshots and history).
    history.replaceState(null, '', window.location.pathname);
  }
  const token = sessionStorage.getItem(TOKEN_KEY);
  return async (method, args) => {
    const res = await fetch(`./api/call/${encodeURIComponent(method)}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      credentials: 'same-origin',
      body: JSON.stringify(args ?? {}),
    });
    return (await res.json()) as Result<unknown>;
  };
}

export const api: ApiClient = createClient(pickTransport());

/** Unwraps a Result, throwing its error (for React effects that show errors in place). */
export async function call<T>(p: Promise<Result<T>>): Promise<T> {
  const r = await p;
  if (!r.ok) throw Object.assign(new Error(r.error.message), { code: r.error.code });
  return r.value;
}
