/**
 * How a plugin process is started, behind one interface: `child_process` under plain Node (CLI, tests),
 * Electron's `utilityProcess` in the app (electron/ implements it), `spawn` for executables.
 */
export interface LaunchSpec {
  program: string;
  args: string[];
  cwd?: string;
  env?: Record<string, string>;
  /**
   * Set when the plugin is a JS module: a launcher that runs JS itself (Electron's utilityProcess) uses
   * this instead of program/args. `execArgv` are the runtime's flags (heap cap, the TS loader).
   */
  js?: { entry: string; execArgv: string[] };
}

/** A running plugin process, seen as byte streams. */
export interface PluginChannel {
  readonly pid: number | undefined;
  write(bytes: Uint8Array): void;
  onData(cb: (chunk: Uint8Array) => void): void;
  onStderr(cb: (chunk: Uint8Array) => void): void;
  /** Called once when the process is gone (`error` when it could not start at all). */
  onExit(cb: (code: number | null, signal: string | null, error?: Error) => void): void;
  /** Stops the process and whatever it started; safe to call more than once. */
  kill(): void;
}

export interface PluginLauncher {
  launch(spec: LaunchSpec): PluginChannel;
}
