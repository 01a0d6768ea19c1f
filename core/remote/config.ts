import { StrataError } from '../base/errors.js';

/**
 * TLS for a connection, in libpq's `sslmode` vocabulary: `disable` (plain TCP), `prefer` (TLS when the
 * server offers it — the `pg` driver cannot fall back, so Strata tries TLS and then plain), `require`
 * (TLS, any certificate), `verify-ca` / `verify-full` (TLS with a certificate signed by `ca`, and for
 * verify-full issued to the host).
 */
export type TlsMode = 'disable' | 'prefer' | 'require' | 'verify-ca' | 'verify-full';
export const TLS_MODES: readonly TlsMode[] = ['disable', 'prefer', 'require', 'verify-ca', 'verify-full'];

export interface TlsOptions {
  mode: TlsMode;
  /** Path of a PEM file with the certificate authority to trust (verify-ca / verify-full). */
  ca?: string;
}

/** Where and how to reach a CVec-style schema. Never holds a password (see secrets.ts). */
export interface ConnectionConfig {
  /** The prefix of its series (`<name>/<tag>`): letters, digits, `_ . -`, no `/`. */
  name: string;
  host: string;
  port: number;
  database: string;
  /** The tenant schema holding tag_names, tag_data, tag_data_str (default `public`). */
  schema: string;
  user: string;
  tls: TlsOptions;
}

const NAME_RE = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$/;

export function checkConnectionName(name: string): void {
  if (typeof name !== 'string' || !NAME_RE.test(name)) {
    throw new StrataError(
      'bad_input',
      `connection name ${JSON.stringify(name)} is not valid: use 1-64 letters, digits, '_', '.' or '-' (no '/': it prefixes the series names)`,
    );
  }
}

function bad(message: string): StrataError {
  return new StrataError('bad_url', message);
}

/**
 * Reads `postgresql://USER@HOST:PORT/DB[?sslmode=...&sslrootcert=...&options=...]` (or `postgres://`).
 * A password in the URL is refused: it would end up in shell history and process lists — use
 * $PGPASSWORD or the prompt.
 */
export function parseConnectionUrl(text: string): Omit<ConnectionConfig, 'name' | 'schema'> & { schema?: string } {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw bad(`${JSON.stringify(text)} is not a URL: expected postgresql://USER@HOST:PORT/DB`);
  }
  if (url.protocol !== 'postgresql:' && url.protocol !== 'postgres:') throw bad(`unsupported URL scheme ${JSON.stringify(url.protocol)}: expected postgresql://USER@HOST:PORT/DB`);
  if (url.password) throw bad('the URL holds a password: remove it and give it through $PGPASSWORD or the prompt (a password is never written in plain text)');
  const user = decodeURIComponent(url.username);
  if (!user) throw bad('the URL names no user: expected postgresql://USER@HOST:PORT/DB');
  const host = decodeURIComponent(url.hostname).replace(/^\[(.*)\]$/, '$1');
  if (!host) throw bad('the URL names no host: expected postgresql://USER@HOST:PORT/DB');
  const port = url.port ? Number(url.port) : 5432;
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw bad(`port ${JSON.stringify(url.port)} is out of range`);
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!database || database.includes('/')) throw bad('the URL names no database: expected postgresql://USER@HOST:PORT/DB');
  const tls: TlsOptions = { mode: 'prefer' };
  let schema: string | undefined;
  for (const [k, v] of url.searchParams) {
    if (k === 'sslmode') {
      if (!TLS_MODES.includes(v as TlsMode)) throw bad(`sslmode ${JSON.stringify(v)} is not one of ${TLS_MODES.join(', ')}`);
      tls.mode = v as TlsMode;
    } else if (k === 'sslrootcert') tls.ca = v;
    else if (k === 'schema') schema = v;
    else throw bad(`unsupported URL parameter ${JSON.stringify(k)} (supported: sslmode, sslrootcert, schema)`);
  }
  return { host, port, database, user, tls, ...(schema !== undefined ? { schema } : {}) };
}

/** The connection as a URL without a password (what `connect list` shows). */
export function connectionUrl(c: ConnectionConfig): string {
  const host = c.host.includes(':') ? `[${c.host}]` : c.host;
  const q = new URLSearchParams();
  if (c.tls.mode !== 'prefer') q.set('sslmode', c.tls.mode);
  if (c.tls.ca) q.set('sslrootcert', c.tls.ca);
  const qs = q.toString();
  return `postgresql://${encodeURIComponent(c.user)}@${host}:${c.port}/${encodeURIComponent(c.database)}${qs ? '?' + qs : ''}`;
}

export function checkConfig(c: ConnectionConfig): void {
  checkConnectionName(c.name);
  if (!c.host) throw new StrataError('bad_input', `connection ${JSON.stringify(c.name)}: no host`);
  if (!Number.isInteger(c.port) || c.port < 1 || c.port > 65535) throw new StrataError('bad_input', `connection ${JSON.stringify(c.name)}: port ${c.port} is out of range`);
  if (!c.database) throw new StrataError('bad_input', `connection ${JSON.stringify(c.name)}: no database`);
  if (!c.user) throw new StrataError('bad_input', `connection ${JSON.stringify(c.name)}: no user`);
  if (!c.schema) throw new StrataError('bad_input', `connection ${JSON.stringify(c.name)}: no schema`);
  if (!TLS_MODES.includes(c.tls.mode)) throw new StrataError('bad_input', `connection ${JSON.stringify(c.name)}: TLS mode ${JSON.stringify(c.tls.mode)} is not one of ${TLS_MODES.join(', ')}`);
}
