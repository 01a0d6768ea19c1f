import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { Manifest } from '../manifest.js';

/** The per-plugin configuration file, beside plugin.json. (YAML is not read yet: JSON only.) */
export const CONFIG_FILE = 'config.json';

export type ConfigResult = { ok: true; config: Record<string, unknown> } | { ok: false; error: string };

/**
 * Loads and validates a plugin's `config.json` against the manifest's `config_schema` (JSON Schema,
 * through zod's converter). No file = `{}`, which must satisfy the schema too. Never throws.
 */
export function loadPluginConfig(dir: string, manifest: Manifest): ConfigResult {
  const path = join(dir, CONFIG_FILE);
  let raw: unknown = {};
  if (existsSync(path)) {
    try {
      raw = JSON.parse(readFileSync(path, 'utf8'));
    } catch (e) {
      return { ok: false, error: `${CONFIG_FILE} is not JSON: ${(e as Error).message}` };
    }
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { ok: false, error: `${CONFIG_FILE} must hold a JSON object` };
  if (!manifest.config_schema) return { ok: true, config: raw as Record<string, unknown> };
  let schema: z.ZodType;
  try {
    schema = z.fromJSONSchema(manifest.config_schema as Parameters<typeof z.fromJSONSchema>[0]);
  } catch (e) {
    return { ok: false, error: `config_schema in plugin.json is not a usable JSON Schema: ${(e as Error).message}` };
  }
  const r = schema.safeParse(raw);
  if (!r.success) {
    const i = r.error.issues[0]!;
    return { ok: false, error: `${CONFIG_FILE}: ${i.path.length ? i.path.join('.') + ': ' : ''}${i.message}` };
  }
  return { ok: true, config: r.data as Record<string, unknown> };
}
