import { StrataError, isStrataError } from '../base/errors.js';
import type { OperatorRegistry, OperatorSpec, ParamSpec } from '../formula/registry.js';
import { assignable, formatType, parseType } from '../formula/types.js';
import { isSeriesValue, isTimestampValue, seriesValue, typeOfValue, type Value } from '../formula/values.js';
import type { LibraryIssue } from './hooks.js';
import type { TimeSeries } from '../series/series.js';
import type { CallResult } from './host.js';
import type { Manifest, OperatorDecl } from './manifest.js';
import { seriesFromIPC, seriesToIPC } from './series-arrow.js';
import { packTables } from './wire.js';

/** What an operator needs of its plugin: a way to call it (a PluginHost's `call`, started on first use). */
export type PluginCall = (method: string, params: unknown, payload?: Uint8Array) => Promise<CallResult>;

/**
 * An argument as JSON for the plugin: scalars as themselves, a timestamp as
 * `{"type": "timestamp", "us", "tzaware", "tz"}`, a series as `{"type": "series", "table": k}` where k
 * indexes the Arrow tables of the payload (columns `ts`, `value`; see docs/plugins.md).
 */
function encodeArg(v: Value, tables: Uint8Array[], where: string, json: boolean): unknown {
  if (isSeriesValue(v) && json) {
    const s = v.series;
    const value = Array.from(s.values as ArrayLike<number | string | null>, (x) => (typeof x === 'number' && !Number.isFinite(x) ? null : x));
    return { type: 'series', ts: Array.from(s.times), value, tzaware: s.tzaware, value_type: s.valueType };
  }
  if (isSeriesValue(v)) {
    tables.push(seriesToIPC(v.series));
    return { type: 'series', table: tables.length - 1, tzaware: v.series.tzaware, value_type: v.series.valueType };
  }
  if (isTimestampValue(v)) return { type: 'timestamp', us: v.us, tzaware: v.tzaware, tz: v.tz };
  if (typeof v === 'object' && v !== null) throw new StrataError('bad_argument', `${where}: a ${v.type} value cannot be sent to a plugin`);
  // JSON has no NaN or infinities: they travel as null (no value).
  if (typeof v === 'number' && !Number.isFinite(v)) return null;
  return v;
}

/** The plugin's answer as a formula value, checked against the declared return type. */
function decodeResult(r: CallResult, returns: string, fallbackTz: boolean): Value {
  const declared = parseType(returns);
  const raw = r.value as unknown;
  let v: Value;
  if (typeof raw === 'object' && raw !== null && (raw as { type?: unknown }).type === 'series') {
    const j = raw as { ts?: unknown; value?: unknown; tzaware?: unknown };
    if (j.ts !== undefined || j.value !== undefined) v = seriesValue(seriesFromJson(j, fallbackTz));
    else if (!r.payload.length) throw new StrataError('plugin_malformed', 'answered a series without a table in the payload');
    else v = seriesValue(seriesFromIPC(r.payload, fallbackTz));
  } else if (typeof raw === 'object' && raw !== null && (raw as { type?: unknown }).type === 'timestamp') {
    const t = raw as { us?: unknown; tzaware?: unknown; tz?: unknown };
    if (typeof t.us !== 'number' || !Number.isFinite(t.us)) throw new StrataError('plugin_malformed', 'answered a timestamp without a number "us"');
    v = { type: 'timestamp', us: Math.round(t.us), tzaware: t.tzaware !== false, tz: typeof t.tz === 'string' ? t.tz : null };
  } else if (raw === null || ['number', 'string', 'boolean'].includes(typeof raw)) {
    v = raw as Value;
  } else {
    throw new StrataError('plugin_malformed', `answered ${JSON.stringify(raw).slice(0, 80)}, which is not a formula value`);
  }
  const t = typeOfValue(v);
  // null is "no value", accepted for any scalar return type.
  if (!assignable([t], declared) && !(t === 'nil' && !declared.every((x) => x === 'series'))) {
    throw new StrataError('plugin_malformed', `answered a ${t} but the operator returns ${formatType(declared)}`);
  }
  return v;
}

