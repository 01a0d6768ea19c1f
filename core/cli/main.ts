import { Command, CommanderError } from 'commander';
import { StrataError, toStrataError } from '../base/errors.js';
import { UsageError } from './args.js';
import { CommandContext } from './context.js';
import type { CliIO } from './io.js';

export { VERSION } from '../version.js';
import { VERSION } from '../version.js';

type Register = (program: Command, ctx: CommandContext) => void;

/**
 * The command groups, each in its own file under commands/, loaded only when used: `strata import` loads
 * the CSV reader and the store, not Arrow, the workflow engine or the HTTP server (loading every module
 * took most of a short command's time). Keys are the top-level commands each file registers (a test
 * checks this table against the files).
 */
export const COMMAND_GROUPS: readonly { commands: readonly string[]; load: () => Promise<Register> }[] = [
  { commands: ['series'], load: async () => (await import('./commands/series.js')).registerSeriesCommands },
  { commands: ['spans', 'tags', 'metrics'], load: async () => (await import('./commands/spans.js')).registerSpanCommands },
  { commands: ['serve'], load: async () => (await import('./commands/serve.js')).registerServeCommand },
  { commands: ['workflow'], load: async () => (await import('./commands/workflow.js')).registerWorkflowCommands },
  { commands: ['plugins', 'analyze'], load: async () => (await import('./commands/plugins.js')).registerPluginCommands },
  { commands: ['import'], load: async () => (await import('./commands/import.js')).registerImportCommand },
  { commands: ['export'], load: async () => (await import('./commands/export.js')).registerExportCommand },
  { commands: ['sample'], load: async () => (await import('./commands/sample.js')).registerSampleCommand },
  { commands: ['formula'], load: async () => (await import('./commands/formula.js')).registerFormulaCommands },
  { commands: ['connect'], load: async () => (await import('./commands/connect.js')).registerConnectCommands },
];

/**
 * Builds the command tree: with `argv`, only the group of the command it names (all of them for help,
 * a version, an unknown command or none, so those list everything).
 */
export async function buildProgram(ctx: CommandContext, argv?: readonly string[]): Promise<Command> {
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
  // The program itself takes no option with a value, so the first word not starting with '-' is the command.
  const name = argv?.find((a) => !a.startsWith('-'));
  const one = name === undefined ? undefined : COMMAND_GROUPS.find((g) => g.commands.includes(name));
  for (const g of one ? [one] : COMMAND_GROUPS) (await g.load())(program, ctx);
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
    const program = await buildProgram(ctx, argv);
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
