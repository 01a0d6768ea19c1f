import { StrataError } from '../base/errors.js';
import { parse } from './parser.js';
import { toOperatorSpec, type RemoteOperatorEntry } from './remote.js';
import type { SeriesQuery, SeriesResolver } from './resolver.js';
import { assignable, parseType, formatType, type TypeSpec } from './types.js';
import type { Value } from './values.js';

/** A literal usable as a parameter default. */
export type Literal = number | string | boolean | null;

/** One parameter of an operator. */
export interface ParamSpec {
  name: string;
  /** Accepted types, e.g. `"number|series"`. */
  type: string;
  /** Present when the parameter is optional; a defaulted positional may also be given as a keyword. */
  default?: Literal;
  doc: string;
  /** Allowed values of a string argument (checked when it is a literal). */
  choices?: readonly string[];
  /** Extra check of a literal argument; returns a message when the value is wrong. */
  validate?: (value: Literal) => string | undefined;
  /** The argument names a series (for `dependencies` and unknown-series checks). */
  seriesName?: boolean;
}

/** Argument values handed to an implementation: named params (defaults applied) and variadic ones. */
export interface CallArgs {
  args: Record<string, Value>;
  rest: Value[];
}

/** What an implementation may use besides its arguments. */
export interface ImplContext {
  /** The revision and value-date window in force for this call. */
  query: SeriesQuery;
  resolver: SeriesResolver;
  /** Evaluation start time (µs), for `today`. */
  now: number;
  signal?: AbortSignal;
  /** Throws if the evaluation was cancelled; long loops call it now and then. */
  checkAborted(): void;
}

/**
 * An operator implementation. May be async: a plugin's operator runs in the plugin's process and its
 * impl forwards the (plain-data, transferable) arguments there and awaits the answer.
 */
export type OperatorImpl = (call: CallArgs, ctx: ImplContext) => Value | Promise<Value>;

/** Static types of the arguments of one call, for return-type inference and cross-argument checks. */
export interface ArgTypes {
  named: ReadonlyMap<string, TypeSpec>;
  rest: readonly TypeSpec[];
}

/** One registry entry: everything the parser, checker, evaluator, editor and docs know of an operator. */
export interface OperatorSpec {
  name: string;
  aliases?: readonly string[];
  /** Family for grouping in docs and completion: arith, combine, source, time, window, trig, ... */
  family: string;
  /** Where the operator's name and semantics come from: `tshistory` (compatible) or `strata` (extension). */
  origin?: 'tshistory' | 'strata' | (string & {});
  /** Positional parameters: required first, then defaulted ones (which may also be given as keywords). */
  params: readonly ParamSpec[];
  /** Variadic positional parameter (`add`'s series...). */
  rest?: ParamSpec & { min?: number };
  /** Keyword-only parameters (all defaulted). */
  keywords?: readonly ParamSpec[];
  /** Return type for documentation, e.g. `"series"` or `"number|series"`. */
  returns: string;
  /** Exact return type from the argument types, when `returns` is a union. */
  inferReturn?: (types: ArgTypes) => TypeSpec;
  /** Cross-argument check; returns the offending parameter and a message. */
  checkArgs?: (types: ArgTypes) => { param: string; index?: number; message: string } | undefined;
  /**
   * Query seen by this call's series arguments (tshistory's argscope): scalar arguments are evaluated
   * first and passed here. Used by asof, slice, time-shifted, naive, resample.
   */
  scope?: (scalars: Record<string, Value>, query: SeriesQuery) => SeriesQuery;
  doc: string;
  examples: readonly string[];
  impl: OperatorImpl;
}

/** A validated entry as stored in a registry. */
export interface RegisteredOperator extends OperatorSpec {
  readonly builtin: boolean;
  /** Who registered it: `builtin` or a plugin name. */
  readonly owner: string;
  readonly paramTypes: ReadonlyMap<string, TypeSpec>;
  /** Every parameter that can be given as `#:name`. */
  readonly byKeyword: ReadonlyMap<string, ParamSpec>;
}

/** JSON description of an operator (for `strata formula operators --json` and the editor). */
export interface OperatorDescription {
  name: string;
  aliases: string[];
  family: string;
  origin: string;
  /** `seriesName`: the argument names a series (the editor completes series names there). */
  params: { name: string; type: string; default?: Literal; optional: boolean; doc: string; choices?: string[]; seriesName?: true }[];
  rest?: { name: string; type: string; min: number; doc: string };
  keywords: { name: string; type: string; default: Literal; doc: string; choices?: string[] }[];
  returns: string;
  doc: string;
  examples: string[];
  builtin: boolean;
  owner: string;
}

export interface RegisterOptions {
  /** Registering code: `builtin` for the library, a plugin name otherwise. */
  owner?: string;
  /** Allow replacing an operator previously registered by the same owner (never a builtin). */
  replace?: boolean;
}

