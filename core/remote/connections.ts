import { StrataError } from '../base/errors.js';
import { formatTimestamp, nowUs } from '../series/time.js';
import type { Store } from '../store/store.js';
import { checkConfig, connectionUrl, type ConnectionConfig, type TlsOptions } from './config.js';

/** Connections kept in the local store (table `connection`, migration 0007). */

interface Row {
  name: string;
  host: string;
  port: number;
  database: string;
  schema: string;
  user: string;
  tls: string;
  secret: Buffer | null;
  created_at: number;
  updated_at: number;
}

export interface StoredConnection extends ConnectionConfig {
  createdAt: number;
  updatedAt: number;
  /** Whether the app keeps a sealed password for it (never the password itself). */
  hasSealedSecret: boolean;
}

const q = (s: string) => JSON.stringify(s);

function fromRow(r: Row): StoredConnection {
  let tls: TlsOptions;
  try {
    tls = JSON.parse(r.tls) as TlsOptions;
  } catch {
    throw new StrataError('corrupt_store', `connection ${q(r.name)} has unreadable TLS options`);
  }
  return {
    name: r.name,
    host: r.host,
    port: r.port,
    database: r.database,
    schema: r.schema,
    user: r.user,
    tls,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    hasSealedSecret: r.secret !== null,
  };
}

export function listConnections(store: Store): StoredConnection[] {
  return (store.db.prepare('SELECT * FROM connection ORDER BY name').all() as Row[]).map(fromRow);
}

export function findConnection(store: Store, name: string): StoredConnection | undefined {
  const r = store.db.prepare('SELECT * FROM connection WHERE name = ?').get(name) as Row | undefined;
  return r ? fromRow(r) : undefined;
}

export function getConnection(store: Store, name: string): StoredConnection {
  const c = findConnection(store, name);
  if (!c) throw new StrataError('unknown_connection', `no connection named ${q(name)} (see strata connect list)`, { connection: name });
  return c;
}

/**
 * Adds a connection. Refused when the name is taken, or when local series already live under
 * `<name>/` — they would be hidden behind the remote tags of the same names.
 */
export function addConnection(store: Store, c: ConnectionConfig, sealedSecret: Buffer | null = null): StoredConnection {
  checkConfig(c);
  return store.transaction(() => {
    if (findConnection(store, c.name)) throw new StrataError('connection_exists', `a connection named ${q(c.name)} exists (remove it first, or pick another name)`, { connection: c.name });
    const clash = store.db.prepare("SELECT name FROM series WHERE substr(name, 1, ?) = ? LIMIT 1").get(c.name.length + 1, c.name + '/') as { name: string } | undefined;
    if (clash) {
      throw new StrataError('series_exists', `local series such as ${q(clash.name)} already use the prefix ${q(c.name + '/')}: name the connection differently`, { connection: c.name, series: clash.name });
    }
    const now = nowUs();
    store.db
      .prepare('INSERT INTO connection (name, host, port, database, schema, user, tls, secret, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(c.name, c.host, c.port, c.database, c.schema, c.user, JSON.stringify(c.tls), sealedSecret, now, now);
    return getConnection(store, c.name);
  });
}

/** Edits where or how a connection connects; its cache is dropped (it may be another server now). */
export function updateConnection(store: Store, name: string, patch: Partial<Omit<ConnectionConfig, 'name'>>): StoredConnection {
  return store.transaction(() => {
    const cur = getConnection(store, name);
    const next: ConnectionConfig = { ...cur, ...patch, name, tls: patch.tls ?? cur.tls };
    checkConfig(next);
    store.db
      .prepare('UPDATE connection SET host = ?, port = ?, database = ?, schema = ?, user = ?, tls = ?, updated_at = ? WHERE name = ?')
      .run(next.host, next.port, next.database, next.schema, next.user, JSON.stringify(next.tls), nowUs(), name);
    store.db.prepare('DELETE FROM remote_cache WHERE connection = ?').run(name);
    return getConnection(store, name);
  });
}

/** Stores (or with null clears) the app's sealed password blob. */
export function setSealedSecret(store: Store, name: string, sealed: Buffer | null): void {
  getConnection(store, name);
  store.db.prepare('UPDATE connection SET secret = ?, updated_at = ? WHERE name = ?').run(sealed, nowUs(), name);
}

export function sealedSecretOf(store: Store, name: string): Buffer | null {
  const r = store.db.prepare('SELECT secret FROM connection WHERE name = ?').get(name) as { secret: Buffer | null } | undefined;
  return r?.secret ?? null;
}

/** Removes a connection and everything cached from it (nothing on the server is touched). */
export function removeConnection(store: Store, name: string): void {
  store.transaction(() => {
    getConnection(store, name);
    store.db.prepare('DELETE FROM connection WHERE name = ?').run(name);
  });
}

/**
 * A connection as `strata connect list --json` and the app show it: where to connect, never a password;
 * `password` says where it comes from (`whenNotSealed`: the CLI prompts, the app's engine reads $PGPASSWORD).
 */
export function connectionJson(c: StoredConnection, whenNotSealed: string) {
  return {
    name: c.name,
    url: connectionUrl(c),
    host: c.host,
    port: c.port,
    database: c.database,
    schema: c.schema,
    user: c.user,
    tls: c.tls,
    created_at: formatTimestamp(c.createdAt, true),
    updated_at: formatTimestamp(c.updatedAt, true),
    password: c.hasSealedSecret ? 'sealed by the app keychain' : whenNotSealed,
  };
}
