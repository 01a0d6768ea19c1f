import { describe, expect, it } from 'vitest';
import { currentVersion, openDatabase } from '../../../../core/store/index.js';
import { migration as m1 } from '../../../../core/store/migrations/0001-series-revisions-chunks.js';
import { migration as m2 } from '../../../../core/store/migrations/0002-series-death-at.js';
import { migration as m3 } from '../../../../core/store/migrations/0003-chunk-envelopes.js';
import { migration as m4 } from '../../../../core/store/migrations/0004-workflows.js';
import { migration as m5 } from '../../../../core/store/migrations/0005-formulas.js';

describe('migration 0005 formulas', () => {
  it('adds the formula table to an existing store; texts follow renames and go with their series', () => {
    const db = openDatabase(':memory:', { migrations: [m1, m2, m3, m4] });
    db.prepare("INSERT INTO series (name, value_type, tzaware, created_at) VALUES ('x', 'float64', 1, 7)").run();
    db.transaction(() => {
      m5.up(db);
      db.pragma('user_version = 5');
    })();
    expect(currentVersion(db)).toBe(5);
    expect((db.prepare('SELECT name FROM series').get() as { name: string }).name).toBe('x');

    const id = Number(db.prepare("INSERT INTO series (name, kind, value_type, tzaware, created_at) VALUES ('f', 'formula', 'float64', 1, 8)").run().lastInsertRowid);
    db.prepare('INSERT INTO formula (series_id, text, updated_at) VALUES (?, ?, 9)').run(id, '(series "x")');
    expect(() => db.prepare('INSERT INTO formula (series_id, text, updated_at) VALUES (?, ?, 9)').run(id, '(series "y")')).toThrow(/UNIQUE|PRIMARY/);
    // A formula needs its series row.
    expect(() => db.prepare('INSERT INTO formula (series_id, text, updated_at) VALUES (999, ?, 9)').run('(series "x")')).toThrow(/FOREIGN KEY/);
    db.prepare("UPDATE series SET name = 'g' WHERE id = ?").run(id);
    expect(db.prepare('SELECT s.name, f.text FROM formula f JOIN series s ON s.id = f.series_id').get()).toEqual({ name: 'g', text: '(series "x")' });
    db.prepare('DELETE FROM series WHERE id = ?').run(id);
    expect((db.prepare('SELECT COUNT(*) n FROM formula').get() as { n: number }).n).toBe(0);
    db.close();
  });
});
