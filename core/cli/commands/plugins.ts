import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { builtinRegistry, type OpRegistry } from '../../dag/index.js';
import { useFormulaOperators } from '../../dag/ops/formula.js';
import { createRegistry, type OperatorRegistry } from '../../formula/index.js';
import { checkLibrary, listRow, type LibraryIssue, type PluginSet } from '../../plugins/index.js';
import type { HookEvent } from '../../plugins/scheduler.js';
import { findAnalysis, loadPlugins, runAnalysis, scanLibraries, startPluginRuntime } from '../../plugins/node/index.js';
import { durationOption, UsageError } from '../args.js';
import { table, type CommandContext } from '../context.js';
import type { CliIO } from '../io.js';
import { userDataDir } from '../paths.js';
import { DB_HELP } from './common.js';
import { readSeries, seriesInfo } from '../../store/formulas.js';

export const LIBRARY_HELP = 'another library folder (library/<kind>/<group>/<plugin>/), after the one in the user data folder; repeatable';

export function collect(v: string, prev: string[]): string[] {
  return [...prev, v];
}

/**
 * Runs `fn` with the libraries' long-lived plugins loaded (none started until used); every plugin process
 * is stopped afterwards. Problems registering a plugin's operators or node types are warnings on stderr.
 */
export async function withPlugins<T>(ctx: CommandContext, extra: readonly string[], fn: (plugins: PluginSet, warn: (issues: LibraryIssue[]) => void) => Promise<T>): Promise<T> {
  const plugins = await loadPlugins(libraryDirs(ctx.io, extra));
  const warn = (issues: LibraryIssue[]) => {
    for (const i of issues) ctx.io.stderr(`warning[${i.code}]: ${i.message}\n`);
  };
  try {
    return await fn(plugins, warn);
  } finally {
    plugins.dispose();
  }
}

/** The formula operators: built-ins plus the libraries' plugin operators. */
export function pluginOperatorRegistry(plugins: PluginSet, warn: (issues: LibraryIssue[]) => void): OperatorRegistry {
  const registry = createRegistry();
  warn(plugins.addOperators(registry).issues);
  return registry;
}

/**
 * The workflow node types: built-ins plus the libraries' plugin node types (`<plugin>/<node>`), with the
 * `formula` node type evaluating the plugins' operators too.
 */
export function pluginOpRegistry(plugins: PluginSet, warn: (issues: LibraryIssue[]) => void): OpRegistry {
  const registry = builtinRegistry();
  warn(plugins.addNodeTypes(registry).issues);
  return useFormulaOperators(registry, pluginOperatorRegistry(plugins, warn));
}

/** The user data folder's `library/`, then every `--library` in order. */
export function libraryDirs(io: Pick<CliIO, 'env' | 'platform' | 'homedir'>, extra: readonly string[]): string[] {
  return [join(userDataDir(io), 'library'), ...extra.map((d) => resolve(d))];
}

