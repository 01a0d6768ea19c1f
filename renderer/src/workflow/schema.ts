/**
 * Forms from an op's config JSON Schema (as the engine serves it: zod's JSON Schema output). Each
 * property becomes a field: a choice list for an `enum`, a checkbox for a boolean, a text box otherwise,
 * read back with the schema's types (a union like `number | [number, number]` takes either). Pure.
 */
export type JsonSchema = {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  default?: unknown;
  description?: string;
  title?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  items?: JsonSchema | false;
  prefixItems?: JsonSchema[];
  minItems?: number;
  maxItems?: number;
  additionalProperties?: boolean | JsonSchema;
};

export interface Field {
  key: string;
  control: 'select' | 'checkbox' | 'text';
  required: boolean;
  default?: unknown;
  /** For selects. */
  options?: string[];
  /** Human hint: the accepted type(s), e.g. `number > 0 | [number, number]`. */
  hint: string;
  description?: string;
  schema: JsonSchema;
}

export function fieldsOf(schema: JsonSchema): Field[] {
  const req = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {}).map(([key, s]) => {
    const base = { key, required: req.has(key), ...('default' in s ? { default: s.default } : {}), hint: describe(s), ...(s.description ? { description: s.description } : {}), schema: s };
    if (s.enum && s.enum.every((e) => typeof e === 'string')) return { ...base, control: 'select' as const, options: s.enum as string[] };
    if (s.type === 'boolean') return { ...base, control: 'checkbox' as const };
    return { ...base, control: 'text' as const };
  });
}

function describe(s: JsonSchema): string {
  const alts = s.anyOf ?? s.oneOf;
  if (alts) return alts.map(describe).join(' | ');
  if (s.enum) return s.enum.map((e) => JSON.stringify(e)).join(' | ');
  if (s.type === 'array') {
    if (s.prefixItems) return `[${s.prefixItems.map(describe).join(', ')}]`;
    return `${s.items ? describe(s.items) : 'any'}[]`;
  }
  const t = Array.isArray(s.type) ? s.type.join(' | ') : (s.type ?? 'any');
  const bounds: string[] = [];
  if (s.exclusiveMinimum !== undefined) bounds.push(`> ${s.exclusiveMinimum}`);
  if (s.minimum !== undefined) bounds.push(`≥ ${s.minimum}`);
  if (s.maximum !== undefined && s.maximum < 2 ** 53 - 1) bounds.push(`≤ ${s.maximum}`);
  if (s.exclusiveMaximum !== undefined) bounds.push(`< ${s.exclusiveMaximum}`);
  return bounds.length ? `${t} ${bounds.join(', ')}` : t;
}

/** Why `v` does not fit `s` (null when it fits): the subset of JSON Schema op configs use. */
export function problem(v: unknown, s: JsonSchema): string | null {
  const alts = s.anyOf ?? s.oneOf;
  if (alts) return alts.some((a) => problem(v, a) === null) ? null : `expected ${describe(s)}`;
  if (s.enum && !s.enum.some((e) => e === v)) return `expected one of ${s.enum.map((e) => JSON.stringify(e)).join(', ')}`;
  if ('const' in s && s.const !== v) return `expected ${JSON.stringify(s.const)}`;
  const types = s.type === undefined ? [] : Array.isArray(s.type) ? s.type : [s.type];
  if (types.length && !types.some((t) => typeFits(v, t))) return `expected ${describe(s)}`;
  if (typeof v === 'number') {
    if (s.minimum !== undefined && v < s.minimum) return `must be ≥ ${s.minimum}`;
    if (s.maximum !== undefined && v > s.maximum) return `must be ≤ ${s.maximum}`;
    if (s.exclusiveMinimum !== undefined && v <= s.exclusiveMinimum) return `must be > ${s.exclusiveMinimum}`;
    if (s.exclusiveMaximum !== undefined && v >= s.exclusiveMaximum) return `must be < ${s.exclusiveMaximum}`;
  }
  if (typeof v === 'string' && s.minLength !== undefined && v.length < s.minLength) return s.minLength === 1 ? 'must not be empty' : `at least ${s.minLength} characters`;
  if (Array.isArray(v)) {
    if (s.minItems !== undefined && v.length < s.minItems) return `expected ${describe(s)}`;
    if (s.maxItems !== undefined && v.length > s.maxItems) return `expected ${describe(s)}`;
    for (let i = 0; i < v.length; i++) {
      const item = s.prefixItems?.[i] ?? (s.items === false ? undefined : s.items);
      if (!item) {
        if (s.items === false) return `expected ${describe(s)}`;
        continue;
      }
      const p = problem(v[i], item);
      if (p) return `item ${i + 1}: ${p}`;
    }
  }
  return null;
}

function typeFits(v: unknown, t: string): boolean {
  switch (t) {
    case 'string':
      return typeof v === 'string';
    case 'number':
      return typeof v === 'number' && Number.isFinite(v);
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v);
    case 'boolean':
      return typeof v === 'boolean';
    case 'array':
      return Array.isArray(v);
    case 'object':
      return typeof v === 'object' && v !== null && !Array.isArray(v);
    case 'null':
      return v === null;
    default:
      return true;
  }
}

/** Whether the schema (or one of its alternatives) takes a plain string. */
function takesString(s: JsonSchema): boolean {
  const alts = s.anyOf ?? s.oneOf;
  if (alts) return alts.some(takesString);
  if (s.enum) return s.enum.some((e) => typeof e === 'string');
  const types = s.type === undefined ? [] : Array.isArray(s.type) ? s.type : [s.type];
  return types.includes('string');
}

/**
 * Reads what was typed in a text field. Empty: the key is left out (the op's default applies). Otherwise
 * JSON when it parses to a value the schema takes (`10`, `[1, 5]`, `true`), else the raw text when the
 * schema takes strings (`5min`), else an error saying what is expected.
 */
export function readText(text: string, f: Field): { value?: unknown; error?: string } {
  const t = text.trim();
  if (t === '') return f.required ? { error: 'required' } : {};
  let parsed: unknown;
  let isJson = false;
  try {
    parsed = JSON.parse(t);
    isJson = true;
  } catch {
    // not JSON: maybe a plain string
  }
  if (isJson && problem(parsed, f.schema) === null) return { value: parsed };
  if (takesString(f.schema)) {
    const p = problem(text, f.schema);
    return p === null ? { value: text } : { error: p };
  }
  return { error: isJson ? (problem(parsed, f.schema) ?? 'invalid') : `expected ${f.hint}` };
}

/** The text a field shows for a config value (strings as they are, anything else as JSON). */
export function showText(v: unknown): string {
  if (v === undefined) return '';
  return typeof v === 'string' ? v : JSON.stringify(v);
}
