import { describe, expect, it } from 'vitest';
import { currentVersion, openDatabase } from '../../../../core/store/index.js';
import { migration as m1 } from '../../../../core/store/migrations/0001-series-revisions-chunks.js';
import { migration as m2 } from '../../../../core/store/migrations/0002-series-death-at.js';
import { migration as m3 } from '../../../../core/store/migrations/0003-chunk-envelopes.js';

describe('migration 0003 chunk-envelopes', () => {
  it('adds nullable env1/env2 blobs to chunks, keeping existing chunks', () => {
    const db = openDatabase(':memory:', { migrations: [m1, m2] });
    db.prepare("INSERT INTO series (name, value_type, tzaware, created_at) VALUES ('x', 'float64', 1, 7)").run();
    db.prepare("INSERT INTO chunk (series_id, count, first_ts, last_ts, codec, times, vals) VALUES (1, 1, 5, 5, 'raw1', x'00', x'00')").run();
    db.transaction(() => {
      m3.up(db);
      db.pragma('user_version = 3');
    })();
    expect(currentVersion(db)).toBe(3);
    expect(db.prepare('SELECT count, env1, env2 FROM chunk').get()).toEqual({ count: 1, env1: null, env2: null });
    db.close();
  });
});