const NAME_RE = /^[^\s()";#][^\s()";]*$/;
const PARAM_RE = /^[A-Za-z_][A-Za-z0-9_-]*$/;

function bad(message: string, details: Record<string, unknown> = {}): StrataError {
  return new StrataError('bad_operator', message, details);
}

function literalType(v: Literal): TypeSpec {
  if (v === null) return ['nil'];
  if (typeof v === 'number') return [Number.isInteger(v) ? 'int' : 'number'];
  return [typeof v === 'string' ? 'string' : 'bool'];
}

/** The operator table. Lookups go through Maps, so names like `__proto__` are ordinary unknown names. */
export class OperatorRegistry {
  private readonly byName = new Map<string, RegisteredOperator>();
  private readonly canonical = new Map<string, RegisteredOperator>();
  private frozen = false;

  /** Validates and adds an operator; throws a `bad_operator` StrataError on a malformed entry or a clash. */
  register(spec: OperatorSpec, opts: RegisterOptions = {}): RegisteredOperator {
    if (this.frozen) throw bad(`this registry is read-only; use createRegistry() to get one you can extend`);
    const owner = opts.owner ?? 'plugin';
    const entry = this.validate(spec, owner);
    const names = [entry.name, ...(entry.aliases ?? [])];
    for (const n of names) {
      const existing = this.byName.get(n);
      if (!existing) continue;
      if (existing.builtin) throw bad(`operator ${JSON.stringify(n)} is built in and cannot be replaced`, { name: n });
      if (!opts.replace || existing.owner !== owner) {
        throw bad(`operator ${JSON.stringify(n)} is already registered by ${existing.owner}`, { name: n, owner: existing.owner });
      }
      this.unregister(existing.name, owner);
    }
    for (const n of names) this.byName.set(n, entry);
    this.canonical.set(entry.name, entry);
    return entry;
  }

  /**
   * Registers an operator whose implementation runs elsewhere (a plugin process): `entry.impl` is async,
   * takes series as typed arrays and answers one (validated before use). `owner` is the plugin's name;
   * a name or alias that is built in is refused with a `bad_operator` error.
   */
  registerOperator(entry: RemoteOperatorEntry, owner: string, opts: { replace?: boolean } = {}): RegisteredOperator {
    if (typeof owner !== 'string' || !owner || owner === 'builtin') throw bad(`a plugin operator needs its plugin's name as owner (not ${JSON.stringify(owner)})`);
    if (!entry || typeof entry !== 'object') throw bad('operator entry must be an object');
    let spec: OperatorSpec;
    try {
      spec = toOperatorSpec(entry, owner);
    } catch (e) {
      throw bad((e as Error).message);
    }
    return this.register(spec, { owner, replace: opts.replace });
  }

  /** Removes a plugin operator (same as `unregister`); false when it is not that owner's. */
  unregisterOperator(name: string, owner: string): boolean {
    return this.unregister(name, owner);
  }

  /** Removes every operator an owner registered (a plugin stopping); returns their names. */
  unregisterOwner(owner: string): string[] {
    const names = [...this.canonical.values()].filter((e) => !e.builtin && e.owner === owner).map((e) => e.name);
    for (const n of names) this.unregister(n, owner);
    return names;
  }

  /** Removes a non-builtin operator registered by `owner` (e.g. when a plugin stops). */
  unregister(name: string, owner: string): boolean {
    const e = this.byName.get(name);
    if (!e || e.builtin || e.owner !== owner) return false;
    for (const n of [e.name, ...(e.aliases ?? [])]) this.byName.delete(n);
    this.canonical.delete(e.name);
    return true;
  }

