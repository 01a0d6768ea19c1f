import type { Migration } from './types.js';

/** A series' retirement date (CVec `death_at`): null while the series is alive. */
export const migration: Migration = {
  version: 2,
  name: 'series-death-at',
  up(db) {
    db.exec('ALTER TABLE series ADD COLUMN death_at INTEGER');
  },
};
