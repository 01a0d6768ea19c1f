import { Store } from '../store/store.js';
import { envOrPromptSecrets, openRemote, type RemoteSources } from '../remote/index.js';
import type { CliIO } from './io.js';
import { resolveStorePath } from './paths.js';

/** What every command gets: its IO and a lazily opened store that is closed when the command ends. */
export class CommandContext {
  private store: Store | null = null;
  private remoteSources: RemoteSources | null = null;
  /** Exit code of a command that printed its full result but still failed (e.g. a workflow node failed). */
  exitCode = 0;
  constructor(readonly io: CliIO) {}

  /** Reports a failure on stderr (`error[code]: message`) after the command printed its result; exit 1. */
  failAfterReport(code: string, message: string): void {
    this.io.stderr(`error[${code}]: ${message}\n`);
    this.exitCode = 1;
  }

  /**
   * The store, with its PostgreSQL connections attached: every command that reads a series by name also
   * reads `<connection>/<tag>` (passwords from $PGPASSWORD or a prompt; notices about an unreachable
   * server, answered from the cache, go to stderr).
   */
  openStore(dbFlag: string | undefined): Store {
    if (!this.store) {
      this.store = new Store(resolveStorePath(dbFlag, this.io));
      this.remoteSources = openRemote(this.store, {
        secrets: envOrPromptSecrets(this.io.env, this.io.promptSecret?.bind(this.io)),
        onNotice: (n) => this.io.stderr(`notice: ${n.message}\n`),
      });
    }
    return this.store;
  }

  /** The store's connections as series sources (opens the store if needed). */
  remote(dbFlag: string | undefined): RemoteSources {
    this.openStore(dbFlag);
    return this.remoteSources!;
  }

  json(value: unknown): void {
    this.io.stdout(JSON.stringify(value) + '\n');
  }

  out(text: string): void {
    this.io.stdout(text.endsWith('\n') ? text : text + '\n');
  }

  /** Closes the connections' pools, then the store. */
  async dispose(): Promise<void> {
    const remote = this.remoteSources;
    this.remoteSources = null;
    await remote?.close();
    this.store?.close();
    this.store = null;
  }
}

/** Left-aligned text table for people. */
export function table(header: string[], rows: (string | number | null)[][]): string {
  const cells = [header, ...rows.map((r) => r.map((c) => (c === null ? '' : String(c))))];
  const widths = header.map((_, k) => Math.max(...cells.map((r) => (r[k] ?? '').length)));
  return cells.map((r) => r.map((c, k) => (k === r.length - 1 ? c : (c ?? '').padEnd(widths[k]!))).join('  ')).join('\n') + '\n';
}
