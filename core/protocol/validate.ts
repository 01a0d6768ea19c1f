import { CONTRACT, isApiMethod, type ApiMethod } from './contract.js';
import type { Result } from './result.js';

/** Checks a call's method name and arguments against the contract; every transport runs this first. */
export function validateCall(method: unknown, args: unknown): Result<{ method: ApiMethod; args: unknown }> {
  if (!isApiMethod(method)) {
    return { ok: false, error: { code: 'unknown_method', message: `unknown method ${JSON.stringify(method)}` } };
  }
  const parsed = CONTRACT[method].args.safeParse(args ?? {});
  if (!parsed.success) {
    const first = parsed.error.issues[0]!;
    const where = first.path.length ? first.path.join('.') : '(arguments)';
    return {
      ok: false,
      error: { code: 'bad_request', message: `${method}: ${where}: ${first.message}`, details: { issues: parsed.error.issues.map((i) => ({ path: i.path.map(String), message: i.message })) } },
    };
  }
  return { ok: true, value: { method, args: parsed.data } };
}
