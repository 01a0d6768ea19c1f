import type { Command } from 'commander';
import { isFormula, type FormulaReadOptions } from '../../store/formulas.js';
import type { Store } from '../../store/store.js';
import type { CommandContext } from '../context.js';

export interface LibraryOpts {
  library: string[];
}

/** `--library`, for reads of formula series that call plugin operators. */
export function withLibrary(cmd: Command): Command {
  return cmd.option('--library <dir>', 'another plugin library folder (a formula series may call its operators); repeatable', (v: string, prev: string[]) => [...prev, v], [] as string[]);
}

/**
 * Runs a read of `name` with the operators it may need: a formula series is read with the plugin
 * operators of the libraries (the user data folder's, then every --library), as `formula eval` does; any
 * other series needs none (and loads no plugin).
 */
export async function readWith<T>(ctx: CommandContext, store: Store, name: string, library: readonly string[], read: (fopts: FormulaReadOptions) => Promise<T>): Promise<T> {
  if (!isFormula(store, name)) return read({});
  const { withPlugins, pluginOperatorRegistry } = await import('./plugins.js');
  return withPlugins(ctx, library, async (plugins, warn) => read({ registry: pluginOperatorRegistry(plugins, warn) }));
}
