import type { Migration } from './types.js';

/**
 * Chart envelopes built at write time: per chunk, bins of 64 and of 4,096 points with their exact
 * first/last/min/max (see core/series/envelope.ts). Null for string chunks and chunks written before this
 * migration (the chart query then summarises their raw points).
 */
export const migration: Migration = {
  version: 3,
  name: 'chunk-envelopes',
  up(db) {
    db.exec('ALTER TABLE chunk ADD COLUMN env1 BLOB');
    db.exec('ALTER TABLE chunk ADD COLUMN env2 BLOB');
  },
};
