import { describe, expect, it } from 'vitest';
import { currentVersion, openDatabase } from '../../../../core/store/index.js';
import { migration as m1 } from '../../../../core/store/migrations/0001-series-revisions-chunks.js';
import { migration as m2 } from '../../../../core/store/migrations/0002-series-death-at.js';
import { migration as m3 } from '../../../../core/store/migrations/0003-chunk-envelopes.js';
import { migration as m4 } from '../../../../core/store/migrations/0004-workflows.js';
import { migration as m5 } from '../../../../core/store/migrations/0005-formulas.js';
import { migration as m6 } from '../../../../core/store/migrations/0006-envelope-levels.js';
import { migration as m7 } from '../../../../core/store/migrations/0007-connections.js';

describe('migration 0007 connections', () => {
  it('adds connections and their cache to an existing store; the cache goes with its connection', () => {
    const db = openDatabase(':memory:', { migrations: [m1, m2, m3, m4, m5, m6] });
    db.prepare("INSERT INTO series (name, value_type, tzaware, created_at) VALUES ('x', 'float64', 1, 7)").run();
    db.transaction(() => {
      m7.up(db);
      db.pragma('user_version = 7');
    })();
    expect(currentVersion(db)).toBe(7);
    expect((db.prepare('SELECT name FROM series').get() as { name: string }).name).toBe('x');

    const add = db.prepare("INSERT INTO connection (name, host, port, database, schema, user, created_at, updated_at) VALUES (?, 'h', ?, 'd', 's', 'u', 1, 1)");
    add.run('plant', 5432);
    expect(JSON.parse((db.prepare('SELECT tls FROM connection').get() as { tls: string }).tls)).toEqual({ mode: 'prefer' });
    // A name is a series prefix: no slash; ports are ports.
    expect(() => add.run('a/b', 5432)).toThrow(/CHECK/);
    expect(() => add.run('big', 70000)).toThrow(/CHECK/);
    expect(() => add.run('plant', 5432)).toThrow(/UNIQUE|PRIMARY/);
    // Passwords have no column; only an opaque sealed blob may be kept.
    const cols = (db.prepare('PRAGMA table_info(connection)').all() as { name: string }[]).map((c) => c.name);
    expect(cols).not.toContain('password');
    expect(cols).toContain('secret');

    const cache = db.prepare("INSERT INTO remote_cache (connection, tag, kind, request, fingerprint, fetched_at, used_at, bytes, payload) VALUES (?, 't', 'points', '{}', 'fp', 1, 1, 1, x'00')");
    cache.run('plant');
    expect(() => cache.run('nope')).toThrow(/FOREIGN KEY/);
    db.prepare("UPDATE connection SET name = 'site' WHERE name = 'plant'").run();
    expect((db.prepare('SELECT connection FROM remote_cache').get() as { connection: string }).connection).toBe('site');
    db.prepare("DELETE FROM connection WHERE name = 'site'").run();
    expect((db.prepare('SELECT COUNT(*) n FROM remote_cache').get() as { n: number }).n).toBe(0);
    db.close();
  });
});
