import { z } from 'zod';
import { CAPABILITIES, PLUGIN_KINDS } from './kinds.js';
import { cronError } from './cron.js';

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
    on: z.enum(['correlation', 'new-revision', 'schedule']),
    /** For `new-revision`: the series whose new revisions trigger the hook. */
    series: z.array(seriesPath).optional(),
    /** For `schedule`: a cron expression (5 fields, or 6 with seconds). */
    cron: z.string().optional(),
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
    } else if (h.cron !== undefined) ctx.addIssue({ code: 'custom', path: ['cron'], message: '"cron" is only for schedule hooks' });
    if (h.on === 'new-revision' && !h.series?.length) ctx.addIssue({ code: 'custom', path: ['series'], message: 'a new-revision hook needs "series"' });
  });
export type Hook = z.infer<typeof HookSchema>;

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
