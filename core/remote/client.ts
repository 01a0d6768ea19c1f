// The only module that talks to PostgreSQL (the `pg` driver, pure JS): pools, TLS, COPY streams, the
// schema probe, and one translation of driver errors into Strata's (what failed, on which connection).
import { readFileSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type pg from 'pg';
import { StrataError } from '../base/errors.js';
import type { ValueType } from '../series/series.js';
import type { ConnectionConfig } from './config.js';
import { CopyBinaryPointsReader } from './copy-binary.js';
import type { SecretProvider } from './secrets.js';
import type { BucketFunction, Layout } from './sql.js';

export interface ClientOptions {
  secrets: SecretProvider;
  /** Milliseconds to wait for a connection (default 5,000). */
  connectTimeoutMs?: number;
  /** Milliseconds a statement may run on the server before it is cancelled (default 300,000). */
  statementTimeoutMs?: number;
  /** Connections kept open per server (default 4). */
  poolSize?: number;
}

export type Row = Record<string, unknown>;

const INT8 = 20;
const GUARDED = Symbol('strata.errorGuard');

type Driver = { pg: typeof import('pg').default; copy: typeof import('pg-copy-streams') };
let driver: Promise<Driver> | null = null;

/** The driver, loaded on first use: every CLI command opens the store, few of them talk to a server. */
function loadDriver(): Promise<Driver> {
  driver ??= Promise.all([import('pg'), import('pg-copy-streams')]).then(([p, c]) => ({ pg: p.default, copy: (c as { default?: Driver['copy'] }).default ?? c }));
  return driver;
}

// int8 arrives as text by default (it can exceed 2^53); Strata's µs timestamps and counts fit a double exactly.
function typeParsers(pgm: Driver['pg']) {
  return {
    getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
      if (oid === INT8 && format !== 'binary') return (v: string) => Number(v);
      return pgm.types.getTypeParser(oid, format as 'text');
    }) as typeof pgm.types.getTypeParser,
  };
}

/** One connection's pool of sessions, opened lazily, with every error told in Strata's terms. */
export class RemoteClient {
  private pool: Promise<pg.Pool> | null = null;
  private tlsUsed: boolean | null = null;
  private layout: Layout | null = null;
  /** The last error that made the server unreachable (for notices when serving from cache). */
  lastFailure: StrataError | null = null;

  constructor(readonly conn: ConnectionConfig, private readonly opts: ClientOptions) {}

  private async makePool(tls: boolean): Promise<pg.Pool> {
    const { pg: pgm } = await loadDriver();
    const c = this.conn;
    let ssl: pg.PoolConfig['ssl'] = false;
    if (tls) {
      const verify = c.tls.mode === 'verify-ca' || c.tls.mode === 'verify-full';
      ssl = { rejectUnauthorized: verify };
      if (verify && c.tls.ca) {
        try {
          ssl.ca = readFileSync(c.tls.ca, 'utf8');
        } catch (e) {
          throw new StrataError('io', `connection ${c.name}: cannot read the TLS certificate authority ${c.tls.ca}: ${(e as Error).message}`);
        }
      }
      // verify-ca checks the chain but not the host name.
      if (c.tls.mode === 'verify-ca') ssl.checkServerIdentity = () => undefined;
    }
    const pool = new pgm.Pool({
      host: c.host,
      port: c.port,
      database: c.database,
      user: c.user,
      password: async () => {
        const p = await this.opts.secrets.password(c);
        if (p === undefined) {
          throw new StrataError('remote_auth', `connection ${c.name}: the server asks ${c.user}'s password and none was given: set $PGPASSWORD (or run on a terminal to be asked)`, { connection: c.name });
        }
        return p;
      },
      ssl,
      max: this.opts.poolSize ?? 4,
      connectionTimeoutMillis: this.opts.connectTimeoutMs ?? 5_000,
      idleTimeoutMillis: 10_000,
      statement_timeout: this.opts.statementTimeoutMs ?? 300_000,
      application_name: 'strata',
      // One time zone for every session (fingerprints cast timestamps; naive literals mean UTC wall-clock),
      // and no JIT: on these scans it spends seconds compiling to save milliseconds.
      options: '-c TimeZone=UTC -c jit=off',
      // Idle pooled sessions never keep a CLI process alive.
      allowExitOnIdle: true,
      types: typeParsers(pgm),
    });
    // A pooled session the server drops while idle must not take the process down with it.
    pool.on('error', () => {});
    return pool;
  }

