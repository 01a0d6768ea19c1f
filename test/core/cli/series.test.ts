import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { cli, tempDir, writeInput } from '../../helpers/cli.js';
import { resolveStorePath, userDataDir } from '../../../core/cli/index.js';

let t: { dir: string; cleanup(): void };
let db: string;
beforeEach(() => {
  t = tempDir();
  db = join(t.dir, 'store.db');
});
afterEach(() => t.cleanup());

function file(name: string, content: unknown): string {
  return writeInput(t.dir, name, content);
}

describe('strata series put/get', () => {
  it('writes a revision and reads it back as JSON', async () => {
    const put = await cli(['series', 'put', 'temp', file('a.json', [['2024-01-01T00:00:00Z', 1.5], ['2024-01-02T00:00:00Z', 2]]), '--db', db, '--insertion-date', '2025-01-01T00:00:00Z', '--unit', 'degC']);
    expect(put.code).toBe(0);
    expect(put.stdout.split('\n')[0]).toBe('2025-01-01T00:00:00Z');
    const get = await cli(['series', 'get', 'temp', '--db', db, '--json']);
    expect(get.code).toBe(0);
    expect(get.json()).toEqual({ name: 'temp', points: [['2024-01-01T00:00:00Z', 1.5], ['2024-01-02T00:00:00Z', 2]] });
  });

  it('says when an update changes nothing', async () => {
    const f = file('a.json', [['2024-01-01', 1]]);
    await cli(['series', 'put', 'a', f, '--db', db]);
    const again = await cli(['series', 'put', 'a', f, '--db', db]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/no change to a: no revision created/);
    const j = await cli(['series', 'put', 'a', f, '--db', db, '--json']);
    expect(j.json()).toEqual({ name: 'a', revision: null, added: 0, changed: 0, deleted: 0 });
  });

  it('reads points from stdin, and CSV files', async () => {
    const r = await cli(['series', 'put', 'a', '-', '--db', db], { stdin: '[["2024-01-01", 1]]' });
    expect(r.code).toBe(0);
    const c = await cli(['series', 'put', 'a', file('p.csv', 'timestamp,value\n2024-01-02,2\n2024-01-01,\n'), '--db', db]);
    expect(c.code).toBe(0);
    expect((await cli(['series', 'get', 'a', '--db', db, '--json'])).json().points).toEqual([['2024-01-02T00:00:00', 2]]);
    const s = await cli(['series', 'put', 'st', file('s.csv', '2024-01-01T00:00:00Z,"on, really"\n2024-01-02T00:00:00Z,off\n'), '--db', db]);
    expect(s.code).toBe(0);
    const csv = await cli(['series', 'get', 'st', '--db', db, '--csv']);
    expect(csv.stdout).toBe('timestamp,value\n2024-01-01T00:00:00Z,"on, really"\n2024-01-02T00:00:00Z,off\n');
  });

  it('--replace sets the whole state; --revision-date reads the past; --from/--to are inclusive', async () => {
    await cli(['series', 'put', 'a', file('1.json', [['2024-01-01', 1], ['2024-01-02', 2], ['2024-01-03', 3]]), '--db', db, '--insertion-date', '2025-01-01Z']);
    await cli(['series', 'put', 'a', file('2.json', [['2024-01-02', 20]]), '--db', db, '--insertion-date', '2025-01-02Z', '--replace']);
    expect((await cli(['series', 'get', 'a', '--db', db, '--json'])).json().points).toEqual([['2024-01-02T00:00:00', 20]]);
    const old = await cli(['series', 'get', 'a', '--db', db, '--json', '--revision-date', '2025-01-01T12:00:00Z', '--from', '2024-01-02', '--to', '2024-01-03']);
    expect(old.json().points).toEqual([['2024-01-02T00:00:00', 2], ['2024-01-03T00:00:00', 3]]);
  });

  it('history, staircase, insertion-dates, list, info, rename, delete', async () => {
    await cli(['series', 'put', 'f', file('1.json', [['2025-01-02T00:00:00Z', 1], ['2025-01-03T00:00:00Z', 1]]), '--db', db, '--insertion-date', '2025-01-01T00:00:00Z', '--author', 'ana']);
    await cli(['series', 'put', 'f', file('2.json', [['2025-01-03T00:00:00Z', 2]]), '--db', db, '--insertion-date', '2025-01-02T00:00:00Z']);
    const h = (await cli(['series', 'history', 'f', '--db', db, '--json'])).json();
    expect(h.name).toBe('f');
    expect(h.versions.map((v: any) => [v.insertion_date, v.points])).toEqual([
      ['2025-01-01T00:00:00Z', [['2025-01-02T00:00:00Z', 1], ['2025-01-03T00:00:00Z', 1]]],
      ['2025-01-02T00:00:00Z', [['2025-01-02T00:00:00Z', 1], ['2025-01-03T00:00:00Z', 2]]],
    ]);
    expect(h.versions[0].author).toBe('ana');
    const h2 = (await cli(['series', 'history', 'f', '--db', db, '--json', '--from-insertion-date', '2025-01-01T12:00:00Z'])).json();
    expect(h2.versions).toHaveLength(1);
    expect((await cli(['series', 'staircase', 'f', '--delta', '1d', '--db', db, '--json'])).json()).toEqual({
      name: 'f',
      points: [['2025-01-02T00:00:00Z', 1], ['2025-01-03T00:00:00Z', 2]],
    });
    expect((await cli(['series', 'staircase', 'f', '--delta', 'PT36H', '--db', db, '--json'])).json().points).toEqual([['2025-01-03T00:00:00Z', 1]]);
    expect((await cli(['series', 'insertion-dates', 'f', '--db', db, '--json'])).json()).toEqual(['2025-01-01T00:00:00Z', '2025-01-02T00:00:00Z']);
    expect((await cli(['series', 'list', '--db', db, '--json'])).json()).toEqual([
      { name: 'f', kind: 'primary', value_type: 'float64', tzaware: true, unit: '', count: 2, first: '2025-01-02T00:00:00Z', last: '2025-01-03T00:00:00Z' },
    ]);
    const info = (await cli(['series', 'info', 'f', '--db', db, '--json'])).json();
    expect(info).toMatchObject({ name: 'f', revisions: 2, last_insertion_date: '2025-01-02T00:00:00Z' });
    expect((await cli(['series', 'rename', 'f', 'g', '--db', db])).code).toBe(0);
    expect((await cli(['series', 'get', 'g', '--db', db, '--json'])).json().points).toHaveLength(2);
    expect((await cli(['series', 'delete', 'g', '--db', db])).code).toBe(0);
    expect((await cli(['series', 'list', '--db', db, '--json'])).json()).toEqual([]);
  });

  it('prints tables for people', async () => {
    await cli(['series', 'put', 'a', file('1.json', [['2024-01-01', 1]]), '--db', db]);
    const l = await cli(['series', 'list', '--db', db]);
    expect(l.stdout).toMatch(/^name\s+kind\s+type\s+tz\s+unit\s+count\s+first\s+last\na\s+primary\s+float64\s+naive\s+1\s+2024-01-01T00:00:00\s+2024-01-01T00:00:00\n$/);
    const g = await cli(['series', 'get', 'a', '--db', db]);
    expect(g.stdout).toBe('timestamp            value\n2024-01-01T00:00:00  1\n');
  });
});

