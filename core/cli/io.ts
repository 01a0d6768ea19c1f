/** What a command can touch of its environment; tests pass fakes, `bin.ts` passes the process's own. */
export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  readStdin(): Promise<string>;
  env: Record<string, string | undefined>;
  /** Whether stdout is a terminal (progress bars, colours). */
  isTTY: boolean;
  platform: NodeJS.Platform;
  homedir: string;
}

export function processIO(): CliIO {
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const c of process.stdin) chunks.push(c as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
    env: process.env,
    isTTY: !!process.stdout.isTTY,
    platform: process.platform,
    homedir: process.env.HOME ?? process.env.USERPROFILE ?? '.',
  };
}
