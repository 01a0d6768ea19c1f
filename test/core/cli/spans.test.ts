import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { cli, tempDir } from '../../helpers/cli.js';

let t: { dir: string; cleanup(): void };
let db: string;
beforeEach(async () => {
  t = tempDir();
  db = join(t.dir, 's.db');
  await cli(['series', 'put', 'a', '-', '--db', db], { stdin: JSON.stringify([['2024-01-01T00:00:00Z', 1], ['2024-01-01T00:30:00Z', 3], ['2024-01-01T01:00:00Z', 3], ['2024-01-01T02:15:00Z', 5]]) });
  await cli(['series', 'put', 'b', '-', '--db', db], { stdin: JSON.stringify([['2024-01-01T00:10:00Z', 'on'], ['2024-01-01T01:10:00Z', 'off']]) });
});
afterEach(() => t.cleanup());

describe('strata spans / tags / metrics', () => {
  it('spans --json: newest first, open newest span, window and limit', async () => {
    const r = await cli(['spans', 'a', '--db', db, '--json']);
    expect(r.json()).toEqual([
      { name: 'a', value: 5, begin: '2024-01-01T02:15:00Z', end: null },
      { name: 'a', value: 3, begin: '2024-01-01T00:30:00Z', end: '2024-01-01T02:15:00Z' },
      { name: 'a', value: 1, begin: '2024-01-01T00:00:00Z', end: '2024-01-01T00:30:00Z' },
    ]);
    const w = await cli(['spans', 'a', '--db', db, '--json', '--from', '2024-01-01T00:30:00Z', '--to', '2024-01-01T02:15:00Z', '--limit', '5']);
    expect(w.json()).toEqual([{ name: 'a', value: 3, begin: '2024-01-01T00:30:00Z', end: null }]);
    expect((await cli(['spans', 'a', '--db', db, '--json', '--limit', '1'])).json()).toHaveLength(1);
    expect((await cli(['spans', 'a', '--db', db, '--limit', 'x'])).code).toBe(2);
    expect((await cli(['spans', 'zz', '--db', db, '--json'])).code).toBe(1);
  });

  it('spans of a formula series', async () => {
    expect((await cli(['formula', 'register', 'twice', '(* 2 (series "a"))', '--db', db])).code).toBe(0);
    expect((await cli(['spans', 'twice', '--db', db, '--json'])).json()).toEqual([
      { name: 'twice', value: 10, begin: '2024-01-01T02:15:00Z', end: null },
      { name: 'twice', value: 6, begin: '2024-01-01T00:30:00Z', end: '2024-01-01T02:15:00Z' },
      { name: 'twice', value: 2, begin: '2024-01-01T00:00:00Z', end: '2024-01-01T00:30:00Z' },
    ]);
  });

  it('tags and series retire', async () => {
    expect((await cli(['tags', '--db', db, '--json'])).json()).toEqual([
      { name: 'a', birth_at: '2024-01-01T00:00:00Z', death_at: null },
      { name: 'b', birth_at: '2024-01-01T00:10:00Z', death_at: null },
    ]);
    expect((await cli(['series', 'retire', 'b', '--at', '2024-03-01T00:00:00Z', '--db', db])).code).toBe(0);
    expect((await cli(['tags', '--db', db, '--json', '--from', '2024-01-01T01:00:00Z'])).json()).toEqual([
      { name: 'a', birth_at: '2024-01-01T00:00:00Z', death_at: null },
      { name: 'b', birth_at: '2024-01-01T00:10:00Z', death_at: '2024-03-01T00:00:00Z' },
    ]);
    expect((await cli(['tags', '--db', db, '--json', '--from', '2024-01-01T01:30:00Z', '--to', '2024-01-01T02:00:00Z'])).json()).toEqual([]);
    await cli(['series', 'retire', 'b', '--undo', '--db', db]);
    expect((await cli(['series', 'info', 'b', '--db', db, '--json'])).json().death_at).toBeNull();
  });

  it('metrics --json and metrics sample --json', async () => {
    const m = await cli(['metrics', '--db', db, '--json', '--tags', 'a,b', '--from', '2024-01-01T00:10:00Z', '--to', '2024-01-01T01:00:00Z']);
    expect(m.json()).toEqual([
      { tag_name: 'b', time: '2024-01-01T00:10:00Z', value: 'on' },
      { tag_name: 'a', time: '2024-01-01T00:30:00Z', value: 3 },
    ]);
    const s = await cli(['metrics', 'sample', '--bucket', '1h', '--db', db, '--json', '--from', '2024-01-01T00:00:00Z', '--to', '2024-01-01T03:00:00Z']);
    expect(s.json()).toEqual({
      bucket: '1h',
      time: ['2024-01-01T00:00:00Z', '2024-01-01T01:00:00Z', '2024-01-01T02:00:00Z'],
      tags: { a: [2, 3, 4.5], b: ['on', 'off', 'off'] },
    });
    expect((await cli(['metrics', 'sample', '--db', db, '--json'])).code).toBe(2);
    expect((await cli(['metrics', 'sample', '--bucket', '0s', '--db', db])).code).toBe(2);
    expect((await cli(['metrics', '--tags', 'nope', '--db', db, '--json'])).json().error.code).toBe('unknown_series');
  });
});
