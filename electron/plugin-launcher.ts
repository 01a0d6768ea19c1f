// JS plugins in the app run in Electron utility processes (DESIGN.md): a Chromium-managed Node process per
// plugin, behind core's PluginLauncher interface. Everything else (executables, `command` plugins) goes to
// the fallback launcher (child_process). The electron module is passed in, so this is testable under Node.
import type { LaunchSpec, PluginChannel, PluginLauncher } from '../core/plugins/launcher.js';

/** The part of a utility process (Electron's UtilityProcess) the launcher uses. */
export interface UtilityChild {
  readonly pid: number | undefined;
  readonly stdout: NodeJS.ReadableStream | null;
  readonly stderr: NodeJS.ReadableStream | null;
  postMessage(message: unknown): void;
  on(event: 'message', cb: (message: unknown) => void): unknown;
  on(event: 'exit', cb: (code: number) => void): unknown;
  on(event: 'spawn', cb: () => void): unknown;
  on(event: 'error', cb: (type: string, location: string, report: string) => void): unknown;
  kill(): boolean;
}

/** Electron's `utilityProcess` module (only `fork` is used). */
export interface UtilityProcessApi {
  fork(modulePath: string, args?: string[], options?: { cwd?: string; env?: Record<string, string | undefined>; execArgv?: string[]; stdio?: 'pipe'; serviceName?: string }): UtilityChild;
}

const enc = new TextEncoder();

function bytesOf(m: unknown): Uint8Array | null {
  if (m instanceof Uint8Array) return m;
  if (m instanceof ArrayBuffer) return new Uint8Array(m);
  if (ArrayBuffer.isView(m)) return new Uint8Array(m.buffer, m.byteOffset, m.byteLength);
  return null;
}

/**
 * Runs JS plugins (specs with `js`) with `utilityProcess.fork`. A utility process has no stdin, so wire
 * frames travel as messages both ways (the SDK talks to `process.parentPort`); stdout and stderr are
 * piped and kept as the plugin's error text. A message that is not bytes counts as garbage on the wire:
 * it is passed on as bytes that are not a frame, so the host stops the plugin as malformed.
 */
export function utilityProcessLauncher(api: UtilityProcessApi, fallback: PluginLauncher): PluginLauncher {
  return {
    launch(spec: LaunchSpec): PluginChannel {
      if (!spec.js) return fallback.launch(spec);
      const child = api.fork(spec.js.entry, [], {
        ...(spec.cwd ? { cwd: spec.cwd } : {}),
        env: { ...process.env, ...spec.env },
        execArgv: spec.js.execArgv,
        stdio: 'pipe',
        serviceName: `Strata plugin ${spec.js.entry}`,
      });
      let exitCb: ((code: number | null, signal: string | null, error?: Error) => void) | null = null;
      let exited = false;
      let fatal: string | null = null;
      const stderrCbs: Array<(b: Uint8Array) => void> = [];
      const errText = (text: string) => {
        for (const cb of stderrCbs) cb(enc.encode(text));
      };
      child.on('error', (type, location) => {
        // V8 fatal errors (heap exhaustion among them): say so where the host looks for the reason.
        fatal = `${type} at ${location}`;
        errText(`\n${/heap|allocation|memory/i.test(location) ? 'JavaScript heap out of memory' : 'fatal error'}: ${fatal}\n`);
      });
      child.on('exit', (code) => {
        if (exited) return;
        exited = true;
        exitCb?.(fatal && code === 0 ? 1 : code, null);
      });
      return {
        get pid() {
          return child.pid;
        },
        write: (bytes) => {
          // postMessage clones the bytes at once: the caller may reuse its buffer afterwards.
          if (!exited) child.postMessage(bytes);
        },
        onData: (cb) => {
          child.on('message', (m) => cb(bytesOf(m) ?? enc.encode(`not bytes: ${typeof m}`)));
          // Text printed on stdout is not a frame either; it is kept with stderr for the error message.
          child.stdout?.on('data', (b: Uint8Array) => errText(new TextDecoder().decode(b)));
        },
        onStderr: (cb) => {
          stderrCbs.push(cb);
          child.stderr?.on('data', (b: Uint8Array) => cb(b));
        },
        onExit: (cb) => {
          exitCb = cb;
        },
        kill: () => {
          try {
            child.kill();
          } catch {
            // Already gone.
          }
        },
      };
    },
  };
}
