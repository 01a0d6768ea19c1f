import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { migrate, openDatabase, currentVersion, MIGRATIONS, SCHEMA_VERSION } from '../../../../core/store/index.js';
import { migration } from '../../../../core/store/migrations/0001-series-revisions-chunks.js';

describe('migration 0001 series-revisions-chunks', () => {
  it('creates the series, chunk and revision tables and sets user_version 1', () => {
    const db = openDatabase(':memory:', { migrations: [migration] });
    expect(currentVersion(db)).toBe(1);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all().map((r: any) => r.name);
    expect(tables).toEqual(['chunk', 'revision', 'series']);
    // Constraints hold: value type, one revision per insertion date, cascade on delete.
    expect(() => db.prepare("INSERT INTO series (name, value_type, tzaware, created_at) VALUES ('x', 'int', 0, 0)").run()).toThrow();
    db.prepare("INSERT INTO series (name, value_type, tzaware, created_at) VALUES ('x', 'float64', 0, 0)").run();
    const rev = db.prepare(
      "INSERT INTO revision (series_id, insertion_date, author, source, count, added, changed, deleted, manifest) VALUES (1, 5, 'a', '', 0, 0, 0, 0, x'')",
    );
    rev.run();
    expect(() => rev.run()).toThrow(/UNIQUE/);
    db.prepare('DELETE FROM series WHERE id = 1').run();
    expect((db.prepare('SELECT COUNT(*) n FROM revision').get() as { n: number }).n).toBe(0);
    db.close();
  });

  it('is applied once: reopening a migrated file changes nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'strata-mig-'));
    try {
      const path = join(dir, 's.db');
      openDatabase(path).close();
      const db = openDatabase(path);
      expect(currentVersion(db)).toBe(SCHEMA_VERSION);
      expect(migrate(db)).toBe(SCHEMA_VERSION);
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a store written by a newer Strata', () => {
    const dir = mkdtempSync(join(tmpdir(), 'strata-mig-'));
    try {
      const path = join(dir, 's.db');
      const raw = new Database(path);
      raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
      raw.close();
      expect(() => openDatabase(path)).toThrow(/newer than this Strata/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('every migration has a strictly increasing version', () => {
    MIGRATIONS.forEach((m, i) => expect(m.version).toBe(i + 1));
  });
});
