import { StrataError } from '../base/errors.js';
import { check, dependencies } from '../formula/check.js';
import { FormulaError } from '../formula/errors.js';
import { evaluate, type EvalResult, type EvaluateOptions } from '../formula/evaluate.js';
import { findCycle, formulaDependencies, formulaResolver } from '../formula/formulas.js';
import { defaultRegistry } from '../formula/operators/index.js';
import { parse } from '../formula/parser.js';
import type { OperatorRegistry } from '../formula/registry.js';
import type { SeriesQuery, SeriesResolver } from '../formula/resolver.js';
import { formatType, hasSeries } from '../formula/types.js';
import type { Node } from '../formula/ast.js';
import { emptySeries, seriesEqual, type TimeSeries } from '../series/series.js';
import { nowUs } from '../series/time.js';
// Only types from store.ts: the DAG's op registry (loaded by UIs) imports this module, and must not pull
// SQLite in with it. The two helpers needed at run time are imported lazily, where a Store exists anyway.
import type { Store } from './store.js';
import type { HistoryOptions, ReadOptions, RevisionInfo, SeriesInfo } from './types.js';
import { attachedSources, sourceFor } from './sources.js';

/**
 * Formula series in the store: persistence of their text (table `formula`, migration 0005) and reads
 * that work the same for primary and formula series. A formula's points are never stored: they are
 * computed from its inputs at read time, so its versions are its inputs' versions — its insertion dates
 * are the union of theirs, and reading it as of a revision date reads every input (formulas of formulas
 * included) as of that date.
 */

export interface FormulaEntry {
  name: string;
  text: string;
}

export interface RegisterFormulaOptions {
  /** Replace the text of an existing formula (without it, an existing name is an error). */
  update?: boolean;
  /** Accept references to series that do not exist (yet). */
  allowUnknown?: boolean;
  registry?: OperatorRegistry;
}

export interface RegisteredFormula {
  name: string;
  created: boolean;
}

export interface FormulaReadOptions {
  registry?: OperatorRegistry;
  signal?: AbortSignal;
}

// Statements are prepared once per store; a WeakMap keeps them from outliving it.
const statements = new WeakMap<Store, ReturnType<typeof prepare>>();

function prepare(store: Store) {
  const db = store.db;
  return {
    text: db.prepare<[string], { text: string }>("SELECT f.text FROM formula f JOIN series s ON s.id = f.series_id WHERE s.name = ? AND s.kind = 'formula'"),
    all: db.prepare<[], FormulaEntry>('SELECT s.name AS name, f.text AS text FROM formula f JOIN series s ON s.id = f.series_id ORDER BY s.name'),
    row: db.prepare<[string], { id: number; kind: string }>('SELECT id, kind FROM series WHERE name = ?'),
    insertSeries: db.prepare("INSERT INTO series (name, kind, value_type, tzaware, unit, metadata, created_at) VALUES (?, 'formula', 'float64', 0, '', '{}', ?)"),
    upsert: db.prepare('INSERT INTO formula (series_id, text, updated_at) VALUES (?, ?, ?) ON CONFLICT(series_id) DO UPDATE SET text = excluded.text, updated_at = excluded.updated_at'),
    setType: db.prepare("UPDATE series SET value_type = ?, tzaware = ? WHERE name = ? AND kind = 'formula'"),
  };
}

function stmts(store: Store) {
  let s = statements.get(store);
  if (!s) statements.set(store, (s = prepare(store)));
  return s;
}

const q = (s: string) => JSON.stringify(s);

/** The text of formula `name`, or undefined for a primary or unknown series. */
export function formulaText(store: Store, name: string): string | undefined {
  return stmts(store).text.get(name)?.text;
}

export function isFormula(store: Store, name: string): boolean {
  return formulaText(store, name) !== undefined;
}

/** Every formula, by name. */
export function listFormulas(store: Store): FormulaEntry[] {
  return stmts(store).all.all();
}

