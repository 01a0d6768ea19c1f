// A throwaway PostgreSQL cluster for tests and benchmarks: initdb into a temp folder, pg_ctl start on a
// free local port (unix socket in the same folder), password authentication over TCP, stopped and removed
// at the end. Runs as the `postgres` user when we are root (initdb refuses to run as root).
import { execFile } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The folder holding initdb/pg_ctl: $PG_BIN, the PATH, or the newest /usr/lib/postgresql/<v>/bin (Debian). */
export function findPgBin(): string | null {
  const candidates: string[] = [];
  if (process.env.PG_BIN) candidates.push(process.env.PG_BIN);
  for (const d of (process.env.PATH ?? '').split(':')) if (d) candidates.push(d);
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    const versions = readdirSync(debian).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
    for (const v of versions) candidates.push(join(debian, v, 'bin'));
  }
  for (const c of candidates) if (existsSync(join(c, 'initdb')) && existsSync(join(c, 'pg_ctl')) && existsSync(join(c, 'postgres'))) return c;
  return null;
}

/** Why the PostgreSQL tests cannot run here, or null when they can. */
export function pgUnavailable(): string | null {
  return findPgBin() ? null : 'PostgreSQL binaries (initdb, pg_ctl, postgres) not found: install Debian\'s `postgresql` or set PG_BIN';
}

export interface PgCluster {
  host: string;
  port: number;
  /** The superuser and its password (owner of everything). */
  admin: { user: string; password: string };
  dir: string;
  /** A connection URL for `user` (default the superuser) and database (default `postgres`), without a password. */
  url(user?: string, database?: string): string;
  stop(mode?: 'fast' | 'immediate'): Promise<void>;
  start(): Promise<void>;
  /** Stops the server and removes its folder. */
  destroy(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

const asRoot = typeof process.geteuid === 'function' && process.geteuid() === 0;

/** Runs a PostgreSQL program, as the `postgres` user when we are root. */
async function pg(bin: string, program: string, args: string[]): Promise<void> {
  const exe = join(bin, program);
  try {
    if (asRoot) await run('runuser', ['-u', 'postgres', '--', exe, ...args], { timeout: 120_000 });
    else await run(exe, args, { timeout: 120_000 });
  } catch (e) {
    const err = e as { stderr?: string; stdout?: string; message: string };
    throw new Error(`${program} ${args.join(' ')} failed: ${err.stderr || err.stdout || err.message}`);
  }
}

export interface ClusterOptions {
  /** PEM certificate and key: the server then offers TLS (`ssl = on`). */
  tls?: { cert: string; key: string };
}

export async function startCluster(opts: ClusterOptions = {}): Promise<PgCluster> {
  const bin = findPgBin();
  if (!bin) throw new Error(pgUnavailable()!);
  const dir = mkdtempSync(join(tmpdir(), 'strata-pg-'));
  try {
    return await start(bin, dir, opts);
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}

async function start(bin: string, dir: string, copts: ClusterOptions): Promise<PgCluster> {
  const data = join(dir, 'data');
  const admin = { user: 'strata_admin', password: 'admin-secret' };
  const pwfile = join(dir, 'pw');
  writeFileSync(pwfile, admin.password + '\n');
  const owned = [dir, pwfile];
  let tlsOpts = '';
  if (copts.tls) {
    const cert = join(dir, 'server.crt');
    const key = join(dir, 'server.key');
    writeFileSync(cert, copts.tls.cert);
    writeFileSync(key, copts.tls.key, { mode: 0o600 });
    owned.push(cert, key);
    tlsOpts = ` -c ssl=on -c ssl_cert_file=${cert} -c ssl_key_file=${key}`;
  }
  if (asRoot) {
    chmodSync(dir, 0o755);
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: g } = await run('id', ['-g', 'postgres']);
    for (const f of owned) chownSync(f, Number(stdout.trim()), Number(g.trim()));
  }
  await pg(bin, 'initdb', ['-D', data, '-U', admin.user, `--pwfile=${pwfile}`, '--auth-host=scram-sha-256', '--auth-local=trust', '-E', 'UTF8', '--no-locale', '--no-sync']);
  const log = join(dir, 'log');
  let port = 0;
  const start = () => {
    const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=40 -c shared_buffers=64MB${tlsOpts}`;
    return pg(bin, 'pg_ctl', ['-D', data, '-l', log, '-o', opts, '-w', '-t', '60', 'start']);
  };
  // Test files run in parallel: another cluster may take the free port between the probe and the start.
  for (let attempt = 1; ; attempt++) {
    port = await freePort();
    try {
      await start();
      break;
    } catch (e) {
      if (attempt >= 3) throw e;
    }
  }
  let running = true;
  const cluster: PgCluster = {
    host: '127.0.0.1',
    port,
    admin,
    dir,
    url: (user = admin.user, database = 'postgres') => `postgresql://${encodeURIComponent(user)}@127.0.0.1:${port}/${encodeURIComponent(database)}`,
    async stop(mode = 'fast') {
      if (!running) return;
      await pg(bin, 'pg_ctl', ['-D', data, '-m', mode, '-w', '-t', '60', 'stop']);
      running = false;
    },
    async start() {
      if (running) return;
      await start();
      running = true;
    },
    async destroy() {
      try {
        await cluster.stop('immediate');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
  return cluster;
}
