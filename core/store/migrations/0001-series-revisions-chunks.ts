import type { Migration } from './types.js';

/**
 * Series, their revisions and the columnar chunks that hold their points.
 * A revision's state is its manifest: the ordered list of chunks (with their time ranges) that make up
 * the whole series as known at its insertion date. Chunks are immutable and shared between revisions
 * (copy-on-write), so a write stores only the chunks its change touched, and any state — latest or old —
 * is read from its manifest without replaying revisions.
 */
export const migration: Migration = {
  version: 1,
  name: 'series-revisions-chunks',
  up(db) {
    db.exec(`
      CREATE TABLE series (
        id          INTEGER PRIMARY KEY,
        name        TEXT NOT NULL UNIQUE,
        kind        TEXT NOT NULL DEFAULT 'primary' CHECK (kind IN ('primary', 'formula')),
        value_type  TEXT NOT NULL CHECK (value_type IN ('float64', 'string')),
        tzaware     INTEGER NOT NULL CHECK (tzaware IN (0, 1)),
        unit        TEXT NOT NULL DEFAULT '',
        metadata    TEXT NOT NULL DEFAULT '{}',
        created_at  INTEGER NOT NULL
      );

      CREATE TABLE chunk (
        id         INTEGER PRIMARY KEY,
        series_id  INTEGER NOT NULL REFERENCES series(id) ON DELETE CASCADE,
        count      INTEGER NOT NULL,
        first_ts   INTEGER NOT NULL,
        last_ts    INTEGER NOT NULL,
        codec      TEXT NOT NULL,
        times      BLOB NOT NULL,
        vals       BLOB NOT NULL
      );
      CREATE INDEX chunk_by_series ON chunk(series_id);

      CREATE TABLE revision (
        id              INTEGER PRIMARY KEY,
        series_id       INTEGER NOT NULL REFERENCES series(id) ON DELETE CASCADE,
        insertion_date  INTEGER NOT NULL,
        author          TEXT NOT NULL,
        source          TEXT NOT NULL,
        metadata        TEXT NOT NULL DEFAULT '{}',
        count           INTEGER NOT NULL,
        first_ts        INTEGER,
        last_ts         INTEGER,
        added           INTEGER NOT NULL,
        changed         INTEGER NOT NULL,
        deleted         INTEGER NOT NULL,
        diff_first      INTEGER,
        diff_last       INTEGER,
        manifest        BLOB NOT NULL,
        UNIQUE (series_id, insertion_date)
      );
    `);
  },
};