describe('strata series errors', () => {
  it('bad input exits 1 with error[code] on stderr and a JSON error with --json; the store is unchanged', async () => {
    await cli(['series', 'put', 'a', file('ok.json', [['2024-01-01T00:00:00Z', 1]]), '--db', db]);
    const cases: [unknown, string, RegExp][] = [
      ['[["2024-01-01T00:00:00Z", 1], ["2024-01-02", 2]]', 'tz_mismatch', /points\[1\]/],
      ['[["2024-01-01T00:00:00Z", 1], ["2024-01-01T00:00:00Z", 2]]', 'duplicate_timestamp', /points\[0\] and points\[1\]/],
      ['[["2024-02-30T00:00:00Z", 1]]', 'bad_timestamp', /points\[0\]: invalid timestamp "2024-02-30T00:00:00Z": day out of range/],
      ['[["2024-01-01T00:00:00Z", 1]', 'bad_points', /not valid JSON/],
      ['[["2024-01-01T00:00:00Z", "x"]]', 'value_type_mismatch', /string "x" in a float64 series/],
      ['[["2024-01-02", 1]]', 'tz_mismatch', /has tz-aware timestamps; the points are naive/],
      ['{"x": 1}', 'bad_points', /expected a JSON array/],
    ];
    for (const [content, code, msg] of cases) {
      const r = await cli(['series', 'put', 'a', file('bad.json', content as string), '--db', db, '--json']);
      expect(r.code, String(content)).toBe(1);
      expect(r.stderr).toMatch(new RegExp(`^error\\[${code}\\]: `));
      expect(r.stderr).toMatch(msg);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.json().error.code).toBe(code);
    }
    expect((await cli(['series', 'get', 'a', '--db', db, '--json'])).json().points).toEqual([['2024-01-01T00:00:00Z', 1]]);
    expect((await cli(['series', 'insertion-dates', 'a', '--db', db, '--json'])).json()).toHaveLength(1);
  });

  it('an unknown series and a missing file are errors naming them', async () => {
    const r = await cli(['series', 'get', 'nope', '--db', db, '--json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('error[unknown_series]: no series named "nope"\n');
    expect(r.json()).toEqual({ error: { code: 'unknown_series', message: 'no series named "nope"', name: 'nope' } });
    const m = await cli(['series', 'put', 'a', join(t.dir, 'missing.json'), '--db', db]);
    expect(m.code).toBe(1);
    expect(m.stderr).toMatch(/^error\[io\]: cannot read .*missing.json: ENOENT/);
  });

  it('bad usage exits 2', async () => {
    for (const args of [
      ['series', 'get', '--db', db],
      ['series', 'frobnicate', '--db', db],
      ['series', 'get', 'a', '--bogus', '--db', db],
      ['series', 'staircase', 'a', '--db', db],
      ['series', 'staircase', 'a', '--delta', 'soon', '--db', db],
      ['series', 'get', 'a', '--from', '2024-13-01', '--db', db],
      ['series', 'put', 'a', '-', '--insertion-date', 'never', '--db', db],
    ]) {
      const r = await cli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/^error\[[a-z_]+\]: /);
    }
  });

  it('--help works on every command', async () => {
    for (const c of ['put', 'get', 'history', 'staircase', 'insertion-dates', 'list', 'info', 'rename', 'delete']) {
      const r = await cli(['series', c, '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`Usage: strata series ${c}`));
    }
    expect((await cli(['--help'])).stdout).toMatch(/series/);
  });
});

describe('store location', () => {
  it('uses --db, else $STRATA_DB, else the app user data folder', async () => {
    const envDb = join(t.dir, 'env.db');
    const r = await cli(['series', 'put', 'a', '-'], { stdin: '[["2024-01-01", 1]]', env: { STRATA_DB: envDb } });
    expect(r.code).toBe(0);
    expect(existsSync(envDb)).toBe(true);
    const home = join(t.dir, 'home');
    const r2 = await cli(['series', 'list', '--json'], { env: { XDG_CONFIG_HOME: join(home, 'cfg') } });
    expect(r2.code).toBe(0);
    expect(existsSync(join(home, 'cfg', 'Strata', 'strata.db'))).toBe(true);
    expect(resolveStorePath('x.db', { env: { STRATA_DB: 'y.db' }, platform: 'linux', homedir: '/h' })).toBe('x.db');
    expect(userDataDir({ env: {}, platform: 'linux', homedir: '/h' })).toBe('/h/.config/Strata');
    expect(userDataDir({ env: { APPDATA: 'C:\\Users\\a\\AppData\\Roaming' }, platform: 'win32', homedir: 'C:\\Users\\a' })).toMatch(/Roaming.Strata$/);
  });
});
