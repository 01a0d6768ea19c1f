import { z } from 'zod';
import { CAPABILITIES, PLUGIN_KINDS } from './kinds.js';
import { cronError } from './cron.js';
import { parseType } from '../formula/types.js';

/** A series a hook reads or writes: a non-empty name without surrounding blanks. */
const seriesPath = z
  .string()
  .min(1, 'a series path is empty')
  .refine((s) => s.trim() === s, { message: 'a series path has leading or trailing blanks' });

/** One hook (DP3's callbacks): when it runs and which series it reads and may change. */
export const HookSchema = z
  .object({
    /** Unique within the plugin; hooks are named `<plugin>/<id>` across a library. */
    id: z.string().regex(/^[A-Za-z0-9_.-]+$/, 'hook ids use letters, digits, _ . -'),
    on: z.enum(['correlation', 'new-revision', 'schedule', 'start', 'stop']),
    /** For `new-revision`: the series whose new revisions trigger the hook. */
    series: z.array(seriesPath).optional(),
    /** For `schedule`: a cron expression (5 fields, or 6 with seconds). */
    cron: z.string().optional(),
    /** For `schedule`: the IANA time zone the cron expression is read in (default: the machine's). */
    timezone: z.string().min(1).optional(),
    /** Series the hook reads; it runs after every hook that may change one of them. */
    depends_on: z.array(seriesPath).default([]),
    /** Series the hook may write (as revisions whose source names the plugin). */
    may_change: z.array(seriesPath).default([]),
  })
  .strict()
  .superRefine((h, ctx) => {
    if (h.on === 'schedule') {
      if (!h.cron) ctx.addIssue({ code: 'custom', path: ['cron'], message: 'a schedule hook needs "cron"' });
      else {
        const bad = cronError(h.cron);
        if (bad) ctx.addIssue({ code: 'custom', path: ['cron'], message: `bad cron expression: ${bad}` });
      }
      if (h.timezone !== undefined && !validZone(h.timezone)) ctx.addIssue({ code: 'custom', path: ['timezone'], message: `unknown time zone ${JSON.stringify(h.timezone)}` });
    } else {
      if (h.cron !== undefined) ctx.addIssue({ code: 'custom', path: ['cron'], message: '"cron" is only for schedule hooks' });
      if (h.timezone !== undefined) ctx.addIssue({ code: 'custom', path: ['timezone'], message: '"timezone" is only for schedule hooks' });
    }
    if (h.on === 'new-revision' && !h.series?.length) ctx.addIssue({ code: 'custom', path: ['series'], message: 'a new-revision hook needs "series"' });
  });
export type Hook = z.infer<typeof HookSchema>;

function validZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** A formula type a plugin operator may take or return: what can cross the wire (no spans or tables). */
const WIRE_TYPES = new Set(['series', 'number', 'int', 'string', 'bool', 'timestamp', 'nil', 'any']);
const wireType = z.string().superRefine((t, ctx) => {
  try {
    for (const x of parseType(t)) if (!WIRE_TYPES.has(x)) ctx.addIssue({ code: 'custom', message: `type ${JSON.stringify(x)} cannot cross to a plugin (use series, number, int, string, bool, timestamp, nil)` });
  } catch (e) {
    ctx.addIssue({ code: 'custom', message: (e as Error).message });
  }
});
const literal = z.union([z.number(), z.string(), z.boolean(), z.null()]);
const paramDecl = z
  .object({
    name: z.string().min(1),
    type: wireType,
    default: literal.optional(),
    doc: z.string().default(''),
    choices: z.array(z.string()).optional(),
  })
  .strict();

/**
 * A formula operator a plugin adds (tshistory_formula's custom operators): its signature, checked like a
 * built-in's; calls run in the plugin's process as method `operator.<name>`.
 */
export const OperatorDeclSchema = z
  .object({
    name: z.string().min(1),
    family: z.string().min(1).default('plugin'),
    params: z.array(paramDecl).default([]),
    rest: paramDecl.extend({ min: z.number().int().min(0).optional() }).optional(),
    keywords: z.array(paramDecl).default([]),
    returns: wireType,
    doc: z.string().min(1, 'an operator needs a doc string'),
    examples: z.array(z.string()).default([]),
  })
  .strict();
export type OperatorDecl = z.infer<typeof OperatorDeclSchema>;

