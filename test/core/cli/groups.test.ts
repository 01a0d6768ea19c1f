import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { COMMAND_GROUPS } from '../../../core/cli/main.js';
import { CommandContext } from '../../../core/cli/context.js';
import { cli } from '../../helpers/cli.js';

const io = { stdout: () => {}, stderr: () => {}, env: {}, cwd: process.cwd(), isTTY: false } as unknown as ConstructorParameters<typeof CommandContext>[0];

describe('commands load by group', () => {
  it('each group registers exactly the top-level commands the table names for it, and no two groups share one', async () => {
    const seen: string[] = [];
    for (const g of COMMAND_GROUPS) {
      const program = new Command('strata');
      (await g.load())(program, new CommandContext(io));
      const names = program.commands.map((c) => c.name());
      expect(names.sort()).toEqual([...g.commands].sort());
      seen.push(...names);
    }
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('help without a command lists every command; a command name loads its group only', async () => {
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    for (const name of COMMAND_GROUPS.flatMap((g) => g.commands)) expect(help.stdout).toMatch(new RegExp(`^  ${name}\\b`, 'm'));
    const unknown = await cli(['nosuch']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command 'nosuch'/);
    const sub = await cli(['import', '--help']);
    expect(sub.code).toBe(0);
    expect(sub.stdout).toMatch(/Usage: strata import/);
  });
});
