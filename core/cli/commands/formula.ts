import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { parse as parseCsv } from 'csv-parse/sync';
import { StrataError } from '../../base/errors.js';
import { signature, type EvalResult, type FormulaDiagnostic, type Span } from '../../formula/index.js';
import { formatTimestamp, pointsToWire } from '../../series/index.js';
import { spansToJson, tableToJson } from '../../spans/index.js';
import { evaluateInStore, expandFormula, formulaText, registerFormula, registerFormulas, type FormulaEntry } from '../../store/formulas.js';
import { instantOption, timeOption, UsageError } from '../args.js';
import { table, type CommandContext } from '../context.js';
import { DB_HELP } from './common.js';
import { collect, LIBRARY_HELP, pluginOperatorRegistry, withPlugins } from './plugins.js';

interface DbOpts {
  db?: string;
  json?: boolean;
}

function isSpan(v: unknown): v is Span {
  return typeof v === 'object' && v !== null && typeof (v as Span).offset === 'number' && typeof (v as Span).line === 'number';
}

const wireSpan = (s: Span) => ({ line: s.line, column: s.column, span: [s.offset, s.end] });

/**
 * Formula errors as the CLI contract writes them: `"line"`, `"column"` (1-based) and `"span": [start, end]`
 * (0-based offsets) next to code and message, for the first problem and for each of `diagnostics`.
 * An error from inside a referenced formula keeps `"formula"`: the positions are in that formula's text.
 */
export function positioned(e: unknown): unknown {
  if (!(e instanceof StrataError)) return e;
  const diagnostics = Array.isArray(e.details.diagnostics) ? (e.details.diagnostics as FormulaDiagnostic[]) : undefined;
  const span = isSpan(e.details.span) ? e.details.span : diagnostics?.find((d) => isSpan(d.span))?.span;
  if (!span) return e;
  const details: Record<string, unknown> = { ...e.details, ...wireSpan(span) };
  if (diagnostics) details.diagnostics = diagnostics.map((d) => ({ code: d.code, message: d.message, ...(isSpan(d.span) ? wireSpan(d.span) : {}) }));
  const out = new StrataError(e.code, e.message, details);
  return e instanceof UsageError ? new UsageError(e.code, e.message, details) : out;
}

/** Runs a command body, turning formula errors into positioned ones. */
export function withPositions<A extends unknown[]>(fn: (...args: A) => Promise<void> | void): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await fn(...args);
    } catch (e) {
      throw positioned(e);
    }
  };
}

/** Typed arrays as JSON arrays, for a result of a kind this command has no shape for yet. */
function jsonable(v: unknown): unknown {
  if (ArrayBuffer.isView(v)) return Array.from(v as unknown as ArrayLike<number>);
  if (Array.isArray(v)) return v.map(jsonable);
  if (typeof v === 'object' && v !== null) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, jsonable(x)]));
  return v;
}

/**
 * The JSON of an evaluation: `{"points"}` for a series, `{"value"}` for a scalar (timestamps as ISO),
 * `{"spans": [{"begin", "end"}]}` for spans (open end: null) and `{"columns", "rows"}` for a table.
 * A kind added to the evaluator later prints as its fields, so `eval` never fails on a new value type.
 */
export function evalJson(res: EvalResult): Record<string, unknown> {
  switch (res.kind) {
    case 'series':
      return { points: pointsToWire(res.series) };
    case 'scalar': {
      const v = res.value;
      return { value: typeof v === 'object' && v !== null ? formatTimestamp(v.us, v.tzaware) : v };
    }
    case 'spans':
      return spansToJson(res, res.tzaware);
    case 'table':
      return tableToJson(res, res.tzaware);
    default:
      return jsonable(res) as Record<string, unknown>;
  }
}

