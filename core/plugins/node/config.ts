import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { Manifest } from '../manifest.js';

/** The per-plugin configuration file, beside plugin.json: JSON or YAML (at most one of them). */
export const CONFIG_FILE = 'config.json';
export const CONFIG_FILES = [CONFIG_FILE, 'config.yaml', 'config.yml'] as const;

export type ConfigResult = { ok: true; config: Record<string, unknown> } | { ok: false; error: string };

/**
 * Loads and validates a plugin's `config.json` (or `config.yaml` / `config.yml`) against the manifest's
 * `config_schema` (JSON Schema, through zod's converter). No file = `{}`, which must satisfy the schema
 * too; two files is an error (which one counts would be a guess). Never throws.
 */
export function loadPluginConfig(dir: string, manifest: Manifest): ConfigResult {
  const present = CONFIG_FILES.filter((f) => existsSync(join(dir, f)));
  if (present.length > 1) return { ok: false, error: `both ${present.join(' and ')} exist: keep one` };
  const file = present[0];
  let raw: unknown = {};
  if (file) {
    let text: string;
    try {
      text = readFileSync(join(dir, file), 'utf8');
    } catch (e) {
      return { ok: false, error: `cannot read ${file}: ${(e as Error).message}` };
    }
    try {
      raw = file === CONFIG_FILE ? JSON.parse(text) : (parseYaml(text) ?? {});
    } catch (e) {
      return { ok: false, error: `${file} is not ${file === CONFIG_FILE ? 'JSON' : 'YAML'}: ${(e as Error).message.split('\n')[0]}` };
    }
  }
  const name = file ?? CONFIG_FILE;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { ok: false, error: `${name} must hold ${name === CONFIG_FILE ? 'a JSON object' : 'a mapping'}` };
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
    return { ok: false, error: `${name}: ${i.path.length ? i.path.join('.') + ': ' : ''}${i.message}` };
  }
  return { ok: true, config: r.data as Record<string, unknown> };
}