  /** A session from the pool; `prefer` tries TLS first and remembers when the server has none. */
  private async session(): Promise<pg.PoolClient> {
    if (!this.pool) {
      const mode = this.conn.tls.mode;
      const tls = mode === 'disable' ? false : mode === 'prefer' ? (this.tlsUsed ?? true) : true;
      // Kept as a promise so that concurrent first calls share one pool.
      this.pool = this.makePool(tls);
      this.tlsUsed = tls;
    }
    const pool = this.pool;
    let s: pg.PoolClient;
    try {
      s = await (await pool).connect();
    } catch (e) {
      if (this.conn.tls.mode === 'prefer' && this.tlsUsed && /does not support SSL/i.test((e as Error).message)) {
        if (this.pool === pool) {
          this.pool = this.makePool(false);
          this.tlsUsed = false;
          void pool.then((p) => p.end()).catch(() => {});
        }
        return this.session();
      }
      if (this.pool === pool && !(await pool.then(() => true, () => false))) this.pool = null;
      throw this.fail(e, 'connecting');
    }
    this.lastFailure = null;
    // A session the server drops while checked out emits 'error' besides failing its query: without a
    // listener that would be an uncaught exception.
    if (!(s as { [GUARDED]?: boolean })[GUARDED]) {
      s.on('error', () => {});
      (s as { [GUARDED]?: boolean })[GUARDED] = true;
    }
    return s;
  }

  private fail(e: unknown, doing: string): StrataError {
    const err = translate(e, this.conn, doing);
    if (err.code === 'remote_unavailable') this.lastFailure = err;
    return err;
  }

  async query(sql: string, params: unknown[] = []): Promise<Row[]> {
    const s = await this.session();
    let broken = false;
    try {
      const r = await s.query(sql, params);
      return r.rows as Row[];
    } catch (e) {
      const err = this.fail(e, 'running a query');
      // A session that lost its server is closed, not handed out again.
      broken = err.code === 'remote_unavailable';
      throw err;
    } finally {
      s.release(broken);
    }
  }

  /** Streams `COPY (...) TO STDOUT (FORMAT binary)` of two columns (timestamp, value) into columns. */
  async copyPoints(sql: string, valueType: ValueType): Promise<{ times: Float64Array; values: Float64Array | (string | null)[] }> {
    const s = await this.session();
    const { copy } = await loadDriver();
    const reader = new CopyBinaryPointsReader(valueType);
    let broken = false;
    try {
      const stream = s.query(copy.to(sql));
      for await (const chunk of stream) reader.push(chunk as Buffer);
      return reader.finish();
    } catch (e) {
      broken = true;
      throw this.fail(e, 'reading points');
    } finally {
      // A session whose COPY failed halfway is not reused.
      s.release(broken);
    }
  }

  /** Runs `COPY ... FROM STDIN` with the given text rows (each ending in a newline). */
  async copyIn(session: pg.PoolClient, sql: string, lines: Iterable<string>): Promise<void> {
    try {
      const { copy } = await loadDriver();
      const stream = session.query(copy.from(sql));
      await pipeline(Readable.from(batches(lines)), stream);
    } catch (e) {
      throw this.fail(e, 'writing points');
    }
  }

  /** Runs `fn` in one transaction on one session (the sink); rolled back if it throws. */
  async transaction<T>(fn: (s: pg.PoolClient) => Promise<T>): Promise<T> {
    const s = await this.session();
    let broken = false;
    try {
      await s.query('BEGIN');
      const out = await fn(s);
      await s.query('COMMIT');
      return out;
    } catch (e) {
      await s.query('ROLLBACK').catch(() => {
        broken = true;
      });
      throw e instanceof StrataError ? e : this.fail(e, 'writing');
    } finally {
      s.release(broken);
    }
  }

