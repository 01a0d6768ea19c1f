import type { Migration } from './types.js';

/**
 * Workflows (processing graphs), their cached node outputs and the last run state of each node.
 * Outputs are content-addressed by cache key (a hash of op, op version, config and input keys), so they
 * survive restarts and are shared by every workflow computing the same thing; a frame is an Arrow IPC
 * stream and carries its lineage (inputs and their revisions, op, config) as JSON.
 */
export const migration: Migration = {
  version: 4,
  name: 'workflows',
  up(db) {
    db.exec(`
      CREATE TABLE workflow (
        name        TEXT PRIMARY KEY,
        definition  TEXT NOT NULL,
        saved_at    INTEGER NOT NULL
      );

      CREATE TABLE workflow_node_state (
        workflow     TEXT NOT NULL REFERENCES workflow(name) ON DELETE CASCADE ON UPDATE CASCADE,
        node         TEXT NOT NULL,
        status       TEXT NOT NULL CHECK (status IN ('ran', 'cached', 'failed', 'skipped')),
        cache_key    TEXT,
        error        TEXT,
        seconds      REAL NOT NULL,
        finished_at  INTEGER NOT NULL,
        PRIMARY KEY (workflow, node)
      );

      CREATE TABLE node_output (
        cache_key   TEXT PRIMARY KEY,
        op          TEXT NOT NULL,
        op_version  INTEGER NOT NULL,
        index_kind  TEXT NOT NULL CHECK (index_kind IN ('time', 'frequency')),
        rows        INTEGER NOT NULL,
        frame       BLOB NOT NULL,
        lineage     TEXT NOT NULL,
        created_at  INTEGER NOT NULL,
        used_at     INTEGER NOT NULL
      );
      CREATE INDEX node_output_by_use ON node_output(used_at);
      CREATE INDEX node_state_by_key ON workflow_node_state(cache_key);
    `);
  },
};
