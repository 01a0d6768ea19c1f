import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Store, currentVersion, openDatabase } from '../../../../core/store/index.js';
import { migration as m1 } from '../../../../core/store/migrations/0001-series-revisions-chunks.js';
import { migration as m2 } from '../../../../core/store/migrations/0002-series-death-at.js';
import { migration as m3 } from '../../../../core/store/migrations/0003-chunk-envelopes.js';
import { migration as m4 } from '../../../../core/store/migrations/0004-workflows.js';
import { migration as m5 } from '../../../../core/store/migrations/0005-formulas.js';
import { migration as m6 } from '../../../../core/store/migrations/0006-envelope-levels.js';
import { binPoints } from '../../../../core/series/envelope.js';

describe('migration 0006 envelope-levels', () => {
  it('builds every level of existing chunks from their 64-point bins, so charts are unchanged', () => {
    const dir = mkdtempSync(join(tmpdir(), 'strata-m6-'));
    try {
      const path = join(dir, 's.db');
      // A store as version 5 wrote it: points, and 64/4,096-point bins in the chunk row.
      const n = 200_000;
      const times = Float64Array.from({ length: n }, (_, i) => 1e12 + i * 1e6);
      const values = Float64Array.from({ length: n }, (_, i) => (i === 123_456 ? 1e9 : Math.cos(i / 300)));
      const store = new Store(path, { chunkSize: 30_000 });
      store.update('x', { tzaware: true, valueType: 'float64', times, values }, { insertionDate: 1 });
      store.update('s', { tzaware: true, valueType: 'string', times: Float64Array.of(5), values: ['on'] }, { insertionDate: 1 });
      const want = [null, 10, 700].map((w) => store.chart('x', { width: w ?? 3 }));
      const windowed = store.chart('x', { from: times[1000]!, to: times[190_000]!, width: 50 });
      store.close();

      const db = openDatabase(path, { migrations: [m1, m2, m3, m4, m5, m6] });
      const chunks = db.prepare("SELECT c.id, c.count, c.times, c.vals FROM chunk c JOIN series s ON s.id = c.series_id WHERE s.value_type = 'float64'").all() as { id: number; count: number; times: Buffer; vals: Buffer }[];
      for (const c of chunks) {
        const t = new Float64Array(c.count);
        const v = new Float64Array(c.count);
        for (let i = 0; i < c.count; i++) {
          t[i] = Number(c.times.readBigInt64LE(i * 8));
          v[i] = c.vals.readDoubleLE(i * 8);
        }
        const l64 = binPoints(t, v, 0, c.count, 64).packed();
        const l4096 = binPoints(t, v, 0, c.count, 4096).packed();
        db.prepare('UPDATE chunk SET env1 = ?, env2 = ? WHERE id = ?').run(Buffer.from(l64.buffer), Buffer.from(l4096.buffer), c.id);
      }
      db.exec('DROP TABLE chunk_envelope');
      // Back to version 5: what later migrations added goes too (they run again on reopening).
      db.exec('DROP TABLE IF EXISTS remote_cache; DROP TABLE IF EXISTS connection;');
      db.pragma('user_version = 5');
      db.close();

      const migrated = new Store(path);
      expect(currentVersion(migrated.db)).toBeGreaterThanOrEqual(6);
      expect((migrated.db.prepare('SELECT COUNT(*) AS n FROM chunk_envelope').get() as { n: number }).n).toBe(chunks.length);
      expect([null, 10, 700].map((w) => migrated.chart('x', { width: w ?? 3 }))).toEqual(want);
      expect(migrated.chart('x', { from: times[1000]!, to: times[190_000]!, width: 50 })).toEqual(windowed);
      // New writes get their levels as they are written; deleting the series deletes them.
      migrated.update('x', { tzaware: true, valueType: 'float64', times: Float64Array.of(2e12), values: Float64Array.of(-5) });
      expect((migrated.db.prepare('SELECT COUNT(*) AS n FROM chunk_envelope').get() as { n: number }).n).toBeGreaterThan(chunks.length - 1);
      migrated.delete('x');
      expect((migrated.db.prepare('SELECT COUNT(*) AS n FROM chunk_envelope').get() as { n: number }).n).toBe(0);
      migrated.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
