import type { Migration } from './types.js';

/**
 * Formula series: the text of each `series` row of kind `formula`. The formula's data is never stored —
 * it is computed from its inputs at read time, so its history is theirs — hence one row per formula, keyed
 * by its series row so that renaming keeps the text and deleting the series deletes it.
 */
export const migration: Migration = {
  version: 5,
  name: 'formulas',
  up(db) {
    db.exec(`
      CREATE TABLE formula (
        series_id   INTEGER PRIMARY KEY REFERENCES series(id) ON DELETE CASCADE,
        text        TEXT NOT NULL,
        updated_at  INTEGER NOT NULL
      );
    `);
  },
};