/** Parses and type-checks a formula text, throwing a positioned FormulaError; returns its tree. */
function checked(text: string, registry: OperatorRegistry, seriesExists?: (name: string) => boolean): Node {
  const p = parse(text);
  if (!p.ok) throw new FormulaError(p.errors);
  const c = check(p.ast, registry, seriesExists ? { seriesExists } : {});
  if (!c.ok) throw new FormulaError(c.diagnostics);
  if (!hasSeries(c.type) && !c.type.includes('any')) {
    throw new StrataError('not_a_series', `the formula gives a ${formatType(c.type)}, not a series; only series formulas can be registered`);
  }
  return p.ast;
}

/** Says which formula an error is about (a batch import registers many). */
function about(name: string, e: unknown): unknown {
  if (e instanceof StrataError) return new StrataError(e.code, `formula ${q(name)}: ${e.message}`, { ...e.details, formula: name });
  return e;
}

/**
 * Registers formulas as read-only series, all or none: every text must parse and type-check, reference
 * only existing series (or ones of the batch) unless `allowUnknown`, not replace an existing formula
 * unless `update`, never a primary series, and form no cycle (the error names it).
 */
export async function registerFormulas(store: Store, entries: readonly FormulaEntry[], opts: RegisterFormulaOptions = {}): Promise<RegisteredFormula[]> {
  const registry = opts.registry ?? defaultRegistry();
  const { checkName } = await import('./store.js');
  const batch = new Map<string, string>();
  for (const { name, text } of entries) {
    checkName(name);
    store.checkLocalName(name);
    if (batch.has(name)) throw new StrataError('bad_input', `formula ${q(name)} is given twice`, { formula: name });
    batch.set(name, text);
  }
  const st = stmts(store);
  // A remote name (`<connection>/<tag>`) counts as existing: it is checked when the formula is read.
  const exists = (n: string) => batch.has(n) || store.exists(n) || store.connectionOf(n) !== null;
  const deps = new Map<string, string[]>();
  for (const [name, text] of batch) {
    try {
      deps.set(name, dependencies(checked(text, registry, opts.allowUnknown ? undefined : exists), registry));
    } catch (e) {
      throw about(name, e);
    }
    const row = st.row.get(name);
    if (row?.kind === 'primary') throw new StrataError('series_exists', `cannot register formula ${q(name)}: a primary series of that name exists`, { formula: name });
    if (row && !opts.update) throw new StrataError('formula_exists', `formula ${q(name)} exists; use --update to replace it`, { formula: name });
  }
  const depsOf = (n: string): readonly string[] | undefined => {
    if (deps.has(n)) return deps.get(n);
    const t = formulaText(store, n);
    return t === undefined ? undefined : formulaDependencies(t, registry);
  };
  for (const name of batch.keys()) {
    const cycle = await findCycle(name, depsOf);
    if (cycle) throw new StrataError('formula_cycle', `formula ${q(name)} would form a cycle: ${cycle.join(' -> ')}`, { formula: name, cycle });
  }

  const now = nowUs();
  const out = store.transaction(() =>
    [...batch].map(([name, text]): RegisteredFormula => {
      let row = st.row.get(name);
      const created = !row;
      if (!row) {
        st.insertSeries.run(name, now);
        row = st.row.get(name)!;
      }
      st.upsert.run(row.id, text, now);
      return { name, created };
    }),
  );
  // Value type and time zone awareness come from what the formula computes; best effort, since a formula
  // may reference series that do not exist yet. `series list/info` report them live.
  for (const { name } of out) {
    try {
      const s = await readSeries(store, name, {}, { registry });
      st.setType.run(s.valueType, s.tzaware ? 1 : 0, name);
    } catch {
      // Left at the defaults until the formula can be computed.
    }
  }
  return out;
}

export async function registerFormula(store: Store, name: string, text: string, opts: RegisterFormulaOptions = {}): Promise<RegisteredFormula> {
  return (await registerFormulas(store, [{ name, text }], opts))[0]!;
}

