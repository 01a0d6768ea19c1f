import { BIN_FIELDS, coarsenBins } from '../../series/envelope.js';
import type { Migration } from './types.js';

/**
 * Chart envelopes in their own table, at four levels (bins of 32,768, 4,096, 512 and 64 points), one row
 * per float chunk. In the chunk row (0003) they sat after the points' blobs, so reading even the small
 * coarse level walked the whole overflow chain of the chunk; here the coarse levels come first and are a
 * few KB. Existing chunks get their levels from their stored 64-point bins (exact, without the points);
 * the old env1/env2 columns are no longer written or read (dropping them would rewrite every chunk).
 */
export const migration: Migration = {
  version: 6,
  name: 'envelope-levels',
  up(db) {
    db.exec(`
      CREATE TABLE chunk_envelope (
        chunk_id  INTEGER PRIMARY KEY REFERENCES chunk(id) ON DELETE CASCADE,
        l32768    BLOB NOT NULL,
        l4096     BLOB NOT NULL,
        l512      BLOB NOT NULL,
        l64       BLOB NOT NULL
      );
    `);
    const insert = db.prepare('INSERT INTO chunk_envelope (chunk_id, l32768, l4096, l512, l64) VALUES (?, ?, ?, ?, ?)');
    const env1 = db.prepare<[number], { env1: Buffer }>('SELECT env1 FROM chunk WHERE id = ?');
    // Ids first: the connection cannot write while a query is being iterated.
    const ids = db.prepare('SELECT id FROM chunk WHERE env1 IS NOT NULL ORDER BY id').pluck().all() as number[];
    for (const id of ids) {
      const bins = env1.get(id)!.env1;
      if (bins.byteLength === 0 || bins.byteLength % (BIN_FIELDS * 8) !== 0) continue; // not bins: left to the raw fallback
      const l64 = new Float64Array(bins.byteLength / 8);
      new Uint8Array(l64.buffer).set(bins);
      const l512 = coarsenBins(l64, 8);
      const l4096 = coarsenBins(l512, 8);
      const l32768 = coarsenBins(l4096, 8);
      insert.run(id, blob(l32768), blob(l4096), blob(l512), blob(l64));
    }
  },
};

function blob(a: Float64Array): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}
