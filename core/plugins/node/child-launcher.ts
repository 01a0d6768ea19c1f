import { spawn } from 'node:child_process';
import { extname } from 'node:path';
import type { LaunchSpec, PluginChannel, PluginLauncher } from '../launcher.js';

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

/** How to run a JS/TS plugin entry with Node, under a heap cap (MB). TS entries go through tsx. */
export function nodeLaunchSpec(entry: string, opts: { maxMemoryMb?: number; cwd?: string } = {}): LaunchSpec {
  const args: string[] = [];
  if (opts.maxMemoryMb) args.push(`--max-old-space-size=${opts.maxMemoryMb}`);
  if (['.ts', '.mts', '.cts'].includes(extname(entry))) args.push('--import', 'tsx');
  args.push(entry);
  return { program: process.execPath, args, cwd: opts.cwd };
}
