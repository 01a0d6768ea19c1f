import { z } from 'zod';

/**
 * The service contract: every call the UI can make, declared once. Each entry has a schema for its
 * arguments (validated by every transport before the engine sees them) and a timeout; result types are in
 * `ApiResults`. The Electron IPC transport, the HTTP transport and the client are generated from this
 * table — no per-method glue anywhere.
 *
 * Timestamps are integer microseconds since the epoch (exact in JSON up to 2^53).
 */
const name = z.string().min(1).max(512);
const micros = z.number().int().safe();
const window = { from: micros.nullish(), to: micros.nullish() };

export const CONTRACT = {
  'app.info': { args: z.object({}).strict(), timeoutMs: 5_000 },
  'series.list': { args: z.object({}).strict(), timeoutMs: 30_000 },
  'series.info': { args: z.object({ name }).strict(), timeoutMs: 10_000 },
  'series.get': {
    args: z.object({ name, revisionDate: micros.nullish(), ...window, maxPoints: z.number().int().positive().max(5_000_000).optional() }).strict(),
    timeoutMs: 60_000,
  },
  'series.insertionDates': { args: z.object({ name }).strict(), timeoutMs: 10_000 },
  'series.history': { args: z.object({ name, ...window, maxVersions: z.number().int().positive().max(1000).optional() }).strict(), timeoutMs: 60_000 },
  'chart.envelope': {
    args: z.object({ name, ...window, width: z.number().int().min(1).max(20_000), revisionDate: micros.nullish() }).strict(),
    timeoutMs: 30_000,
  },
  'spans.constant': { args: z.object({ name, ...window, limit: z.number().int().min(0).max(1_000_000).nullish() }).strict(), timeoutMs: 30_000 },
  'tags.list': { args: z.object({ ...window }).strict(), timeoutMs: 30_000 },
  // Imports run as jobs in the engine: `import.start` answers at once with the job, progress arrives as
  // `import` events (and `import.status`), `import.cancel` aborts it (nothing is written).
  'import.start': {
    args: z
      .object({
        path: z.string().min(1).max(4096),
        format: z.enum(['auto', 'long', 'wide', 'arrow', 'parquet']).optional(),
        prefix: z.string().max(256).optional(),
        tz: z.string().min(1).max(64).optional(),
        onDuplicate: z.enum(['error', 'first', 'last']).optional(),
        mode: z.enum(['update', 'replace']).optional(),
        maxRejects: z.number().int().min(0).max(100_000).optional(),
      })
      .strict(),
    timeoutMs: 10_000,
  },
  'import.status': { args: z.object({ jobId: z.string().min(1).max(64) }).strict(), timeoutMs: 5_000 },
  'import.cancel': { args: z.object({ jobId: z.string().min(1).max(64) }).strict(), timeoutMs: 5_000 },
} as const;

export type ApiMethod = keyof typeof CONTRACT;
export type ApiArgs<M extends ApiMethod> = z.infer<(typeof CONTRACT)[M]['args']>;
export const API_METHODS = Object.keys(CONTRACT) as ApiMethod[];

export function isApiMethod(m: unknown): m is ApiMethod {
  return typeof m === 'string' && Object.prototype.hasOwnProperty.call(CONTRACT, m);
}
