import { CONTRACT, isApiMethod, type ApiArgs, type ApiMethod } from './contract.js';
import type { Result } from './result.js';
import type { ApiResults } from './types.js';

/** Sends one call over some transport (Electron IPC, HTTP) and returns its Result. */
export type Transport = (method: string, args: unknown, timeoutMs: number) => Promise<Result<unknown>>;

/** A typed client for the contract: `call('series.get', {name})`. Works over any transport. */
export interface ApiClient {
  call<M extends ApiMethod>(method: M, args: ApiArgs<M>): Promise<Result<ApiResults[M]>>;
}

export function createClient(transport: Transport): ApiClient {
  return {
    async call(method, args) {
      if (!isApiMethod(method)) return { ok: false, error: { code: 'unknown_method', message: `unknown method ${String(method)}` } };
      const timeoutMs = CONTRACT[method].timeoutMs;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<Result<never>>((resolve) => {
        timer = setTimeout(() => resolve({ ok: false, error: { code: 'timeout', message: `${method} took longer than ${timeoutMs} ms` } }), timeoutMs);
      });
      try {
        const res = await Promise.race([transport(method, args, timeoutMs), timeout]);
        return res as Result<ApiResults[typeof method]>;
      } catch (e) {
        return { ok: false, error: { code: 'transport', message: (e as Error).message ?? String(e) } };
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
