import type { Command } from 'commander';
import { EngineHost } from '../../service/engine-host.js';
import { startHttpServer } from '../../service/http-server.js';
import { rendererDir } from '../../node/app-root.js';
import { resolveStorePath } from '../paths.js';
import type { CommandContext } from '../context.js';
import { UsageError } from '../args.js';
import { StrataError } from '../../base/errors.js';
import { DB_HELP } from './common.js';
import { libraryDirs } from './plugins.js';

/** `strata serve`: the app in a browser, on 127.0.0.1 only, with a random access token. */
export function registerServeCommand(program: Command, ctx: CommandContext): void {
  program
    .command('serve')
    .description('serve the UI and the API on 127.0.0.1 (prints the URL with its access token); runs until interrupted')
    .option('--port <n>', 'port (default: a free one)')
    .option('--db <path>', DB_HELP)
    .option('--library <dir>', 'another plugin library folder, after the one in the user data folder; repeatable', (v: string, prev: string[]) => [...prev, v], [] as string[])
    .action(async (o: { port?: string; db?: string; library: string[] }) => {
      const port = o.port === undefined ? 0 : Number(o.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('usage', `--port must be 0..65535, got ${JSON.stringify(o.port)}`);
      const storePath = resolveStorePath(o.db, ctx.io);
      const engine = new EngineHost(storePath, { libraries: libraryDirs(ctx.io, o.library) });
      // Fail early and clearly when the store cannot be opened.
      const probe = await engine.invoke('app.info', {});
      if (!probe.ok) {
        await engine.close();
        throw new StrataError(probe.error.code, probe.error.message);
      }
      const server = await startHttpServer({ engine, staticDir: rendererDir(), port });
      ctx.out(`Strata is serving ${storePath}\nOpen ${server.url}\nPress Ctrl+C to stop.`);
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await server.close();
      await engine.close();
    });
}
