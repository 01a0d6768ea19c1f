import { z } from 'zod';
import { StrataError, isStrataError } from '../base/errors.js';
import type { TimeSeries } from '../series/series.js';
import type { PluginCall } from './operators.js';
import { seriesToIPC } from './series-arrow.js';
import { packTables } from './wire.js';

/** A series handed to an analysis, with what the module is told about it. */
export interface AnalysisInput {
  name: string;
  series: TimeSeries;
  metadata: Record<string, unknown>;
}

/** What an analysis returns (Timeseer's result shape); other top-level fields are passed through. */
export const AnalysisResultSchema = z
  .object({
    statistics: z.array(z.object({ name: z.string(), dataType: z.string(), result: z.unknown() }).passthrough()).optional(),
  })
  .passthrough();

/** Checks an analysis result; `who` names the module in the error. */
export function checkAnalysisResult(raw: unknown, who: string): Record<string, unknown> {
  const r = AnalysisResultSchema.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new StrataError('plugin_malformed', `${who} returned a malformed result: ${issue.path.join('.') || 'result'}: ${issue.message}`);
  }
  return r.data;
}

/**
 * Runs an analysis of a long-lived plugin (a manifest with the `analyze` capability): method `analyze`
 * with params `{series: {name, metadata, table: 0}, inputs: [{name, metadata, table: k}], config,
 * tables}` and each series as an Arrow table (`ts`, `value`) in the payload — Timeseer's request, with
 * tables instead of files. A plugin whose `metadata` method says `univariate` is refused several series.
 */
export async function runPluginAnalysis(plugin: { name: string; capabilities: readonly string[] }, call: PluginCall, inputs: readonly AnalysisInput[], config: Record<string, unknown>): Promise<Record<string, unknown>> {
  if (!inputs.length) throw new StrataError('usage', 'an analysis needs at least one series');
  const who = `plugin ${plugin.name}`;
  const named = async (method: string, params: unknown, payload?: Uint8Array) => {
    try {
      return await call(method, params, payload);
    } catch (e) {
      if (isStrataError(e) && !e.message.startsWith('plugin ')) throw new StrataError(e.code, `${who}: ${e.message.replace(`${plugin.name}: `, '')}`, e.details);
      throw e;
    }
  };
  if (inputs.length > 1 && plugin.capabilities.includes('metadata')) {
    const meta = (await named('metadata', {})).value as Record<string, unknown> | null;
    if (meta?.signature === 'univariate') throw new StrataError('usage', `${plugin.name} is univariate: give it one series, got ${inputs.length}`);
  }
  const packed = packTables(inputs.map((i) => seriesToIPC(i.series)));
  const described = inputs.map((i, k) => ({ name: i.name, metadata: i.metadata, table: k }));
  const r = await named('analyze', { series: described[0], inputs: described, config, tables: packed.tables }, packed.payload);
  return checkAnalysisResult(r.value, who);
}
