import { describe, expect, it } from 'vitest';
import { currentVersion, openDatabase } from '../../../../core/store/index.js';
import { migration as m1 } from '../../../../core/store/migrations/0001-series-revisions-chunks.js';
import { migration as m2 } from '../../../../core/store/migrations/0002-series-death-at.js';
import { migration as m3 } from '../../../../core/store/migrations/0003-chunk-envelopes.js';
import { migration as m4 } from '../../../../core/store/migrations/0004-workflows.js';

describe('migration 0004 workflows', () => {
  it('adds workflow, node state and node output tables to an existing store without touching series', () => {
    const db = openDatabase(':memory:', { migrations: [m1, m2, m3] });
    db.prepare("INSERT INTO series (name, value_type, tzaware, created_at) VALUES ('x', 'float64', 1, 7)").run();
    db.transaction(() => {
      m4.up(db);
      db.pragma('user_version = 4');
    })();
    expect(currentVersion(db)).toBe(4);
    expect((db.prepare('SELECT name FROM series').get() as { name: string }).name).toBe('x');
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all().map((r: any) => r.name);
    expect(tables).toEqual(expect.arrayContaining(['workflow', 'workflow_node_state', 'node_output']));

    db.prepare("INSERT INTO workflow (name, definition, saved_at) VALUES ('wf', '{}', 1)").run();
    const state = db.prepare("INSERT INTO workflow_node_state (workflow, node, status, cache_key, seconds, finished_at) VALUES ('wf', ?, ?, NULL, 0, 1)");
    state.run('a', 'ran');
    expect(() => state.run('b', 'exploded')).toThrow(/CHECK/);
    expect(() => state.run('a', 'ran')).toThrow(/UNIQUE|PRIMARY/);
    // A node state belongs to its workflow: renaming follows, deleting cascades.
    db.prepare("UPDATE workflow SET name = 'wf2' WHERE name = 'wf'").run();
    expect((db.prepare('SELECT workflow FROM workflow_node_state').get() as { workflow: string }).workflow).toBe('wf2');
    db.prepare("DELETE FROM workflow WHERE name = 'wf2'").run();
    expect((db.prepare('SELECT COUNT(*) n FROM workflow_node_state').get() as { n: number }).n).toBe(0);

    const out = db.prepare(
      "INSERT INTO node_output (cache_key, op, op_version, index_kind, rows, frame, lineage, created_at, used_at) VALUES ('k', 'fft', 1, ?, 0, x'', '{}', 1, 1)",
    );
    expect(() => out.run('spectral')).toThrow(/CHECK/);
    out.run('frequency');
    db.close();
  });
});
