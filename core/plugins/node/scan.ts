import { existsSync, readdirSync, readFileSync, statSync, type Dirent } from 'node:fs';
import { basename, extname, isAbsolute, join, resolve } from 'node:path';
import { isPluginKind, type PluginKind } from '../kinds.js';
import { parseManifest } from '../manifest.js';
import type { PluginEntry } from '../types.js';
import type { RunLimits } from './exec.js';
import { PROBE_LIMITS, probeExecutable } from './timeseer.js';
import { loadPluginConfig } from './config.js';

export interface ScanOptions {
  /** Run executables to learn their modules (Timeseer protocol). `plugins check` runs nothing: false. */
  probe?: boolean;
  probeLimits?: RunLimits;
  platform?: NodeJS.Platform;
}

/** Deeper than this below a kind folder, nothing is a plugin (guards against link loops and huge trees). */
const MAX_DEPTH = 6;
/** Shared libraries beside a frozen executable carry the x bit too; they are not plugins. */
const NOT_PROGRAMS = /\.(so(\.\d+)*|dylib|dll|pyd|json|ya?ml|txt|md)$/i;

/**
 * Scans library folders laid out `library/<kind>/<group>/<plugin>/` (Node-only). A folder holding a
 * `plugin.json`, or executables, is a plugin folder; any other folder is a group and is searched below.
 * Nothing here throws for a bad plugin: it becomes an entry with status `error`.
 */
export async function scanLibraries(dirs: readonly string[], opts: ScanOptions = {}): Promise<PluginEntry[]> {
  const platform = opts.platform ?? process.platform;
  const found: PluginEntry[] = [];
  const probes: Array<{ exe: string; kind: PluginKind; group: string }> = [];
  for (const lib of dirs) {
    for (const k of listDir(lib)) {
      if (!k.isDirectory()) continue;
      const kindDir = join(lib, k.name);
      if (!isPluginKind(k.name)) {
        found.push(bad(k.name, 'unknown', '', kindDir, `unknown plugin kind folder ${JSON.stringify(k.name)} (expected analysis, operators, hooks or nodes)`));
        continue;
      }
      for (const g of listDir(kindDir)) if (g.isDirectory() && !g.name.startsWith('.')) walk(join(kindDir, g.name), k.name, [], platform, found, probes);
    }
  }
  if (opts.probe === false) {
    for (const p of probes) found.push({ name: programName(p.exe), kind: p.kind, group: p.group, capabilities: [], path: p.exe, status: 'ok', runtime: 'executable', executable: p.exe });
  } else {
    const results = await mapLimit(probes, 4, async (p) => {
      try {
        const modules = await probeExecutable(p.exe, opts.probeLimits ?? PROBE_LIMITS);
        return Object.entries(modules).map(([module, caps]): PluginEntry => ({ name: module, kind: p.kind, group: p.group, capabilities: caps, path: p.exe, status: 'ok', runtime: 'executable', executable: p.exe, module }));
      } catch (e) {
        return [{ ...bad(programName(p.exe), p.kind, p.group, p.exe, (e as Error).message), runtime: 'executable' as const, executable: p.exe }];
      }
    });
    found.push(...results.flat());
  }
  return found.sort((a, b) => a.kind.localeCompare(b.kind) || a.group.localeCompare(b.group) || a.name.localeCompare(b.name) || a.path.localeCompare(b.path));
}

function walk(dir: string, kind: PluginKind, parents: string[], platform: NodeJS.Platform, found: PluginEntry[], probes: Array<{ exe: string; kind: PluginKind; group: string }>): void {
  const entries = listDir(dir);
  // A plugin folder directly under the kind is its own group (Timeseer: files copied into library/analysis/<group>).
  const group = parents.length ? parents.join('/') : basename(dir);
  if (entries.some((e) => e.name === 'plugin.json' && e.isFile())) {
    found.push(manifestPlugin(dir, kind, group));
    return;
  }
  const exes = entries.filter((e) => isProgram(join(dir, e.name), e, platform)).map((e) => join(dir, e.name));
  if (exes.length) {
    for (const exe of exes) probes.push({ exe, kind, group });
    return;
  }
  if (parents.length >= MAX_DEPTH) return;
  for (const e of entries) if (e.isDirectory() && !e.name.startsWith('.')) walk(join(dir, e.name), kind, [...parents, basename(dir)], platform, found, probes);
}

function manifestPlugin(dir: string, kind: PluginKind, group: string): PluginEntry {
  const folderName = basename(dir);
  let text: string;
  try {
    text = readFileSync(join(dir, 'plugin.json'), 'utf8');
  } catch (e) {
    return bad(folderName, kind, group, dir, `cannot read plugin.json: ${(e as Error).message}`);
  }
  const m = parseManifest(text);
  if (!m.ok) return bad(folderName, kind, group, dir, m.error);
  const manifest = m.manifest;
  const entry: PluginEntry = { name: manifest.name, kind, group, capabilities: manifest.capabilities, path: dir, status: 'ok', runtime: 'manifest', manifest };
  let problem: string | null = null;
  if (manifest.kind !== kind) problem = `plugin.json says kind ${JSON.stringify(manifest.kind)} but the plugin sits in the ${JSON.stringify(kind)} folder`;
  else if (manifest.entry && !existsSync(resolve(dir, manifest.entry))) problem = `entry ${JSON.stringify(manifest.entry)} does not exist`;
  else if (manifest.command) {
    const prog = manifest.command[0]!;
    // A bare program name is looked up on PATH when started; a path must exist beside the plugin.
    if ((prog.includes('/') || prog.includes('\\')) && !existsSync(isAbsolute(prog) ? prog : resolve(dir, prog))) problem = `command ${JSON.stringify(prog)} does not exist`;
  }
  if (!problem) {
    const config = loadPluginConfig(dir, manifest);
    if (!config.ok) problem = config.error;
  }
  if (problem) {
    entry.status = 'error';
    entry.error = problem;
  }
  return entry;
}

function isProgram(path: string, e: Dirent, platform: NodeJS.Platform): boolean {
  if (!e.isFile() && !e.isSymbolicLink()) return false;
  if (platform === 'win32') return /\.(exe|bat|cmd)$/i.test(e.name);
  if (NOT_PROGRAMS.test(e.name) || e.name.startsWith('.')) return false;
  try {
    const st = statSync(path);
    return st.isFile() && (st.mode & 0o111) !== 0;
  } catch {
    return false;
  }
}

function programName(exe: string): string {
  const b = basename(exe);
  return /\.(exe|bat|cmd)$/i.test(b) ? b.slice(0, -extname(b).length) : b;
}

function bad(name: string, kind: PluginEntry['kind'], group: string, path: string, error: string): PluginEntry {
  return { name, kind, group, capabilities: [], path, status: 'error', error, runtime: 'manifest' };
}

function listDir(dir: string): Dirent[] {
  try {
    return readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
  } catch {
    return [];
  }
}

async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (x: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const k = next++;
      out[k] = await fn(items[k]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
