import { spawn } from 'node:child_process';
import { extname, isAbsolute, resolve } from 'node:path';
import type { LaunchSpec, PluginChannel, PluginLauncher } from '../launcher.js';
import type { Manifest } from '../manifest.js';

/**
 * Starts plugins with `child_process.spawn` (Node-only). On POSIX each plugin leads its own process
 * group, so `kill()` also stops the processes it started: no orphans.
 */
export const childProcessLauncher: PluginLauncher = {
  launch(spec: LaunchSpec): PluginChannel {
    const posix = process.platform !== 'win32';
    const child = spawn(spec.program, spec.args, { cwd: spec.cwd, env: spec.env ? { ...process.env, ...spec.env } : process.env, stdio: ['pipe', 'pipe', 'pipe'], detached: posix, windowsHide: true });
    // Writes to a plugin that died are reported through onExit; the pipe error itself is noise.
    child.stdin.on('error', () => {});
    let exited = false;
    const kill = () => {
      try {
        if (posix && child.pid) process.kill(-child.pid, 'SIGKILL');
        else child.kill('SIGKILL');
      } catch {
        // Already gone.
      }
    };
    return {
      pid: child.pid,
      write: (bytes) => void (exited || child.stdin.write(bytes)),
      onData: (cb) => void child.stdout.on('data', cb),
      onStderr: (cb) => void child.stderr.on('data', cb),
      onExit: (cb) => {
        child.on('error', (e) => {
          if (!exited) {
            exited = true;
            cb(null, null, e);
          }
        });
        child.on('close', (code, signal) => {
          // Children of the plugin die with it.
          kill();
          if (!exited) {
            exited = true;
            cb(code, signal);
          }
        });
      },
      kill,
    };
  },
};

/** tsx (a development dependency) as a module URL, or its bare name where it is not installed (packaged app). */
function tsxLoader(): string {
  try {
    return import.meta.resolve('tsx');
  } catch {
    return 'tsx';
  }
}

/** How to run a JS/TS plugin entry with Node, under a heap cap (MB). TS entries go through tsx. */
export function nodeLaunchSpec(entry: string, opts: { maxMemoryMb?: number; cwd?: string } = {}): LaunchSpec {
  const execArgv: string[] = [];
  if (opts.maxMemoryMb) execArgv.push(`--max-old-space-size=${opts.maxMemoryMb}`);
  // tsx is found from Strata's own modules, not from the plugin's folder (a user library has none).
  if (['.ts', '.mts', '.cts'].includes(extname(entry))) execArgv.push('--import', tsxLoader());
  return { program: process.execPath, args: [...execArgv, entry], cwd: opts.cwd, js: { entry, execArgv } };
}

/**
 * How to run a plugin with a manifest: its JS `entry` with Node, or its `command` (a program path
 * relative to the plugin folder, or a name looked up on PATH), in the plugin folder.
 */
export function manifestLaunchSpec(dir: string, manifest: Manifest, opts: { maxMemoryMb?: number } = {}): LaunchSpec {
  if (manifest.entry) return nodeLaunchSpec(resolve(dir, manifest.entry), { ...opts, cwd: dir });
  const [program, ...args] = manifest.command!;
  const local = program!.includes('/') || program!.includes('\\');
  return { program: local && !isAbsolute(program!) ? resolve(dir, program!) : program!, args, cwd: dir };
}