/**
 * The store as a formula resolver: primary series read from SQLite, formula series evaluated on the fly
 * with the same revision date and window (formula of formula included; a cycle is an error).
 */
export function storeResolver(store: Store, opts: FormulaReadOptions = {}): SeriesResolver {
  const base: SeriesResolver = {
    exists: (name) => {
      const src = sourceFor(store, name);
      return src ? src.exists(name) : store.exists(name);
    },
    get: (name, query: SeriesQuery) => {
      const window = { revisionDate: query.revisionDate ?? null, from: query.from ?? null, to: query.to ?? null };
      // A remote series (a tag of a connection) is read from its server: a window push-down, cached.
      const src = sourceFor(store, name);
      if (src) return src.get(name, window);
      if (store.connectionOf(name) !== null) throw noSource(name, store.connectionOf(name)!);
      return store.exists(name) ? store.get(name, window) : undefined;
    },
  };
  return formulaResolver(base, (name) => formulaText(store, name), opts);
}

/** Evaluates a formula text against the store (`strata formula eval`). */
export function evaluateInStore(store: Store, text: string, opts: Omit<EvaluateOptions, 'registry'> & FormulaReadOptions = {}): Promise<EvalResult> {
  return evaluate(text, storeResolver(store, opts), opts);
}

/** A series as known at `revisionDate`, within the window: stored points, or the formula computed. */
export async function readSeries(store: Store, name: string, opts: ReadOptions = {}, fopts: FormulaReadOptions = {}): Promise<TimeSeries> {
  const src = sourceFor(store, name);
  if (src) return src.get(name, opts);
  if (store.connectionOf(name) !== null) throw noSource(name, store.connectionOf(name)!);
  if (!isFormula(store, name)) return store.get(name, opts);
  const s = await storeResolver(store, fopts).get(name, { revisionDate: opts.revisionDate ?? null, from: opts.from ?? null, to: opts.to ?? null });
  return s ?? emptySeries('float64', false);
}

/**
 * Insertion dates of a series: its revisions' for a primary series; for a formula, the sorted union of
 * its inputs' (through formulas of formulas; inputs that do not exist contribute none).
 */
export function seriesInsertionDates(store: Store, name: string, opts: HistoryOptions = {}, registry: OperatorRegistry = defaultRegistry()): number[] {
  if (store.connectionOf(name) !== null) throw notVersioned(name);
  if (!isFormula(store, name)) return store.insertionDates(name, opts);
  const lo = opts.fromInsertionDate ?? -Infinity;
  const hi = opts.toInsertionDate ?? Infinity;
  const out = new Set<number>();
  const seen = new Set<string>([name]);
  const todo = formulaDependencies(formulaText(store, name)!, registry);
  while (todo.length) {
    const n = todo.pop()!;
    if (seen.has(n)) continue;
    seen.add(n);
    const text = formulaText(store, n);
    if (text !== undefined) todo.push(...formulaDependencies(text, registry));
    else if (store.exists(n)) for (const d of store.insertionDates(n, opts)) out.add(d);
  }
  return [...out].filter((d) => d >= lo && d <= hi).sort((a, b) => a - b);
}

export interface FormulaInputs {
  /** Every primary series the formula reads (through formulas of formulas) and its latest insertion date (µs). */
  series: Map<string, number | null>;
  /** Every remote series it reads (`<connection>/<tag>`): unversioned, so keyed by their source's version token. */
  remote: string[];
  /** Every formula it reads, with its text. */
  formulas: Map<string, string>;
  /** Names it reads that do not exist. */
  missing: string[];
}

/**
 * What a formula text depends on in the store, transitively: what a cached result of it must be keyed
 * on (a workflow's `formula` node), since a new revision of any input or an edit of any formula changes it.
 */
