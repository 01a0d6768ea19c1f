import { StrataError } from '../base/errors.js';

/**
 * Canonical JSON: object keys sorted, no whitespace, `undefined` members dropped. Two configs that mean
 * the same thing (keys in another order) give the same text, hence the same cache key.
 */
export function canonicalJson(value: unknown): string {
  return write(value, 0);
}

function write(v: unknown, depth: number): string {
  if (depth > 64) throw new StrataError('bad_config', 'config nests more than 64 levels deep');
  if (v === null) return 'null';
  switch (typeof v) {
    case 'number':
      if (!Number.isFinite(v)) throw new StrataError('bad_config', `config holds a non-finite number (${v})`);
      return JSON.stringify(v);
    case 'string':
    case 'boolean':
      return JSON.stringify(v);
    case 'object': {
      if (Array.isArray(v)) return '[' + v.map((x) => (x === undefined ? 'null' : write(x, depth + 1))).join(',') + ']';
      const keys = Object.keys(v as object)
        .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
        .sort();
      return '{' + keys.map((k) => JSON.stringify(k) + ':' + write((v as Record<string, unknown>)[k], depth + 1)).join(',') + '}';
    }
    default:
      throw new StrataError('bad_config', `config holds a ${typeof v}, which JSON cannot represent`);
  }
}