  get(name: string): RegisteredOperator | undefined {
    return this.byName.get(name);
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  /** Canonical entries sorted by family then name. */
  list(): RegisteredOperator[] {
    return [...this.canonical.values()].sort((a, b) => a.family.localeCompare(b.family) || a.name.localeCompare(b.name));
  }

  /** Every name and alias (for completion and "did you mean"). */
  names(): string[] {
    return [...this.byName.keys()].sort();
  }

  describe(): OperatorDescription[] {
    return this.list().map(describeOperator);
  }

  /** A new registry holding the same entries, open for registration. */
  extend(): OperatorRegistry {
    const r = new OperatorRegistry();
    for (const [n, e] of this.byName) r.byName.set(n, e);
    for (const [n, e] of this.canonical) r.canonical.set(n, e);
    return r;
  }

  /** Makes the registry read-only (the shared default registry). */
  freeze(): this {
    this.frozen = true;
    return this;
  }

  private validate(spec: OperatorSpec, owner: string): RegisteredOperator {
    if (!spec || typeof spec !== 'object') throw bad('operator spec must be an object');
    const where = `operator ${JSON.stringify(spec.name)}`;
    if (typeof spec.name !== 'string' || !NAME_RE.test(spec.name) || spec.name === 'nil' || /^[+-]?\.?\d/.test(spec.name)) {
      throw bad(`${where}: invalid name (no spaces, parentheses, quotes or ';'; not a number or nil)`);
    }
    for (const a of spec.aliases ?? []) {
      if (typeof a !== 'string' || !NAME_RE.test(a) || a === 'nil' || /^[+-]?\.?\d/.test(a)) throw bad(`${where}: invalid alias ${JSON.stringify(a)}`);
    }
    if (typeof spec.family !== 'string' || !spec.family) throw bad(`${where}: family is required`);
    if (typeof spec.impl !== 'function') throw bad(`${where}: impl must be a function`);
    if (typeof spec.doc !== 'string' || !spec.doc.trim()) throw bad(`${where}: doc is required`);
    if (!Array.isArray(spec.params)) throw bad(`${where}: params must be an array`);
    if (!Array.isArray(spec.examples)) throw bad(`${where}: examples must be an array`);
    try {
      parseType(spec.returns);
    } catch (e) {
      throw bad(`${where}: returns: ${(e as Error).message}`);
    }
    const paramTypes = new Map<string, TypeSpec>();
    const byKeyword = new Map<string, ParamSpec>();
    const checkParam = (p: ParamSpec, kind: string): TypeSpec => {
      if (!p || typeof p.name !== 'string' || !PARAM_RE.test(p.name)) throw bad(`${where}: ${kind} has an invalid name ${JSON.stringify(p?.name)}`);
      if (paramTypes.has(p.name)) throw bad(`${where}: parameter ${p.name} declared twice`);
      if (typeof p.doc !== 'string') throw bad(`${where}: parameter ${p.name} needs a doc string`);
      let t: TypeSpec;
      try {
        t = parseType(p.type);
      } catch (e) {
        throw bad(`${where}: parameter ${p.name}: ${(e as Error).message}`);
      }
      if ('default' in p) {
        const d = p.default;
        if (d !== null && !['number', 'string', 'boolean'].includes(typeof d)) throw bad(`${where}: default of ${p.name} must be a literal`);
        if (!assignable(literalType(d as Literal), t)) {
          throw bad(`${where}: default ${JSON.stringify(d)} of ${p.name} does not fit its type ${formatType(t)}`);
        }
      }
      paramTypes.set(p.name, t);
      return t;
    };
    let seenDefault = false;
    for (const p of spec.params) {
      checkParam(p, 'parameter');
      if ('default' in p) {
        seenDefault = true;
        byKeyword.set(p.name, p);
      } else if (seenDefault) {
        throw bad(`${where}: required parameter ${p.name} follows a defaulted one`);
      } else {
        // tshistory also accepts a required parameter given by keyword.
        byKeyword.set(p.name, p);
      }
    }
    if (spec.rest) {
      checkParam(spec.rest, 'rest parameter');
      if (seenDefault) throw bad(`${where}: a rest parameter cannot follow defaulted positionals`);
    }
    for (const k of spec.keywords ?? []) {
      checkParam(k, 'keyword');
      if (!('default' in k)) throw bad(`${where}: keyword ${k.name} needs a default`);
      byKeyword.set(k.name, k);
    }
    for (const ex of spec.examples) {
      const r = parse(ex);
      if (!r.ok) throw bad(`${where}: example ${JSON.stringify(ex)} does not parse: ${r.errors[0]!.message}`);
    }
    return Object.freeze({ ...spec, builtin: owner === 'builtin', owner, paramTypes, byKeyword });
  }
}

export function describeOperator(e: RegisteredOperator): OperatorDescription {
  const p = (x: ParamSpec) => ({
    name: x.name,
    type: x.type,
    ...('default' in x ? { default: x.default as Literal } : {}),
    doc: x.doc,
    ...(x.choices ? { choices: [...x.choices] } : {}),
    ...(x.seriesName ? { seriesName: true as const } : {}),
  });
  return {
    name: e.name,
    aliases: [...(e.aliases ?? [])],
    family: e.family,
    origin: e.origin ?? 'strata',
    params: e.params.map((x) => ({ ...p(x), optional: 'default' in x })),
    ...(e.rest ? { rest: { name: e.rest.name, type: e.rest.type, min: e.rest.min ?? 0, doc: e.rest.doc } } : {}),
    keywords: (e.keywords ?? []).map((x) => ({ ...p(x), default: x.default as Literal })),
    returns: e.returns,
    doc: e.doc,
    examples: [...e.examples],
    builtin: e.builtin,
    owner: e.owner,
  };
}

/** Signature line like `(series name #:fill nil #:weight nil)` for docs and hover. */
export function signature(e: OperatorSpec): string {
  const parts = [e.name];
  for (const p of e.params) parts.push('default' in p ? `[${p.name}]` : p.name);
  if (e.rest) parts.push(`${e.rest.name}...`);
  for (const k of e.keywords ?? []) parts.push(`#:${k.name}`);
  return `(${parts.join(' ')})`;
}
