/**
 * Typed errors for API misuse and bad input. Every error Strata reports to a user carries a stable
 * machine-readable `code`, a message that says what and where, and optional structured details.
 */
export type ErrorCode =
  | 'bad_input'
  | 'bad_timestamp'
  | 'bad_duration'
  | 'bad_points'
  | 'duplicate_timestamp'
  | 'tz_mismatch'
  | 'value_type_mismatch'
  | 'unit_mismatch'
  | 'unknown_series'
  | 'series_exists'
  | 'insertion_date_order'
  | 'usage'
  | 'io'
  | 'internal'
  | (string & {});

export class StrataError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown>;
  constructor(code: ErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = 'StrataError';
    this.code = code;
    this.details = details;
  }

  toJSON(): { code: string; message: string } & Record<string, unknown> {
    return { code: this.code, message: this.message, ...this.details };
  }
}

export function isStrataError(e: unknown): e is StrataError {
  return e instanceof StrataError;
}

/** Wraps anything thrown into a StrataError (unknown errors become `internal`). */
export function toStrataError(e: unknown): StrataError {
  if (e instanceof StrataError) return e;
  if (e instanceof Error) return new StrataError('internal', e.message);
  return new StrataError('internal', String(e));
}

/** Exhaustiveness guard for tagged-union switches. */
export function assertNever(x: never, what = 'value'): never {
  throw new StrataError('internal', `unexpected ${what}: ${JSON.stringify(x)}`);
}
