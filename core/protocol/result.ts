/** What every call returns: a value, or an error with a stable code (never a thrown exception across a transport). */
export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiError };

export interface ApiError {
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail(code: string, message: string, details?: Record<string, unknown>): Result<never> {
  return { ok: false, error: { code, message, ...(details ? { details } : {}) } };
}