export function formulaInputs(store: Store, text: string, registry: OperatorRegistry = defaultRegistry()): FormulaInputs {
  const out: FormulaInputs = { series: new Map(), remote: [], formulas: new Map(), missing: [] };
  const seen = new Set<string>();
  const todo = formulaDependencies(text, registry);
  while (todo.length) {
    const n = todo.shift()!;
    if (seen.has(n)) continue;
    seen.add(n);
    const t = formulaText(store, n);
    if (t !== undefined) {
      out.formulas.set(n, t);
      todo.push(...formulaDependencies(t, registry));
    } else if (store.exists(n)) {
      out.series.set(n, store.info(n).lastInsertionDate);
    } else if (store.connectionOf(n) !== null) {
      out.remote.push(n);
    } else out.missing.push(n);
  }
  return out;
}

/** The latest insertion date of a series (primary or formula), or null when it has none. */
export function latestInsertionDate(store: Store, name: string): number | null {
  const dates = seriesInsertionDates(store, name);
  return dates.length ? dates[dates.length - 1]! : null;
}

export interface SeriesVersion {
  insertionDate: number;
  series: TimeSeries;
  /** The revision record, for a primary series (a formula's versions are its inputs'). */
  revision?: RevisionInfo;
}

/**
 * Every version of a series. For a formula: at each insertion date of its inputs, the formula computed
 * as of that date. As for primary series, with a value window a version identical (in the window) to the
 * one before it is left out.
 */
export async function seriesHistory(store: Store, name: string, opts: HistoryOptions = {}, fopts: FormulaReadOptions = {}): Promise<SeriesVersion[]> {
  if (store.connectionOf(name) !== null) throw notVersioned(name);
  if (!isFormula(store, name)) return store.history(name, opts).map((v) => ({ insertionDate: v.revision.insertionDate, series: v.series, revision: v.revision }));
  const windowed = opts.from != null || opts.to != null;
  const out: SeriesVersion[] = [];
  let prev: TimeSeries | null = null;
  for (const d of seriesInsertionDates(store, name, opts, fopts.registry)) {
    const series = await readSeries(store, name, { revisionDate: d, from: opts.from ?? null, to: opts.to ?? null }, fopts);
    if (windowed && prev && seriesEqual(prev, series)) continue;
    out.push({ insertionDate: d, series });
    prev = series;
  }
  return out;
}

/**
 * For each value date t, the value as known `delta` µs before t. For a formula, points with value dates
 * in [idate_i + delta, idate_{i+1} + delta) come from the formula computed as of idate_i — the same rule
 * as for a primary series, over the formula's insertion dates.
 */
export async function seriesStaircase(store: Store, name: string, delta: number, opts: ReadOptions = {}, fopts: FormulaReadOptions = {}): Promise<TimeSeries> {
  if (store.connectionOf(name) !== null) throw notVersioned(name);
  if (!isFormula(store, name)) return store.staircase(name, delta, opts);
  const dates = seriesInsertionDates(store, name, {}, fopts.registry);
  const from = opts.from ?? -Infinity;
  const to = opts.to ?? Infinity;
  const parts: TimeSeries[] = [];
  for (let k = 0; k < dates.length; k++) {
    const lo = Math.max(from, dates[k]! + delta);
    const hiExclusive = k + 1 < dates.length ? dates[k + 1]! + delta : Infinity;
    if (lo > to || lo >= hiExclusive) continue;
    parts.push(await readSeries(store, name, { revisionDate: dates[k]!, from: lo, to: Math.min(to, hiExclusive - 1) }, fopts));
  }
  if (!parts.length) return emptySeries('float64', false);
  const { concatSeries } = await import('./store.js');
  return concatSeries(parts, parts[0]!.valueType, parts[0]!.tzaware);
}

/**
 * A formula text with every `(series "x")` that names a formula replaced by that formula's (expanded)
 * text, so it reads only primary series. A reference with options (`#:fill`...) is kept as it is, since
 * options apply to a series, not to an arbitrary expression.
 */
