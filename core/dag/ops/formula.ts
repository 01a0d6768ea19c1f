import { z } from 'zod';
import { StrataError } from '../../base/errors.js';
import { check } from '../../formula/check.js';
import { defaultRegistry } from '../../formula/operators/index.js';
import { parse } from '../../formula/parser.js';
import type { Node } from '../../formula/ast.js';
import type { OperatorRegistry } from '../../formula/registry.js';
import { frameFromSeries } from '../../ops/frame.js';
import { formatTimestamp, parseInstant } from '../../series/time.js';
import { evaluateInStore, formulaInputs } from '../../store/formulas.js';
import { sourceFor } from '../../store/sources.js';
import type { OpDef, OpRegistry } from '../registry.js';

/** A formula text, checked (syntax, operators, types) against `operators` when the workflow is saved, with its position. */
const formulaText = (operators: () => OperatorRegistry) =>
  z
    .string()
    .min(1)
    .superRefine((text, ctx) => {
      const p = parse(text);
      const diags = p.ok ? check(p.ast, operators()).diagnostics : p.errors;
      const d = diags[0];
      if (d) ctx.addIssue({ code: 'custom', message: `${d.span.line}:${d.span.column}: ${d.message}` });
    });

const formulaConfig = (operators: () => OperatorRegistry) =>
  z
    .object({
      /** The formula (tshistory_formula language), e.g. `(add (series "a") (series "b"))`. */
      text: formulaText(operators),
      /** Name of the output channel (default `formula`). */
      channel: z.string().min(1).optional(),
    })
    .strict();

type FormulaConfig = z.output<ReturnType<typeof formulaConfig>>;

/** The plugin operators (name → origin, e.g. `plugin:stats@1.2.0`) the texts call, for the cache key. */
function pluginOperatorsIn(texts: readonly string[], operators: OperatorRegistry): Record<string, string> {
  const out: Record<string, string> = {};
  for (const text of texts) {
    const p = parse(text);
    if (!p.ok) continue;
    const todo: Node[] = [p.ast];
    while (todo.length) {
      const n = todo.pop()!;
      if (n.kind !== 'call') continue;
      const op = operators.get(n.op);
      if (op && !op.builtin) out[op.name] = op.origin ?? `plugin:${op.owner}`;
      todo.push(...n.positional, ...n.keywords.map((k) => k.value));
    }
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** What a `formula` node read: the latest insertion date of every series it reads and the text of every formula. */
export interface FormulaExternal {
  series: Record<string, string | null>;
  formulas: Record<string, string>;
  /** The revision date the node evaluated at: the newest of its inputs' insertion dates. */
  revision: string | null;
  /** Remote series it reads (`<connection>/<tag>`, unversioned) and their version tokens (data fingerprints). */
  remote?: Record<string, string>;
  /** Plugin operators it calls, directly or through stored formulas, with their plugin and version. */
  operators?: Record<string, string>;
}

/**
 * Evaluates a formula over the store as a one-channel time frame. Its inputs' latest insertion dates (and
 * the texts of the formulas it goes through) are its cache key, so a new revision of any input reruns it.
 * It evaluates as of the newest of those dates, so a write between keying and running cannot leak in.
 */
export const formulaOp: OpDef<FormulaConfig> = formulaOpWith(defaultRegistry);

/**
 * The `formula` node type evaluating with `operators` (the built-ins plus a library's plugin operators):
 * the workflow registry of a session with plugins replaces the built-in `formula` with this one. The
 * plugin operators a formula calls, with their plugin's version, are part of its cache key.
 */
export function formulaOpWith(operators: () => OperatorRegistry): OpDef<FormulaConfig> {
  return {
    name: 'formula',
    version: 1,
    doc: 'evaluate a formula (tshistory_formula language) over stored series as a one-channel time frame',
    config: formulaConfig(operators),
    inputs: { min: 0, max: 0 },
    accepts: 'any',
    output: 'time',
    placement: 'caller',
    async external(config, env): Promise<FormulaExternal> {
      const registry = operators();
      const inputs = formulaInputs(env.store, config.text, registry);
      if (inputs.missing.length) {
        const names = inputs.missing.map((n) => JSON.stringify(n)).join(', ');
        throw new StrataError('unknown_series', `formula reads series that do not exist: ${names}`, { missing: inputs.missing });
      }
      const series: Record<string, string | null> = {};
      let newest: number | null = null;
      for (const [name, last] of [...inputs.series].sort(([a], [b]) => (a < b ? -1 : 1))) {
        series[name] = last === null ? null : formatTimestamp(last, true);
        if (last !== null && (newest === null || last > newest)) newest = last;
      }
      const formulas = Object.fromEntries([...inputs.formulas].sort(([a], [b]) => (a < b ? -1 : 1)));
      const out: FormulaExternal = { series, formulas, revision: newest === null ? null : formatTimestamp(newest, true) };
      if (inputs.remote.length) {
        const remote: Record<string, string> = {};
        for (const name of [...inputs.remote].sort()) {
          const src = sourceFor(env.store, name);
          if (!src) throw new StrataError('remote_unavailable', `the formula reads ${JSON.stringify(name)}, whose connection is not open here`);
          remote[name] = await src.version(name);
        }
        out.remote = remote;
      }
      const plugin = pluginOperatorsIn([config.text, ...Object.values(formulas)], registry);
      if (Object.keys(plugin).length) out.operators = plugin;
      return out;
    },
    async run(_inputs, config, ctx) {
      const ext = ctx.external as FormulaExternal;
      const store = ctx.env!.store;
      const res = await evaluateInStore(store, config.text, {
        registry: operators(),
        revisionDate: ext.revision === null ? null : parseInstant(ext.revision),
        ...(ctx.signal ? { signal: ctx.signal } : {}),
      });
      if (res.kind !== 'series') throw new StrataError('bad_input', `${ctx.where}: the formula gives ${res.kind === 'scalar' ? 'a scalar' : res.kind}, not a series`);
      if (res.series.valueType !== 'float64') throw new StrataError('value_type_mismatch', `${ctx.where}: the formula gives strings; workflows process numbers`);
      return frameFromSeries(res.series, config.channel ?? 'formula');
    },
  };
}

/** Makes the `formula` node type of `ops` evaluate with `operators` (see formulaOpWith). */
export function useFormulaOperators(ops: OpRegistry, operators: OperatorRegistry): OpRegistry {
  ops.register(formulaOpWith(() => operators), { replace: true });
  return ops;
}
