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
/** Formula texts are small programs; a megabyte is far beyond any real one. */
const formulaText = z.string().min(1).max(1_000_000);
const jobId = z.string().min(1).max(64);
/** Where a PostgreSQL connection points: a URL, or its parts (core/remote/config.ts checks them further). */
const connTarget = {
  url: z.string().min(1).max(4096).optional(),
  host: z.string().min(1).max(255).optional(),
  port: z.number().int().min(1).max(65535).optional(),
  database: z.string().min(1).max(255).optional(),
  user: z.string().min(1).max(255).optional(),
  schema: z.string().min(1).max(255).optional(),
  sslmode: z.enum(['disable', 'prefer', 'require', 'verify-ca', 'verify-full']).optional(),
  sslrootcert: z.string().min(1).max(4096).optional(),
  /** Sealed by the OS keychain before it is stored; refused where the engine has no keychain. */
  password: z.string().min(1).max(1024).optional(),
};

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

  // Formulas: the registry (the editor generates its language from it), checks with positioned
  // diagnostics as values, evaluation, and formulas as named read-only series.
  'formula.operators': { args: z.object({}).strict(), timeoutMs: 10_000 },
  'formula.check': { args: z.object({ text: formulaText }).strict(), timeoutMs: 10_000 },
  'formula.eval': {
    args: z.object({ text: formulaText, revisionDate: micros.nullish(), ...window, maxPoints: z.number().int().positive().max(5_000_000).optional() }).strict(),
    timeoutMs: 60_000,
  },
  'formula.list': { args: z.object({}).strict(), timeoutMs: 10_000 },
  'formula.show': { args: z.object({ name, expand: z.boolean().optional() }).strict(), timeoutMs: 10_000 },
  'formula.register': { args: z.object({ name, text: formulaText, update: z.boolean().optional(), allowUnknown: z.boolean().optional() }).strict(), timeoutMs: 30_000 },
  'formula.dependencies': {
    args: z
      .object({ name: name.optional(), text: formulaText.optional() })
      .strict()
      .refine((a) => (a.name === undefined) !== (a.text === undefined), { message: 'give exactly one of name or text' }),
    timeoutMs: 10_000,
  },

  // Spans: condition spans of a formula (a boolean series or spans), and per-span statistics of a series.
  'spans.condition': { args: z.object({ text: formulaText, ...window, revisionDate: micros.nullish() }).strict(), timeoutMs: 60_000 },
  'spans.stats': { args: z.object({ text: formulaText, series: name, ...window, revisionDate: micros.nullish() }).strict(), timeoutMs: 60_000 },

  // Workflows: the op palette (config schemas as JSON Schema), saved graphs, runs as jobs with
  // `workflow` events, node outputs, and the lineage of saved series.
  'workflow.ops': { args: z.object({}).strict(), timeoutMs: 10_000 },
  'workflow.list': { args: z.object({}).strict(), timeoutMs: 10_000 },
  'workflow.show': { args: z.object({ name }).strict(), timeoutMs: 10_000 },
  'workflow.validate': { args: z.object({ workflow: z.unknown() }).strict(), timeoutMs: 10_000 },
  'workflow.save': { args: z.object({ workflow: z.unknown() }).strict(), timeoutMs: 10_000 },
  'workflow.delete': { args: z.object({ name }).strict(), timeoutMs: 10_000 },
  'workflow.run': { args: z.object({ name }).strict(), timeoutMs: 10_000 },
  'workflow.status': { args: z.object({ jobId }).strict(), timeoutMs: 5_000 },
  'workflow.cancel': { args: z.object({ jobId }).strict(), timeoutMs: 5_000 },
  'workflow.output': { args: z.object({ name, nodeId: name, maxPoints: z.number().int().positive().max(5_000_000).optional() }).strict(), timeoutMs: 30_000 },
  'workflow.lineage': { args: z.object({ series: name, revisionDate: micros.nullish() }).strict(), timeoutMs: 10_000 },

  // Plugins of the engine's library folders: listed (with help and metadata), rescanned, analyses run.
  'plugins.list': { args: z.object({}).strict(), timeoutMs: 60_000 },
  'plugins.rescan': { args: z.object({}).strict(), timeoutMs: 60_000 },
  'plugins.analyze': {
    args: z.object({ module: name, series: z.array(name).min(1).max(64), config: z.record(z.string(), z.unknown()).optional() }).strict(),
    timeoutMs: 180_000,
  },

  // PostgreSQL connections (docs/remote.md): their tags are the read-only series `<connection>/<tag>`.
  'connect.list': { args: z.object({}).strict(), timeoutMs: 10_000 },
  'connect.test': { args: z.object({ name }).strict(), timeoutMs: 30_000 },
  'connect.add': {
    args: z
      .object({ name, ...connTarget, noTest: z.boolean().optional() })
      .strict()
      .refine((a) => a.url !== undefined || (a.host !== undefined && a.database !== undefined && a.user !== undefined), { message: 'give url, or host, database and user' })
      .refine((a) => a.url === undefined || (a.host === undefined && a.port === undefined && a.database === undefined && a.user === undefined), { message: 'give url or its parts (host, port, database, user), not both' }),
    timeoutMs: 30_000,
  },
  'connect.edit': {
    args: z
      .object({ name, ...connTarget })
      .strict()
      .refine((a) => a.url === undefined || (a.host === undefined && a.port === undefined && a.database === undefined && a.user === undefined), { message: 'give url or its parts (host, port, database, user), not both' }),
    timeoutMs: 30_000,
  },
  'connect.remove': { args: z.object({ name }).strict(), timeoutMs: 10_000 },
} as const;

export type ApiMethod = keyof typeof CONTRACT;
export type ApiArgs<M extends ApiMethod> = z.infer<(typeof CONTRACT)[M]['args']>;
export const API_METHODS = Object.keys(CONTRACT) as ApiMethod[];

export function isApiMethod(m: unknown): m is ApiMethod {
  return typeof m === 'string' && Object.prototype.hasOwnProperty.call(CONTRACT, m);
}
