import { StrataError } from '../base/errors.js';
import { parseDuration } from '../series/duration.js';
import { parseTimestamp } from '../series/time.js';

/** An error in how a command was called (exit code 2), keeping the specific code (e.g. bad_timestamp). */
export class UsageError extends StrataError {
  constructor(code: string, message: string, details: Record<string, unknown> = {}) {
    super(code, message, details);
    this.name = 'UsageError';
  }
}

function asUsage(e: unknown): never {
  if (e instanceof StrataError) throw new UsageError(e.code, e.message, e.details);
  throw e;
}

/** A timestamp option (`--from 2024-01-01`); naive text is read on the same µs axis (UTC wall-clock). */
export function timeOption(value: string | undefined, flag: string): number | null {
  if (value === undefined) return null;
  try {
    return parseTimestamp(value, flag).us;
  } catch (e) {
    return asUsage(e);
  }
}

/** An insertion/revision date option: an instant; naive text is taken as UTC. */
export function instantOption(value: string | undefined, flag: string): number | undefined {
  const v = timeOption(value, flag);
  return v === null ? undefined : v;
}

export function durationOption(value: string, flag: string): number {
  try {
    return parseDuration(value, flag);
  } catch (e) {
    return asUsage(e);
  }
}
