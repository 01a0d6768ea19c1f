import { describe, expect, it } from 'vitest';
import { currentVersion, openDatabase } from '../../../../core/store/index.js';
import { migration as m1 } from '../../../../core/store/migrations/0001-series-revisions-chunks.js';
import { migration as m2 } from '../../../../core/store/migrations/0002-series-death-at.js';

describe('migration 0002 series-death-at', () => {
  it('adds a nullable death_at to existing series without touching them', () => {
    const db = openDatabase(':memory:', { migrations: [m1] });
    db.prepare("INSERT INTO series (name, value_type, tzaware, created_at) VALUES ('x', 'float64', 1, 7)").run();
    db.transaction(() => {
      m2.up(db);
      db.pragma('user_version = 2');
    })();
    expect(currentVersion(db)).toBe(2);
    expect(db.prepare('SELECT name, created_at, death_at FROM series').get()).toEqual({ name: 'x', created_at: 7, death_at: null });
    db.prepare('UPDATE series SET death_at = 9').run();
    expect((db.prepare('SELECT death_at FROM series').get() as { death_at: number }).death_at).toBe(9);
    db.close();
  });
});
