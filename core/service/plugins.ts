import { StrataError, toStrataError } from '../base/errors.js';
import type { Disposable } from '../base/disposable.js';
import type { OpRegistry } from '../dag/index.js';
import { createRegistry, defaultRegistry, type OperatorRegistry } from '../formula/index.js';
import type { LibraryIssue, PluginEntry, PluginSet } from '../plugins/index.js';
import type { ApiArgs } from '../protocol/contract.js';
import type { PluginDto } from '../protocol/types.js';
import { readSeries } from '../store/formulas.js';
import type { Store } from '../store/store.js';

// The plugin runtime and the workflow engine (with Arrow) load on first use, not with the engine: the
// engine answers its first calls (series, charts) without waiting for them.
const pluginsNode = () => import('../plugins/node/index.js');
const dagLib = () => import('../dag/index.js');

/**
 * The plugins of the engine's library folders, as the plugins panel shows them. A scan runs every
 * executable once to learn its modules, then asks each module for its help and metadata (in its own
 * process, with the probe's deadline and output cap); one that fails says so in its entry, never breaks
 * the list. The scan is kept until `rescan`.
 */
export class PluginCatalog {
  private scanned: Promise<{ entries: PluginEntry[]; rows: PluginDto[] }> | null = null;

  constructor(private readonly libraries: readonly string[]) {}

  list(): Promise<PluginDto[]> {
    return this.scan().then((s) => s.rows);
  }

  rescan(): Promise<PluginDto[]> {
    this.scanned = null;
    return this.list();
  }

  async analyze(store: Store, args: ApiArgs<'plugins.analyze'>, operators?: OperatorRegistry): Promise<Record<string, unknown>> {
    // Read the series first: a wrong name should be reported before any plugin runs.
    const inputs = await Promise.all(
      args.series.map(async (name) => {
        const info = store.info(name);
        return { name, series: await readSeries(store, name, {}, operators ? { registry: operators } : {}), metadata: { ...info.metadata, unit: info.unit, value_type: info.valueType, tzaware: info.tzaware } };
      }),
    );
    const { entries } = await this.scan();
    const { findAnalysis, runAnalysis } = await pluginsNode();
    return runAnalysis(findAnalysis(entries, args.module), inputs, args.config ?? {});
  }

  private scan() {
    if (!this.scanned) {
      const p = pluginsNode().then(async ({ scanLibraries }) => {
        const entries = await scanLibraries(this.libraries);
        return { entries, rows: await Promise.all(entries.map(describe)) };
      });
      // A failed scan is not kept: the next call tries again.
      p.catch(() => (this.scanned = null));
      this.scanned = p;
    }
    return this.scanned;
  }
}

async function describe(e: PluginEntry): Promise<PluginDto> {
  const row: PluginDto = { name: e.name, kind: e.kind, group: e.group, capabilities: [...e.capabilities], path: e.path, status: e.status, runtime: e.runtime };
  if (e.error !== undefined) row.error = e.error;
  if (e.manifest) {
    row.version = e.manifest.version;
    if (e.manifest.description) row.help = e.manifest.description;
  }
  if (e.status !== 'ok' || e.runtime !== 'executable' || !e.executable || !e.module) return row;
  const { callModule, PROBE_LIMITS } = await pluginsNode();
  const ask = async (cap: 'help' | 'metadata') => (e.capabilities.includes(cap) ? callModule(e.executable!, e.module!, cap, undefined, PROBE_LIMITS) : undefined);
  try {
    const help = await ask('help');
    if (help !== undefined) row.help = typeof help === 'string' ? help : JSON.stringify(help);
    const meta = await ask('metadata');
    if (meta !== undefined) {
      if (typeof meta !== 'object' || meta === null || Array.isArray(meta)) throw new StrataError('plugin_malformed', `${e.name}: metadata is not a JSON object`);
      row.metadata = meta as Record<string, unknown>;
    }
  } catch (err) {
    row.status = 'error';
    row.error = toStrataError(err).message;
  }
  return row;
}

export function pluginHandlers(store: Store, libraries: readonly string[], engine?: EnginePlugins) {
  const catalog = new PluginCatalog(libraries);
  return {
    'plugins.list': () => catalog.list(),
    'plugins.rescan': () => {
      engine?.reload();
      return catalog.rescan();
    },
    'plugins.analyze': async (args: ApiArgs<'plugins.analyze'>) => catalog.analyze(store, args, engine ? await engine.operators() : undefined),
  };
}

/**
 * The long-lived plugins of the engine's libraries, loaded on first use: their formula operators join the
 * built-ins for every formula call (check, eval, register, reads of formula series) and their node types
 * join the built-in ops for workflows. Each plugin runs in its own child process, started on its first
 * call; `reload` (a rescan) stops them all and reads the libraries again. A broken plugin is reported in
 * `issues` and left out; it never breaks the built-ins.
 */
export class EnginePlugins implements Disposable {
  private loaded: Promise<{ set: PluginSet | null; operators: OperatorRegistry; issues: LibraryIssue[] }> | null = null;
  private opsLoaded: Promise<{ ops: OpRegistry; issues: LibraryIssue[] }> | null = null;

  constructor(private readonly libraries: readonly string[]) {}

  private load() {
    if (!this.loaded) {
      this.loaded = (async () => {
        // no library: the built-ins, and nothing to load (a formula read does not wait for any import)
        if (!this.libraries.length) return { set: null, operators: defaultRegistry(), issues: [] };
        const { loadPlugins } = await pluginsNode();
        const set = await loadPlugins(this.libraries);
        const operators = createRegistry();
        return { set, operators, issues: set.addOperators(operators).issues };
      })();
      // A failed load is not kept: the next call tries again (and the built-ins keep working meanwhile).
      this.loaded.catch(() => (this.loaded = null));
    }
    return this.loaded;
  }

  /** The workflow ops, built on first use (the workflow engine loads then). */
  private loadOps() {
    if (!this.opsLoaded) {
      this.opsLoaded = (async () => {
        const [{ set, operators }, { builtinRegistry }, { useFormulaOperators }] = await Promise.all([this.load(), dagLib(), import('../dag/ops/formula.js')]);
        const ops = builtinRegistry();
        if (!set) return { ops, issues: [] };
        const issues = set.addNodeTypes(ops).issues;
        // workflow `formula` nodes call the plugins' operators too
        useFormulaOperators(ops, operators);
        return { ops, issues };
      })();
      this.opsLoaded.catch(() => (this.opsLoaded = null));
    }
    return this.opsLoaded;
  }

  /** The formula operator registry: built-ins plus the plugins' operators. */
  async operators(): Promise<OperatorRegistry> {
    try {
      return (await this.load()).operators;
    } catch {
      return defaultRegistry();
    }
  }

  /** The workflow op registry: built-ins plus the plugins' node types (`<plugin>/<node>`). */
  async ops(): Promise<OpRegistry> {
    try {
      return (await this.loadOps()).ops;
    } catch {
      return (await dagLib()).builtinRegistry();
    }
  }

  async issues(): Promise<LibraryIssue[]> {
    return [...(await this.load()).issues, ...(await this.loadOps()).issues];
  }

  reload(): void {
    const old = this.loaded;
    this.loaded = null;
    this.opsLoaded = null;
    void old?.then((l) => l.set?.dispose()).catch(() => undefined);
  }

  dispose(): void {
    this.reload();
  }
}