export function expandFormula(store: Store, text: string, registry: OperatorRegistry = defaultRegistry(), chain: readonly string[] = []): string {
  const p = parse(text);
  if (!p.ok) throw new FormulaError(p.errors);
  const edits: { start: number; end: number; text: string }[] = [];
  const visit = (n: Node): void => {
    if (n.kind !== 'call') return;
    const arg = n.positional[0];
    if (registry.get(n.op)?.name === 'series' && n.positional.length === 1 && n.keywords.length === 0 && arg?.kind === 'string') {
      const inner = formulaText(store, arg.value);
      if (inner !== undefined) {
        if (chain.includes(arg.value)) {
          const cycle = [...chain.slice(chain.indexOf(arg.value)), arg.value];
          throw new StrataError('formula_cycle', `formula cycle: ${cycle.join(' -> ')}`, { cycle });
        }
        edits.push({ start: n.span.offset, end: n.span.end, text: expandFormula(store, inner, registry, [...chain, arg.value]) });
        return;
      }
    }
    for (const a of n.positional) visit(a);
    for (const k of n.keywords) visit(k.value);
  };
  visit(p.ast);
  let out = text;
  let grown = 0;
  for (const e of edits.sort((a, b) => b.start - a.start)) {
    out = out.slice(0, e.start) + e.text + out.slice(e.end);
    grown += e.text.length - (e.end - e.start);
  }
  // Inlined, a formula is only its expression: a trailing `; comment` would swallow the caller's ")".
  return chain.length ? out.slice(p.ast.span.offset, p.ast.span.end + grown) : out;
}

/**
 * What a series is, as `series list/info` report it. For a formula, count, first/last, value type and
 * time zone awareness come from computing it now (left as stored when it cannot be computed, e.g. while
 * it references a series that does not exist), and its revisions are its inputs' insertion dates.
 */
export async function liveInfo(store: Store, info: SeriesInfo, fopts: FormulaReadOptions = {}): Promise<SeriesInfo> {
  if (info.kind !== 'formula') return info;
  const dates = seriesInsertionDates(store, info.name, {}, fopts.registry);
  const out: SeriesInfo = { ...info, revisions: dates.length, lastInsertionDate: dates.length ? dates[dates.length - 1]! : null };
  try {
    const s = await readSeries(store, info.name, {}, fopts);
    const n = s.times.length;
    return { ...out, valueType: s.valueType, tzaware: s.tzaware, count: n, first: n ? s.times[0]! : null, last: n ? s.times[n - 1]! : null };
  } catch {
    return out;
  }
}

/** A remote series keeps no insertion dates (its server records none): history and staircase need them. */
function notVersioned(name: string): StrataError {
  return new StrataError('not_versioned', `${q(name)} is a remote series: its server keeps no revisions, so it has no history, insertion dates or staircase (read it with series get)`, { name });
}

/**
 * What a series is, local or remote: the store's record (formulas computed live, see liveInfo) or, for a
 * name in a connection's namespace, what its server says (or the cache, when it is away).
 */
export async function seriesInfo(store: Store, name: string, fopts: FormulaReadOptions = {}): Promise<SeriesInfo> {
  const src = sourceFor(store, name);
  if (src) return src.info(name);
  if (store.connectionOf(name) !== null) throw noSource(name, store.connectionOf(name)!);
  return liveInfo(store, store.info(name), fopts);
}

/** Every series: the store's (formulas computed live) followed by every attached source's. */
export async function listAllSeries(store: Store, fopts: FormulaReadOptions = {}): Promise<SeriesInfo[]> {
  const local = await Promise.all(store.list().map((i) => liveInfo(store, i, fopts)));
  const remote: SeriesInfo[] = [];
  for (const src of attachedSources(store)) remote.push(...(await src.list()));
  return [...local, ...remote].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function noSource(name: string, connection: string): StrataError {
  return new StrataError('remote_unavailable', `${q(name)} belongs to connection ${q(connection)}, which is not open here`, { name, connection });
}
