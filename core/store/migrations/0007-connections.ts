import type { Migration } from './types.js';

/**
 * PostgreSQL / TimescaleDB connections and the local cache of what was fetched from them (core/remote).
 * A connection holds where to connect and how (TLS), never a password in plain text: `secret` is either
 * null (the CLI asks $PGPASSWORD or a prompt each time) or a blob sealed by the desktop app's keychain
 * (Electron safeStorage). Its tags are read-only series named `<connection>/<tag>`, so a connection name
 * has no `/`.
 *
 * `remote_cache` keeps fetched results (value windows, chart envelopes, spans, bucketed aggregates, the tag
 * list), keyed by connection, tag, kind and request; each with the fingerprint of the remote data it was
 * built from, so it is reused while that fingerprint holds, and served (flagged) when the server is away.
 */
export const migration: Migration = {
  version: 7,
  name: 'connections',
  up(db) {
    db.exec(`
      CREATE TABLE connection (
        name        TEXT PRIMARY KEY CHECK (length(name) > 0 AND instr(name, '/') = 0),
        host        TEXT NOT NULL,
        port        INTEGER NOT NULL CHECK (port BETWEEN 1 AND 65535),
        database    TEXT NOT NULL,
        schema      TEXT NOT NULL,
        user        TEXT NOT NULL,
        tls         TEXT NOT NULL DEFAULT '{"mode":"prefer"}',
        secret      BLOB,
        created_at  INTEGER NOT NULL,
        updated_at  INTEGER NOT NULL
      );

      CREATE TABLE remote_cache (
        connection   TEXT NOT NULL REFERENCES connection(name) ON DELETE CASCADE ON UPDATE CASCADE,
        tag          TEXT NOT NULL,
        kind         TEXT NOT NULL,
        request      TEXT NOT NULL,
        fingerprint  TEXT NOT NULL,
        lsn          TEXT,
        fetched_at   INTEGER NOT NULL,
        used_at      INTEGER NOT NULL,
        bytes        INTEGER NOT NULL,
        payload      BLOB NOT NULL,
        PRIMARY KEY (connection, tag, kind, request)
      );
      CREATE INDEX remote_cache_by_use ON remote_cache(used_at);
    `);
  },
};
