import { StrataError } from '../../base/errors.js';
import { runOnce, type RunLimits } from './exec.js';

/** Default limits: probing is quick; an analysis may take a while on a long series. */
export const PROBE_LIMITS: RunLimits = { timeoutMs: 10_000, maxOutputBytes: 1 << 20 };
export const ANALYZE_LIMITS: RunLimits = { timeoutMs: 120_000, maxOutputBytes: 64 << 20 };

/** Timeseer's protocol, step 1: `EXE` with no arguments prints `{"module": ["help", "metadata", "analyze"]}`. */
export async function probeExecutable(exe: string, limits: RunLimits = PROBE_LIMITS): Promise<Record<string, string[]>> {
  const r = await runOnce(exe, [], null, limits).catch((e: unknown) => {
    throw rename(e, exe);
  });
  if (r.code !== 0) throw new StrataError('plugin_failed', `${exe} exited with ${exitText(r)} when asked for its modules${tail(r.stderr)}`, { reason: 'crash' });
  const map = parseJson(r.stdout);
  if (!isModuleMap(map)) {
    throw new StrataError('plugin_garbage', `${exe} printed garbage instead of its module map: ${preview(r.stdout)}`, { reason: 'garbage' });
  }
  return map;
}

/**
 * Timeseer's protocol, step 2: `EXE MODULE help|metadata|analyze`, with the request JSON on stdin for
 * `analyze`. Returns the parsed JSON the module printed; every failure names the executable and module.
 */
export async function callModule(exe: string, module: string, capability: 'help' | 'metadata' | 'analyze', request: unknown, limits: RunLimits): Promise<unknown> {
  const who = `${module} (${exe})`;
  const r = await runOnce(exe, [module, capability], request === undefined ? null : JSON.stringify(request), limits).catch((e: unknown) => {
    throw rename(e, who);
  });
  if (r.code !== 0) throw new StrataError('plugin_failed', `${who} exited with ${exitText(r)} during ${capability}${tail(r.stderr)}`, { reason: 'crash' });
  const value = parseJson(r.stdout);
  if (value === undefined) throw new StrataError('plugin_garbage', `${who} printed garbage instead of JSON during ${capability}: ${preview(r.stdout)}`, { reason: 'garbage' });
  return value;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isModuleMap(v: unknown): v is Record<string, string[]> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  return Object.values(v).every((caps) => Array.isArray(caps) && caps.every((c) => typeof c === 'string'));
}

/** Runner errors name the program; say which plugin instead. */
function rename(e: unknown, who: string): StrataError {
  if (e instanceof StrataError) return new StrataError(e.code, `${who}: ${e.message.replace(/^\S+ /, '')}`, e.details);
  return new StrataError('plugin_failed', `${who}: ${String(e)}`);
}

function exitText(r: { code: number | null; signal: string | null }): string {
  return r.signal ? `signal ${r.signal}` : `code ${r.code}`;
}

function tail(stderr: string): string {
  const t = stderr.trim();
  return t ? `: ${t.split('\n').slice(-3).join(' | ').slice(0, 300)}` : '';
}

function preview(s: string): string {
  const t = s.trim();
  return t ? JSON.stringify(t.length > 80 ? t.slice(0, 80) + '…' : t) : '(nothing)';
}