/** A series answered as JSON (`{"type": "series", "ts": [µs…], "value": [… null = none]}`): checked like a table. */
function seriesFromJson(j: { ts?: unknown; value?: unknown; tzaware?: unknown }, fallbackTz: boolean): TimeSeries {
  if (!Array.isArray(j.ts) || !Array.isArray(j.value) || j.ts.length !== j.value.length) throw new StrataError('plugin_malformed', 'answered a JSON series without "ts" and "value" lists of one length');
  const text = j.value.some((x) => typeof x === 'string');
  const keep: number[] = [];
  j.value.forEach((x, i) => {
    if (x === null) return;
    if (text ? typeof x !== 'string' : typeof x !== 'number') throw new StrataError('plugin_malformed', `answered a JSON series with a bad value at row ${i}`);
    keep.push(i);
  });
  const times = new Float64Array(keep.length);
  keep.forEach((i, k) => {
    const t = (j.ts as unknown[])[i];
    if (typeof t !== 'number' || !Number.isFinite(t)) throw new StrataError('plugin_malformed', `answered a JSON series with a bad timestamp at row ${i}`);
    times[k] = t;
    if (k > 0 && !(times[k]! > times[k - 1]!)) throw new StrataError('plugin_malformed', `answered timestamps that are not strictly increasing at row ${i}`);
  });
  const tzaware = typeof j.tzaware === 'boolean' ? j.tzaware : fallbackTz;
  if (text) return { tzaware, valueType: 'string', times, values: keep.map((i) => (j.value as string[])[i]!) };
  return { tzaware, valueType: 'float64', times, values: Float64Array.from(keep, (i) => (j.value as number[])[i]!) };
}

function paramSpec(p: OperatorDecl['params'][number]): ParamSpec {
  return { name: p.name, type: p.type, doc: p.doc, ...(p.default !== undefined ? { default: p.default } : {}), ...(p.choices ? { choices: p.choices } : {}) };
}

/**
 * The registry entries of a plugin's operators: signatures from the manifest (checked by the registry like
 * a built-in's), implementations that run in the plugin's process. A call sends the arguments as JSON
 * (`{"args": {name: value}, "rest": [values], "tables": [byte lengths]}`) with the series arguments as
 * Arrow tables in the payload, and reads back a series (`{"type": "series"}` + one table) or a scalar.
 */
export function pluginOperatorSpecs(plugin: { name: string; manifest: Manifest }, call: PluginCall): OperatorSpec[] {
  return plugin.manifest.operators.map((d): OperatorSpec => {
    const method = `operator.${d.name}`;
    return {
      name: d.name,
      family: d.family,
      // the plugin's version is part of a workflow formula node's cache key (see dag/ops/formula.ts)
      origin: `plugin:${plugin.name}@${plugin.manifest.version}`,
      params: d.params.map(paramSpec),
      ...(d.rest ? { rest: { ...paramSpec(d.rest), ...(d.rest.min !== undefined ? { min: d.rest.min } : {}) } } : {}),
      keywords: d.keywords.map(paramSpec),
      returns: d.returns,
      doc: d.doc,
      examples: d.examples,
      impl: async ({ args, rest }) => {
        const tables: Uint8Array[] = [];
        const where = `operator ${d.name} of plugin ${plugin.name}`;
        const jsonArgs: Record<string, unknown> = {};
        const json = plugin.manifest.data === 'json';
        for (const [k, v] of Object.entries(args)) jsonArgs[k] = encodeArg(v, tables, where, json);
        const jsonRest = rest.map((v) => encodeArg(v, tables, where, json));
        const firstSeries = [...Object.values(args), ...rest].find(isSeriesValue);
        const packed = packTables(tables);
        let r: CallResult;
        try {
          r = await call(method, { args: jsonArgs, rest: jsonRest, tables: packed.tables }, packed.payload);
        } catch (e) {
          // The evaluator names the operator; say which plugin failed (host messages already do when it stopped).
          if (isStrataError(e) && !e.message.startsWith('plugin ')) throw new StrataError(e.code, `plugin ${e.message.startsWith(`${plugin.name}: `) ? e.message : `${plugin.name}: ${e.message}`}`, e.details);
          throw e;
        }
        try {
          return decodeResult(r, d.returns, firstSeries?.series.tzaware ?? true);
        } catch (e) {
          const err = e as StrataError;
          throw new StrataError('plugin_malformed', `plugin ${plugin.name} ${err.message}`, { plugin: plugin.name, operator: d.name });
        }
      },
    };
  });
}

/**
 * Adds the operators of `plugins` to `registry` (owner: the plugin's name). Nothing throws: an operator
 * that clashes with a built-in or another plugin's, or whose declaration the registry refuses, is left out
 * and reported as an issue naming the plugin (code `bad_operator`).
 */
export function registerPluginOperators(
  registry: OperatorRegistry,
  plugins: ReadonlyArray<{ name: string; manifest: Manifest }>,
  callFor: (plugin: string) => PluginCall,
): { registered: string[]; issues: LibraryIssue[] } {
  const registered: string[] = [];
  const issues: LibraryIssue[] = [];
  for (const p of plugins) {
    if (!p.manifest.operators.length) continue;
    const call: PluginCall = (m, params, payload) => callFor(p.name)(m, params, payload);
    for (const spec of pluginOperatorSpecs(p, call)) {
      try {
        registry.register(spec, { owner: p.name });
        registered.push(spec.name);
      } catch (e) {
        // The registry's messages start with `operator "<name>"`.
        issues.push({ code: 'bad_operator', message: `plugin ${p.name}: ${(e as Error).message}` });
      }
    }
  }
  return { registered, issues };
}