function printEval(ctx: CommandContext, res: EvalResult): void {
  const j = evalJson(res);
  if (Array.isArray(j.points)) ctx.io.stdout(table(['timestamp', 'value'], (j.points as [string, unknown][]).map(([t, v]) => [t, v === null ? '' : String(v)])));
  else if ('value' in j && Object.keys(j).length === 1) ctx.out(String(j.value));
  else if (Array.isArray(j.spans)) ctx.io.stdout(table(['begin', 'end'], (j.spans as { begin: unknown; end: unknown }[]).map((s) => [String(s.begin ?? ''), String(s.end ?? '')])));
  else if (Array.isArray(j.columns) && Array.isArray(j.rows)) ctx.io.stdout(table((j.columns as unknown[]).map(String), (j.rows as unknown[][]).map((r) => r.map((c) => (c === null ? null : String(c))))));
  else ctx.out(JSON.stringify(j));
}

/** Reads tshistory's `ingest-formulas` CSV: a header with `name` and `text` columns, one formula a row. */
export function readFormulaCsv(file: string): FormulaEntry[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new StrataError('io', `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { path: file });
  }
  let rows: Record<string, string>[];
  try {
    rows = parseCsv(text, { columns: true, skip_empty_lines: true, bom: true, relax_column_count: true }) as Record<string, string>[];
  } catch (e) {
    throw new StrataError('bad_input', `${file}: not valid CSV: ${(e as Error).message}`, { path: file });
  }
  const first = rows[0];
  if (first && (!('name' in first) || !('text' in first))) {
    throw new StrataError('bad_input', `${file}: expected columns name,text (tshistory ingest-formulas), got ${Object.keys(first).join(',')}`, { path: file });
  }
  return rows.map((r, i) => {
    const name = (r.name ?? '').trim();
    const body = r.text ?? '';
    // Data rows start on line 2, after the header (multi-line quoted texts aside).
    if (!name || !body.trim()) throw new StrataError('bad_input', `${file}: row ${i + 2}: a formula needs a name and a text`, { path: file, row: i + 2 });
    return { name, text: body };
  });
}

/** `strata formula ...`: formulas as read-only versioned series (see docs/formulas.md). */
export function registerFormulaCommands(program: Command, ctx: CommandContext): void {
  const formula = program.command('formula').description('register, evaluate and inspect formulas (tshistory_formula language)');

  formula
    .command('register')
    .description('register a formula as a read-only series computed from other series')
    .argument('<name>', 'name of the formula series')
    .argument('<expr>', 'formula text, e.g. (add (series "a") (series "b"))')
    .option('--update', 'replace the text of an existing formula')
    .option('--allow-unknown', 'accept references to series that do not exist (yet)')
    .option('--library <dir>', `${LIBRARY_HELP} (for plugin operators)`, collect, [])
    .option('--json', 'print the result as JSON')
    .option('--db <path>', DB_HELP)
    .action(
      withPositions(async (name: string, expr: string, o: DbOpts & { update?: boolean; allowUnknown?: boolean; library: string[] }) => {
        const r = await withPlugins(ctx, o.library, (plugins, warn) =>
          registerFormula(ctx.openStore(o.db), name, expr, { update: !!o.update, allowUnknown: !!o.allowUnknown, registry: pluginOperatorRegistry(plugins, warn) }),
        );
        if (o.json) ctx.json(r);
        else ctx.out(`${r.created ? 'registered' : 'updated'} formula ${name}`);
      }),
    );

  formula
    .command('eval')
    .description('evaluate a formula text (as of --revision-date, within --from/--to, both inclusive)')
    .argument('<expr>', 'formula text')
    .option('--revision-date <iso>', 'read every input as it was known at this insertion date')
    .option('--from <iso>', 'first value date (inclusive)')
    .option('--to <iso>', 'last value date (inclusive)')
    .option('--timeout <ms>', 'give up after this many milliseconds')
    .option('--library <dir>', `${LIBRARY_HELP} (for plugin operators)`, collect, [])
    .option('--json', 'print JSON: {"points"} for a series, {"value"} for a scalar')
    .option('--db <path>', DB_HELP)
    .action(
      withPositions(async (expr: string, o: DbOpts & { revisionDate?: string; from?: string; to?: string; timeout?: string; library: string[] }) => {
        const revisionDate = instantOption(o.revisionDate, '--revision-date');
        const from = timeOption(o.from, '--from');
        const to = timeOption(o.to, '--to');
        let timeoutMs: number | undefined;
        if (o.timeout !== undefined) {
          timeoutMs = Number(o.timeout);
          if (!(Number.isInteger(timeoutMs) && timeoutMs > 0)) throw new UsageError('usage', `--timeout must be a positive number of milliseconds, got ${JSON.stringify(o.timeout)}`);
        }
        const res = await withPlugins(ctx, o.library, (plugins, warn) =>
          evaluateInStore(ctx.openStore(o.db), expr, {
            revisionDate: revisionDate ?? null,
            from,
            to,
            registry: pluginOperatorRegistry(plugins, warn),
            ...(timeoutMs !== undefined ? { timeoutMs } : {}),
          }),
        );
        if (o.json) ctx.json(evalJson(res));
        else printEval(ctx, res);
      }),
    );

  formula
    .command('show')
    .description('print the text of a formula')
    .argument('<name>', 'formula name')
    .option('--expand', 'inline the formulas it references, down to primary series')
    .option('--json', 'print {"name", "text"}')
    .option('--db <path>', DB_HELP)
    .action(
      withPositions((name: string, o: DbOpts & { expand?: boolean }) => {
        const store = ctx.openStore(o.db);
        const text = formulaText(store, name);
        if (text === undefined) {
          throw new StrataError('unknown_formula', store.exists(name) ? `${JSON.stringify(name)} is a primary series, not a formula` : `no formula named ${JSON.stringify(name)}`, { name });
        }
        const out = o.expand ? expandFormula(store, text) : text;
        if (o.json) ctx.json({ name, text: out });
        else ctx.out(out);
      }),
    );

  formula
    .command('import')
    .description("register the formulas of a CSV file with columns name,text (tshistory's ingest-formulas format), all or none")
    .argument('<file>', 'CSV file')
    .option('--update', 'replace the text of existing formulas')
    .option('--allow-unknown', 'accept references to series that do not exist (yet)')
    .option('--library <dir>', `${LIBRARY_HELP} (for plugin operators)`, collect, [])
    .option('--json', 'print {"imported": [{"name", "created"}]}')
    .option('--db <path>', DB_HELP)
    .action(
      withPositions(async (file: string, o: DbOpts & { update?: boolean; allowUnknown?: boolean; library: string[] }) => {
        const entries = readFormulaCsv(file);
        const done = await withPlugins(ctx, o.library, (plugins, warn) =>
          registerFormulas(ctx.openStore(o.db), entries, { update: !!o.update, allowUnknown: !!o.allowUnknown, registry: pluginOperatorRegistry(plugins, warn) }),
        );
        if (o.json) {
          ctx.json({ imported: done });
          return;
        }
        const created = done.filter((d) => d.created).length;
        ctx.out(`imported ${done.length} formula${done.length === 1 ? '' : 's'} from ${file} (${created} new, ${done.length - created} updated)`);
      }),
    );

  formula
    .command('operators')
    .description('the operators formulas can use: name, parameters, keywords, return type, documentation')
    .option('--library <dir>', `${LIBRARY_HELP} (for plugin operators)`, collect, [])
    .option('--json', 'print the registry as JSON')
    .action(async (o: { json?: boolean; library: string[] }) => {
      // Signatures come from the manifests: listing starts no plugin.
      const registry = await withPlugins(ctx, o.library, async (plugins, warn) => pluginOperatorRegistry(plugins, warn));
      if (o.json) {
        ctx.json(registry.describe());
        return;
      }
      ctx.io.stdout(table(['operator', 'returns', 'doc'], registry.list().map((e) => [signature(e), e.returns, e.doc.split(/(?<=\.)\s/)[0] ?? ''])));
    });
}
