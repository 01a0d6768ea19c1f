import { Store } from '../store/store.js';
import type { CliIO } from './io.js';
import { resolveStorePath } from './paths.js';

/** What every command gets: its IO and a lazily opened store that is closed when the command ends. */
export class CommandContext {
  private store: Store | null = null;
  /** Exit code of a command that printed its full result but still failed (e.g. a workflow node failed). */
  exitCode = 0;
  constructor(readonly io: CliIO) {}

  /** Reports a failure on stderr (`error[code]: message`) after the command printed its result; exit 1. */
  failAfterReport(code: string, message: string): void {
    this.io.stderr(`error[${code}]: ${message}\n`);
    this.exitCode = 1;
  }

  openStore(dbFlag: string | undefined): Store {
    if (!this.store) this.store = new Store(resolveStorePath(dbFlag, this.io));
    return this.store;
  }

  json(value: unknown): void {
    this.io.stdout(JSON.stringify(value) + '\n');
  }

  out(text: string): void {
    this.io.stdout(text.endsWith('\n') ? text : text + '\n');
  }

  dispose(): void {
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
