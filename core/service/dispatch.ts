import { toStrataError } from '../base/errors.js';
import { validateCall } from '../protocol/validate.js';
import type { Result } from '../protocol/result.js';
import type { Handlers } from './service.js';

/** Validates a call against the contract and runs its handler; never throws (errors become Results). */
export async function dispatch(handlers: Handlers, method: unknown, args: unknown): Promise<Result<unknown>> {
  const v = validateCall(method, args);
  if (!v.ok) return v;
  try {
    const handler = handlers[v.value.method] as (a: unknown) => unknown;
    return { ok: true, value: await handler(v.value.args) };
  } catch (e) {
    const err = toStrataError(e);
    return { ok: false, error: { code: err.code, message: err.message, ...(Object.keys(err.details).length ? { details: err.details } : {}) } };
  }
}