/**
 * A workflow node type a plugin adds: registered as op `<plugin>/<name>`; runs in the plugin's process as
 * method `node.<name>`, frames in and out as Arrow tables.
 */
export const NodeDeclSchema = z
  .object({
    name: z.string().regex(/^[a-z][a-z0-9_]*$/, 'node type names are lower_snake_case'),
    doc: z.string().min(1, 'a node type needs a doc string'),
    inputs: z
      .object({ min: z.number().int().min(0), max: z.number().int().min(0) })
      .strict()
      .refine((x) => x.max >= x.min, 'inputs.max must be at least inputs.min')
      .default({ min: 1, max: 1 }),
    accepts: z.enum(['time', 'frequency', 'any']).default('any'),
    output: z.enum(['time', 'frequency', 'input']).default('input'),
    /** JSON Schema of the node's config (checked when a workflow is saved). */
    config_schema: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();
export type NodeDecl = z.infer<typeof NodeDeclSchema>;

/** `plugin.json` beside a plugin (or printed by an executable asked to describe itself). */
export const ManifestSchema = z
  .object({
    name: z.string().regex(/^[A-Za-z0-9_.-]+$/, 'plugin names use letters, digits, _ . -'),
    version: z.string().min(1),
    kind: z.enum(PLUGIN_KINDS),
    /** A JS module run in its own process, relative to the plugin folder. */
    entry: z.string().min(1).optional(),
    /** Or a command line (program and arguments) speaking Strata's wire protocol. */
    command: z.array(z.string().min(1)).min(1).optional(),
    capabilities: z.array(z.enum(CAPABILITIES)).min(1),
    description: z.string().optional(),
    hooks: z.array(HookSchema).default([]),
    operators: z.array(OperatorDeclSchema).default([]),
    /**
     * How data travels to the plugin (operator arguments, node inputs, hook series): Arrow tables in the
     * payload (default), or JSON in the params (`json`: for plugins limited to a standard library; meant
     * for small inputs). Answers may use either form.
     */
    data: z.enum(['arrow', 'json']).default('arrow'),
    nodes: z.array(NodeDeclSchema).default([]),
    /** JSON Schema of the plugin's configuration file (config.json beside it). */
    config_schema: z.record(z.string(), z.unknown()).optional(),
  })
  .strict()
  .superRefine((m, ctx) => {
    if (!m.entry === !m.command) ctx.addIssue({ code: 'custom', path: ['entry'], message: 'exactly one of "entry" or "command" is required' });
    const seen = new Set<string>();
    m.hooks.forEach((h, k) => {
      if (seen.has(h.id)) ctx.addIssue({ code: 'custom', path: ['hooks', k, 'id'], message: `duplicate hook id ${JSON.stringify(h.id)}` });
      seen.add(h.id);
    });
    const names = (list: Array<{ name: string }>, what: string, key: string) => {
      const seenName = new Set<string>();
      list.forEach((x, k) => {
        if (seenName.has(x.name)) ctx.addIssue({ code: 'custom', path: [key, k, 'name'], message: `duplicate ${what} ${JSON.stringify(x.name)}` });
        seenName.add(x.name);
      });
    };
    names(m.operators, 'operator', 'operators');
    names(m.nodes, 'node type', 'nodes');
    if (m.operators.length && !m.capabilities.includes('operator')) ctx.addIssue({ code: 'custom', path: ['capabilities'], message: 'a plugin with operators declares the "operator" capability' });
    if (m.nodes.length && !m.capabilities.includes('node')) ctx.addIssue({ code: 'custom', path: ['capabilities'], message: 'a plugin with node types declares the "node" capability' });
    if (m.hooks.length && !m.capabilities.includes('hook')) ctx.addIssue({ code: 'custom', path: ['capabilities'], message: 'a plugin with hooks declares the "hook" capability' });
  });
export type Manifest = z.infer<typeof ManifestSchema>;

/** Parses manifest text; never throws — a bad manifest is a value to report. */
export function parseManifest(text: string): { ok: true; manifest: Manifest } | { ok: false; error: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `plugin.json is not JSON: ${(e as Error).message}` };
  }
  const r = ManifestSchema.safeParse(raw);
  if (r.success) return { ok: true, manifest: r.data };
  const first = r.error.issues.slice(0, 3).map((i) => `${i.path.length ? i.path.join('.') + ': ' : ''}${i.message}`);
  return { ok: false, error: `plugin.json: ${first.join('; ')}` };
}
