/**
 * Static types of formula values. `int` is a `number` written without a fraction; `any` is what an
 * erroneous sub-expression gets so one mistake does not cascade into many diagnostics. `spans` (periods,
 * see core/spans) and `table` (rows of per-span aggregates) are values of their own: neither fits where a
 * series or a scalar is expected.
 */
export type FType = 'series' | 'number' | 'int' | 'string' | 'bool' | 'timestamp' | 'nil' | 'any' | 'spans' | 'table';

/** A union of types, e.g. `['number', 'series']`. */
export type TypeSpec = readonly FType[];

const ALL: ReadonlySet<string> = new Set(['series', 'number', 'int', 'string', 'bool', 'timestamp', 'nil', 'any', 'spans', 'table']);

/** Reads `"number|series"` into a TypeSpec; throws on an unknown type name (registry validation). */
export function parseType(text: string): TypeSpec {
  const parts = text.split('|').map((p) => p.trim());
  for (const p of parts) if (!ALL.has(p)) throw new Error(`unknown type ${JSON.stringify(p)} in ${JSON.stringify(text)}`);
  return parts as FType[];
}

export function formatType(t: TypeSpec): string {
  return t.join('|');
}

function fits(actual: FType, expected: TypeSpec): boolean {
  if (actual === 'any' || expected.includes('any')) return true;
  if (expected.includes(actual)) return true;
  return actual === 'int' && expected.includes('number');
}

/** True when every member of `actual` is accepted by `expected`. */
export function assignable(actual: TypeSpec, expected: TypeSpec): boolean {
  return actual.every((a) => fits(a, expected));
}

/** True when some member of `actual` is accepted by `expected` (a value *may* fit). */
export function overlaps(actual: TypeSpec, expected: TypeSpec): boolean {
  return actual.some((a) => fits(a, expected));
}

export function hasSeries(t: TypeSpec): boolean {
  return t.includes('series');
}
