import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { StrataError } from '../../base/errors.js';

/** Limits of one run of a plugin executable. */
export interface RunLimits {
  /** Deadline for the whole run, ms. */
  timeoutMs: number;
  /** Most bytes accepted on stdout (and on stderr, kept apart); more = flood, the process is killed. */
  maxOutputBytes: number;
}

export interface RunResult {
  stdout: string;
  stderr: string;
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** Why a run failed, for messages that name the plugin. */
export type RunFailure = 'timeout' | 'flood' | 'spawn';

/**
 * Runs `program args` once (Node-only), writing `stdin` and collecting its output, within a deadline and
 * an output cap. On POSIX the process leads its own process group so that a killed plugin takes its own
 * children with it (no orphans); the group is also killed after a normal exit for the same reason.
 */
export function runOnce(program: string, args: string[], stdin: string | null, limits: RunLimits, cwd?: string): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const posix = process.platform !== 'win32';
    let child: ChildProcessWithoutNullStreams;
    try {
      child = spawn(program, args, { cwd, stdio: ['pipe', 'pipe', 'pipe'], detached: posix, windowsHide: true });
    } catch (e) {
      reject(failure('spawn', `cannot start ${program}: ${(e as Error).message}`));
      return;
    }
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let outBytes = 0;
    let errBytes = 0;
    let failed: StrataError | null = null;
    const killGroup = () => {
      try {
        if (posix && child.pid) process.kill(-child.pid, 'SIGKILL');
        else child.kill('SIGKILL');
      } catch {
        // Already gone.
      }
    };
    const fail = (e: StrataError) => {
      if (!failed) failed = e;
      killGroup();
    };
    const timer = setTimeout(() => fail(failure('timeout', `${program} did not finish within ${limits.timeoutMs} ms`)), limits.timeoutMs);
    child.stdout.on('data', (b: Buffer) => {
      outBytes += b.length;
      if (outBytes > limits.maxOutputBytes) fail(failure('flood', `${program} printed more than ${limits.maxOutputBytes} bytes`));
      else out.push(b);
    });
    child.stderr.on('data', (b: Buffer) => {
      errBytes += b.length;
      if (errBytes <= 64 * 1024) err.push(b);
    });
    child.on('error', (e) => {
      clearTimeout(timer);
      failed ??= failure('spawn', `cannot start ${program}: ${e.message}`);
      reject(failed);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      killGroup();
      if (failed) reject(failed);
      else resolve({ stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), code, signal });
    });
    // A plugin that exits without reading its stdin makes the write fail with EPIPE: not our error.
    child.stdin.on('error', () => {});
    if (stdin !== null) child.stdin.end(stdin);
    else child.stdin.end();
  });
}

function failure(reason: RunFailure, message: string): StrataError {
  return new StrataError('plugin_failed', message, { reason });
}
