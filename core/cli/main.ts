import { Command, CommanderError } from 'commander';
import { StrataError, toStrataError } from '../base/errors.js';
import { UsageError } from './args.js';
import { CommandContext } from './context.js';
import type { CliIO } from './io.js';
import { registerSeriesCommands } from './commands/series.js';
import { registerSpanCommands } from './commands/spans.js';
import { registerServeCommand } from './commands/serve.js';
import { registerWorkflowCommands } from './commands/workflow.js';
import { registerPluginCommands } from './commands/plugins.js';
import { registerImportCommand } from './commands/import.js';
import { registerExportCommand } from './commands/export.js';
import { registerSampleCommand } from './commands/sample.js';
import { registerFormulaCommands } from './commands/formula.js';
import { registerConnectCommands } from './commands/connect.js';

export { VERSION } from '../version.js';
import { VERSION } from '../version.js';

/** Builds the command tree. Each command group lives in its own file under commands/. */
export function buildProgram(ctx: CommandContext): Command {
  const program = new Command('strata')
    .description('Strata: versioned time-series store, formulas, workflows and spans, from the command line.')
    .version(VERSION, '-V, --version')
    .showHelpAfterError(false)
    // Options after a subcommand's name belong to that subcommand (`metrics sample --from`).
    .enablePositionalOptions()
    .exitOverride()
    .configureOutput({
      writeOut: (s) => ctx.io.stdout(s),
      writeErr: (s) => ctx.io.stderr(s),
      // Usage errors are printed by runCli in the one error format.
      outputError: () => {},
    });
  registerSeriesCommands(program, ctx);
  registerSpanCommands(program, ctx);
  registerServeCommand(program, ctx);
  registerWorkflowCommands(program, ctx);
  registerPluginCommands(program, ctx);
  registerImportCommand(program, ctx);
  registerExportCommand(program, ctx);
  registerSampleCommand(program, ctx);
  registerFormulaCommands(program, ctx);
  registerConnectCommands(program, ctx);
  return program;
}

/**
 * Runs the `strata` command with `argv` (without the node and script entries) and returns the exit code:
 * 0 success, 1 bad input or a failed operation, 2 bad usage. Errors print one line
 * `error[<code>]: <message>` on stderr, and with `--json` a `{"error": {...}}` document on stdout.
 */
export async function runCli(argv: string[], io: CliIO): Promise<number> {
  const ctx = new CommandContext(io);
  const json = argv.includes('--json');
  try {
    const program = buildProgram(ctx);
    await program.parseAsync(argv, { from: 'user' });
    return ctx.exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.help' || e.code === 'commander.version') return 0;
      if (e.exitCode === 0) return 0;
      const message = e.message.replace(/^error:\s*/, '');
      report(io, json, new StrataError('usage', message));
      return 2;
    }
    const err = toStrataError(e);
    report(io, json, err);
    return e instanceof UsageError ? 2 : 1;
  } finally {
    await ctx.dispose();
  }
}

function report(io: CliIO, json: boolean, err: StrataError): void {
  io.stderr(`error[${err.code}]: ${err.message}\n`);
  if (json) io.stdout(JSON.stringify({ error: err.toJSON() }) + '\n');
}