/** `strata plugins list|check|run` and `strata analyze` (CLI.md "Plugins"). */
export function registerPluginCommands(program: Command, ctx: CommandContext): void {
  const plugins = program.command('plugins').description('plugins found in library folders: analyses, operators, hooks, node types');

  plugins
    .command('list')
    .description('scan the libraries (running executables once to learn their modules) and list every plugin')
    .option('--library <dir>', LIBRARY_HELP, collect, [])
    .option('--json', 'JSON output')
    .action(async (o: { library: string[]; json?: boolean }) => {
      const entries = await scanLibraries(libraryDirs(ctx.io, o.library));
      if (o.json) ctx.json(entries.map(listRow));
      else if (!entries.length) ctx.out('no plugins');
      else ctx.io.stdout(table(['name', 'kind', 'group', 'capabilities', 'status', 'path'], entries.map((e) => [e.name, e.kind, e.group, e.capabilities.join(','), e.status === 'ok' ? 'ok' : `error: ${e.error}`, e.path])));
    });

  plugins
    .command('check')
    .description('validate every plugin and the hook order without running any; exit 1 if anything is wrong')
    .option('--library <dir>', LIBRARY_HELP, collect, [])
    .option('--json', 'JSON output')
    .action(async (o: { library: string[]; json?: boolean }) => {
      const report = checkLibrary(await scanLibraries(libraryDirs(ctx.io, o.library), { probe: false }));
      if (o.json) ctx.json(report);
      else {
        for (const p of report.plugins) ctx.out(`${p.status === 'ok' ? 'ok   ' : 'error'} ${p.name}${p.error ? `: ${p.error}` : ''}`);
        ctx.out(`hook order: ${report.hook_order.join(' → ') || '(no correlation hooks)'}`);
      }
      const broken = report.plugins.filter((p) => p.status === 'error').length;
      if (broken || report.errors.length) {
        const first = report.errors[0];
        ctx.failAfterReport(first?.code ?? 'bad_plugin', first ? `${first.message}${report.errors.length > 1 ? ` (and ${report.errors.length - 1} more)` : ''}` : `${broken} plugin(s) failed the check`);
      }
    });

  plugins
    .command('run')
    .description('run the hooks of the libraries against the store until interrupted: start hooks, cron schedules, new revisions (from any process), stop hooks')
    .option('--library <dir>', LIBRARY_HELP, collect, [])
    .option('--poll <duration>', 'how often to look for new revisions', '1s')
    .option('--duration <duration>', 'stop by itself after this long (default: run until Ctrl+C)')
    .option('--db <path>', DB_HELP)
    .option('--json', 'print {"events": [{"hook", "trigger", "status", "written", "error"?, "at"}]} when it stops')
    .action(async (o: { library: string[]; poll: string; duration?: string; db?: string; json?: boolean }) => {
      const pollMs = durationOption(o.poll, '--poll') / 1000;
      const durationMs = o.duration === undefined ? undefined : durationOption(o.duration, '--duration') / 1000;
      if (!(pollMs > 0)) throw new UsageError('usage', '--poll must be a positive duration');
      if (durationMs !== undefined && !(durationMs > 0)) throw new UsageError('usage', '--duration must be a positive duration');
      const events: HookEvent[] = [];
      const show = (e: HookEvent) => {
        events.push(e);
        if (o.json) return;
        const what = e.status === 'ok' ? (e.written.length ? `wrote ${e.written.join(', ')}` : 'ok') : `error[${e.error?.code}]: ${e.error?.message}`;
        ctx.out(`${new Date(e.at).toISOString()} ${e.hook} (${e.trigger}${e.changed ? `: ${e.changed.join(', ')}` : ''}) ${what}`);
      };
      const rt = await startPluginRuntime(libraryDirs(ctx.io, o.library), ctx.openStore(o.db), {
        pollMs,
        onRun: show,
        onError: (e) => ctx.io.stderr(`warning[scheduler]: ${e instanceof Error ? e.message : String(e)}\n`),
        onConfig: (plugin, r) => ctx.io.stderr(r.ok ? `${plugin}: configuration reloaded\n` : `warning[bad_config]: ${plugin}: ${r.error} (the previous configuration is kept)\n`),
      });
      const hooks = rt.plugins.plugins.reduce((n, p) => n + p.manifest.hooks.length, 0);
      if (!o.json) ctx.io.stderr(`running ${hooks} hook${hooks === 1 ? '' : 's'} of ${rt.plugins.plugins.length} plugin${rt.plugins.plugins.length === 1 ? '' : 's'}${durationMs === undefined ? '; press Ctrl+C to stop' : ''}\n`);
      await new Promise<void>((resolve) => {
        const done = () => {
          process.removeListener('SIGINT', done);
          process.removeListener('SIGTERM', done);
          clearTimeout(timer);
          resolve();
        };
        const timer = durationMs === undefined ? undefined : setTimeout(done, durationMs);
        process.once('SIGINT', done);
        process.once('SIGTERM', done);
      });
      await rt.stop();
      if (o.json) ctx.json({ events: events.map((e) => ({ hook: e.hook, trigger: e.trigger, status: e.status, written: e.written, ...(e.error ? { error: e.error } : {}), ...(e.changed ? { changed: e.changed } : {}), at: new Date(e.at).toISOString() })) });
      const failed = events.filter((e) => e.status === 'error').length;
      if (failed) ctx.failAfterReport('hook_failed', `${failed} hook run${failed === 1 ? '' : 's'} failed`);
    });

  program
    .command('analyze')
    .description('run an analysis module (e.g. a Timeseer custom module) on stored series')
    .argument('<module>', 'analysis module name, as `plugins list` shows it')
    .argument('<series...>', 'series names')
    .option('--config <json>', 'module configuration (a JSON object)', '{}')
    .option('--library <dir>', LIBRARY_HELP, collect, [])
    .option('--db <path>', DB_HELP)
    .option('--json', 'JSON output')
    .action(async (module: string, names: string[], o: { config: string; library: string[]; db?: string; json?: boolean }) => {
      let config: unknown;
      try {
        config = JSON.parse(o.config);
      } catch {
        throw new UsageError('usage', `--config is not JSON: ${o.config}`);
      }
      if (typeof config !== 'object' || config === null || Array.isArray(config)) throw new UsageError('usage', '--config must be a JSON object');
      const store = ctx.openStore(o.db);
      // Read the series first: a typo in a name should not cost a library scan.
      // Stored, formula or remote (`<connection>/<tag>`) series alike.
      const inputs = [];
      for (const name of names) {
        const info = await seriesInfo(store, name);
        inputs.push({ name, series: await readSeries(store, name), metadata: { ...info.metadata, unit: info.unit, value_type: info.valueType, tzaware: info.tzaware } });
      }
      const plugin = findAnalysis(await scanLibraries(libraryDirs(ctx.io, o.library)), module);
      const result = await runAnalysis(plugin, inputs, config as Record<string, unknown>);
      if (o.json) ctx.json(result);
      else {
        const stats = (result.statistics ?? []) as Array<{ name: string; dataType: string; result: unknown }>;
        ctx.io.stdout(table(['statistic', 'type', 'result'], stats.map((s) => [s.name, s.dataType, typeof s.result === 'string' ? s.result : JSON.stringify(s.result)])));
      }
    });
}
