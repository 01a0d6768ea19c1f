import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StrataError } from '../../base/errors.js';
import { checkAnalysisResult, runPluginAnalysis, type AnalysisInput } from '../analysis.js';
import { PluginHost } from '../host.js';
import { seriesToFeather, seriesToJson } from '../series-arrow.js';
import { childProcessLauncher, manifestLaunchSpec } from './child-launcher.js';
import type { PluginEntry } from '../types.js';
import type { RunLimits } from './exec.js';
import { ANALYZE_LIMITS, callModule } from './timeseer.js';

export type { AnalysisInput };

/** Up to this many points a JSON copy of the data goes along, for plugins without an Arrow reader. */
export const JSON_COPY_MAX_POINTS = 200_000;

/** The analysis module `module` among `entries`: the first usable one, or a clear error. */
export function findAnalysis(entries: readonly PluginEntry[], module: string): PluginEntry {
  const named = entries.filter((e) => e.name === module && e.kind === 'analysis');
  // A Timeseer executable's module, or a long-lived plugin (manifest) with the analyze capability.
  const ok = named.find((e) => e.status === 'ok' && e.capabilities.includes('analyze'));
  if (ok) return ok;
  if (named.length && named[0]!.status === 'error') throw new StrataError('plugin_failed', `analysis module ${JSON.stringify(module)} is broken: ${named[0]!.error}`);
  if (named.length) throw new StrataError('unknown_plugin', `analysis module ${JSON.stringify(module)} cannot analyze (capabilities: ${named[0]!.capabilities.join(', ') || 'none'})`);
  throw new StrataError('unknown_plugin', `no analysis module named ${JSON.stringify(module)} in the libraries`);
}

/**
 * Runs a Timeseer-style analysis (Node-only): writes each series to a temporary Arrow IPC file (Feather
 * v2, columns `ts` and `value`; plus a JSON copy when small), runs `EXE MODULE analyze` with the request on
 * stdin and returns the module's validated result. Temporary files are removed whatever happens.
 */
export async function runAnalysis(plugin: PluginEntry, inputs: readonly AnalysisInput[], config: Record<string, unknown>, limits: RunLimits = ANALYZE_LIMITS): Promise<Record<string, unknown>> {
  if (plugin.runtime === 'manifest') {
    // A long-lived plugin: started for this analysis, stopped after it, whatever happens.
    const host = new PluginHost(plugin.name, manifestLaunchSpec(plugin.path, plugin.manifest!), childProcessLauncher, { callTimeoutMs: limits.timeoutMs, maxPayloadBytes: Math.max(limits.maxOutputBytes, 1 << 20), maxFailures: 1 });
    try {
      return await runPluginAnalysis(plugin, (m, params, payload) => host.call(m, params, payload), inputs, config);
    } finally {
      host.dispose();
    }
  }
  const exe = plugin.executable!;
  const module = plugin.module!;
  if (!inputs.length) throw new StrataError('usage', 'an analysis needs at least one series');
  if (inputs.length > 1) {
    const meta = (await callModule(exe, module, 'metadata', undefined, limits)) as Record<string, unknown> | null;
    if (meta?.signature === 'univariate') throw new StrataError('usage', `${module} is univariate: give it one series, got ${inputs.length}`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'strata-analyze-'));
  try {
    const described = inputs.map((inp, k) => {
      const path = join(dir, `series-${k}.arrow`);
      writeFileSync(path, seriesToFeather(inp.series));
      const data: Record<string, string> = { path };
      if (inp.series.times.length <= JSON_COPY_MAX_POINTS) {
        data.json_path = join(dir, `series-${k}.json`);
        writeFileSync(data.json_path, seriesToJson(inp.series));
      }
      return { name: inp.name, metadata: inp.metadata, data };
    });
    const first = described[0]!;
    const request = { data: first.data, series: { name: first.name, metadata: first.metadata }, config, inputs: described };
    const raw = await callModule(exe, module, 'analyze', request, limits);
    return checkAnalysisResult(raw, `${module} (${exe})`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