  /** What the schema looks like: checked once per client (tables, timestamp kinds, bucketing functions). */
  async probe(): Promise<Layout> {
    if (this.layout) return this.layout;
    const schema = this.conn.schema;
    const rows = await this.query(
      `SELECT current_setting('server_version_num')::int AS version,
         (SELECT extversion FROM pg_extension WHERE extname = 'timescaledb') AS timescale,
         (SELECT json_object_agg(table_name, data_type) FROM information_schema.columns
            WHERE table_schema = $1 AND table_name IN ('tag_data', 'tag_data_str') AND column_name = 'tag_value_changed_at') AS ts_types,
         (SELECT count(*)::int FROM information_schema.tables WHERE table_schema = $1 AND table_name = 'tag_names') AS has_names`,
      [schema],
    );
    const r = rows[0]!;
    const tsTypes = (r.ts_types ?? {}) as Record<string, string>;
    const missing = [!(r.has_names as number) && 'tag_names', !tsTypes.tag_data && 'tag_data', !tsTypes.tag_data_str && 'tag_data_str'].filter(Boolean);
    if (missing.length) {
      throw new StrataError(
        'remote_schema',
        `connection ${this.conn.name}: schema ${JSON.stringify(schema)} of ${this.conn.database} has no ${missing.join(', ')} visible to ${this.conn.user} (a CVec-style schema has tag_names, tag_data and tag_data_str)`,
        { connection: this.conn.name, schema, missing },
      );
    }
    const version = r.version as number;
    const timescale = r.timescale !== null && r.timescale !== undefined;
    const bucket: BucketFunction = timescale ? 'time_bucket' : version >= 140000 ? 'date_bin' : 'arithmetic';
    this.layout = {
      schema,
      tzaware: { float64: tsTypes.tag_data !== 'timestamp without time zone', string: tsTypes.tag_data_str !== 'timestamp without time zone' },
      bucket,
      timescale,
    };
    return this.layout;
  }

  /** Server facts for `connect test`. */
  async serverInfo(): Promise<{ version: string; timescale: string | null; user: string; tls: boolean }> {
    const r = (await this.query(`SELECT version() AS version, (SELECT extversion FROM pg_extension WHERE extname = 'timescaledb') AS timescale, current_user AS "user"`))[0]!;
    return { version: String(r.version), timescale: (r.timescale as string | null) ?? null, user: String(r.user), tls: !!this.tlsUsed };
  }

  async close(): Promise<void> {
    const p = this.pool;
    this.pool = null;
    if (p) await p.then((pool) => pool.end()).catch(() => {});
  }
}

/** Groups text lines into ~256 KiB chunks for the COPY stream. */
function* batches(lines: Iterable<string>): Generator<string> {
  let buf = '';
  for (const l of lines) {
    buf += l;
    if (buf.length >= 262_144) {
      yield buf;
      buf = '';
    }
  }
  if (buf) yield buf;
}

const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE']);

/** A driver error as a StrataError saying which connection, what Strata was doing, and what to do. */
export function translate(e: unknown, conn: ConnectionConfig, doing: string): StrataError {
  if (e instanceof StrataError) return e;
  const err = e as { code?: string; message?: string };
  const msg = err.message ?? String(e);
  const where = `connection ${conn.name} (${conn.user}@${conn.host}:${conn.port}/${conn.database})`;
  const details = { connection: conn.name, ...(err.code ? { sqlstate: err.code } : {}) };
  const code = err.code ?? '';
  if (code === '28P01' || code === '28000' || /password authentication failed|no password supplied|SASL/i.test(msg)) {
    return new StrataError('remote_auth', `${where}: authentication failed for user ${conn.user} (${msg}); give the password through $PGPASSWORD or the prompt`, details);
  }
  if (/certificate|self[- ]signed|altnames|SSL|TLS|ssl/.test(msg) && !/password/i.test(msg)) {
    return new StrataError('remote_tls', `${where}: TLS (${conn.tls.mode}) failed: ${msg}`, details);
  }
  if (code === '3D000') return new StrataError('remote_schema', `${where}: database ${conn.database} does not exist`, details);
  if (code === '42501') return new StrataError('remote_permission', `${where}: ${conn.user} may not read this (${msg})`, details);
  if (code === '42P01' || code === '3F000') return new StrataError('remote_schema', `${where}: ${msg} (is ${conn.schema} a CVec-style schema?)`, details);
  if (code === '57014') return new StrataError('remote_timeout', `${where}: the server cancelled the query after the statement timeout (${msg})`, details);
  if (UNAVAILABLE_CODES.has(code) || code.startsWith('08') || code.startsWith('57P') || /terminat|timeout|Connection ended|closed|not queryable|ECONNREFUSED/i.test(msg)) {
    const during = doing === 'connecting' ? 'cannot reach the server' : `lost the server while ${doing}`;
    return new StrataError('remote_unavailable', `${where}: ${during}: ${msg}`, details);
  }
  return new StrataError('remote_error', `${where}: ${doing} failed: ${msg}`, details);
}
