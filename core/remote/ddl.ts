import { quoteIdent } from './sql.js';

/**
 * The CVec layout (as the CVec SDK documents it): `tag_names`, numeric `tag_data`, text `tag_data_str` and
 * the `metrics` view joining them, plus the (tag, time) indexes every read here relies on. `IF NOT EXISTS`
 * throughout, so creating it over an existing schema changes nothing there. The schema itself must exist
 * (creating one needs a privilege a tenant role rarely has; see `createSchemaSql`).
 */
export function cvecLayoutSql(schema: string, opts: { tzaware?: boolean } = {}): string {
  const s = quoteIdent(schema);
  const ts = opts.tzaware === false ? 'TIMESTAMP' : 'TIMESTAMPTZ';
  return `CREATE TABLE IF NOT EXISTS ${s}.tag_names (
  id SERIAL PRIMARY KEY,
  normalized_name VARCHAR NOT NULL,
  birth_at TIMESTAMPTZ NULL,
  death_at TIMESTAMPTZ NULL
);
CREATE TABLE IF NOT EXISTS ${s}.tag_data (
  tag_name_id INTEGER NOT NULL,
  tag_value_changed_at ${ts},
  tag_value DOUBLE PRECISION
);
CREATE TABLE IF NOT EXISTS ${s}.tag_data_str (
  tag_name_id INTEGER NOT NULL,
  tag_value_changed_at ${ts} NOT NULL,
  tag_value TEXT
);
CREATE INDEX IF NOT EXISTS tag_names_by_name ON ${s}.tag_names (normalized_name);
CREATE INDEX IF NOT EXISTS tag_data_by_tag_time ON ${s}.tag_data (tag_name_id, tag_value_changed_at);
CREATE INDEX IF NOT EXISTS tag_data_str_by_tag_time ON ${s}.tag_data_str (tag_name_id, tag_value_changed_at);
CREATE OR REPLACE VIEW ${s}.metrics AS
  SELECT td.tag_value AS value, td.tag_value_changed_at AS "time", tn.normalized_name AS metric
  FROM ${s}.tag_data td JOIN ${s}.tag_names tn ON td.tag_name_id = tn.id;`;
}

export function createSchemaSql(schema: string): string {
  return `CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`;
}
