// The only place that opens SQLite: a Node-only module (better-sqlite3 is native); the renderer never imports it.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { StrataError } from '../base/errors.js';
import { MIGRATIONS, SCHEMA_VERSION, type Migration } from './migrations/index.js';

export type SqliteDatabase = Database.Database;

export interface OpenOptions {
  readonly?: boolean;
  /** Migrations to apply (tests pass a prefix of the list); defaults to all. */
  migrations?: readonly Migration[];
}

/**
 * Opens (creating when missing) a store database: WAL journal, foreign keys on, a busy timeout for
 * concurrent CLI + app use, and migrations applied up to the current schema version.
 */
/** Pages (16 KiB) past which SQLite checkpoints on commit anyway: 128 MiB. */
const WAL_BACKSTOP_PAGES = 8192;

export function openDatabase(path: string, opts: OpenOptions = {}): SqliteDatabase {
  if (path !== ':memory:' && !opts.readonly) mkdirSync(dirname(path), { recursive: true });
  let db: SqliteDatabase;
  try {
    db = new Database(path, { readonly: !!opts.readonly, fileMustExist: !!opts.readonly });
  } catch (e) {
    throw new StrataError('io', `cannot open store ${path}: ${(e as Error).message}`, { path });
  }
  try {
    // Page size only takes effect before the first table exists (and before WAL); 16 KiB pages suit
    // chunk blobs of hundreds of KB while keeping small metadata writes cheap.
    if (!opts.readonly && currentVersion(db) === 0) db.pragma('page_size = 16384');
    if (!opts.readonly) db.pragma('journal_mode = WAL');
    // The Store checkpoints the WAL itself, soon after its write transactions (Store.transaction), so a
    // write's commit does not also pay for copying its pages into the database file (for a 1M-point
    // import about as long as the commit itself). SQLite's own checkpoint stays as a backstop for a WAL
    // grown past 128 MiB by other writers; closing the last connection checkpoints too.
    if (!opts.readonly) db.pragma(`wal_autocheckpoint = ${WAL_BACKSTOP_PAGES}`);
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    db.pragma('cache_size = -65536');
    // Memory-mapped reads let big chunk blobs be copied straight from the OS page cache.
    db.pragma('mmap_size = 1073741824');
    if (!opts.readonly) migrate(db, opts.migrations ?? MIGRATIONS);
    else checkVersion(db, path);
  } catch (e) {
    db.close();
    throw e;
  }
  return db;
}

export function currentVersion(db: SqliteDatabase): number {
  return db.pragma('user_version', { simple: true }) as number;
}

function checkVersion(db: SqliteDatabase, path: string): void {
  const v = currentVersion(db);
  if (v > SCHEMA_VERSION) {
    throw new StrataError(
      'schema_too_new',
      `store ${path} has schema version ${v}, newer than this Strata understands (${SCHEMA_VERSION}); update Strata`,
      { path, version: v },
    );
  }
}

/** Applies pending migrations, each in its own transaction together with its `user_version` bump. */
export function migrate(db: SqliteDatabase, migrations: readonly Migration[] = MIGRATIONS): number {
  const from = currentVersion(db);
  checkVersion(db, db.name);
  for (const m of migrations) {
    if (m.version <= from) continue;
    db.transaction(() => {
      m.up(db);
      db.pragma(`user_version = ${m.version | 0}`);
    }).immediate();
  }
  return currentVersion(db);
}
