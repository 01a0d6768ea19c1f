import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, tempDir } from '../../helpers/cli.js';

let t: ReturnType<typeof tempDir>;
let db: string;
beforeEach(() => {
  t = tempDir();
  db = join(t.dir, 's.db');
});
afterEach(() => t.cleanup());

const NAIVE = {
  temp: [['2024-03-31T01:59:59.999999', 1.5], ['2024-03-31T02:30:00', 0.30000000000000004], ['2024-03-31T03:00:00.000001', -1e-300]],
  press: [['2024-03-31T02:30:00', 1013.25], ['2024-04-01T00:00:00', 123456789.123456]],
  state: [['2024-03-31T01:00:00', 'on, "really"'], ['2024-03-31T04:00:00', 'two\nlines']],
};
const AWARE = {
  a: [['2024-01-01T00:00:00.000001Z', 5e-324], ['2024-06-30T21:59:59.500000Z', -7]],
  'b x': [['2024-01-01T00:00:00.000001Z', 'x'], ['2024-01-02T00:00:00Z', 'y']],
};

async function put(store: string, data: Record<string, unknown[]>): Promise<void> {
  for (const [name, points] of Object.entries(data)) {
    const r = await cli(['series', 'put', name, '-', '--db', store], { stdin: JSON.stringify(points) });
    expect(r.code, r.stderr).toBe(0);
  }
}

async function getAll(store: string, names: string[]): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const n of names) out[n] = (await cli(['series', 'get', n, '--db', store, '--json'])).json().points;
  return out;
}

describe('strata export → strata import round trips', () => {
  for (const format of ['csv', 'arrow', 'parquet'] as const) {
    for (const layout of ['long', 'wide'] as const) {
      for (const [label, data] of [['naive', NAIVE], ['tz-aware', AWARE]] as const) {
        it(`${format} ${layout} (${label}): same points, timestamps to the µs`, async () => {
          await put(db, data);
          const names = Object.keys(data).filter((n) => !(format !== 'csv' && layout === 'long' && typeof (data as Record<string, unknown[][]>)[n]![0]![1] === 'string'));
          const out = join(t.dir, `out.${format}`);
          const ex = await cli(['export', ...names, '--out', out, '--format', format, '--layout', layout, '--db', db, '--json']);
          expect(ex.code, ex.stderr).toBe(0);
          expect(ex.json()).toMatchObject({ path: out, format, layout, series: names });
          const db2 = join(t.dir, 'copy.db');
          const im = await cli(['import', out, '--db', db2, '--json']);
          expect(im.code, im.stderr).toBe(0);
          expect(im.json()).toMatchObject({ rejected: 0, rejects: [] });
          expect(await getAll(db2, names)).toEqual(await getAll(db, names));
          expect(await getAll(db2, names)).toEqual(Object.fromEntries(names.map((n) => [n, (data as Record<string, unknown>)[n]])));
        });
      }
    }
  }

  it('--from/--to export a window (inclusive) and --revision-date an earlier state', async () => {
    await put(db, { temp: NAIVE.temp });
    const rev = (await cli(['series', 'insertion-dates', 'temp', '--db', db, '--json'])).json()[0];
    await put(db, { temp: [['2024-03-31T02:30:00', 99]] });
    const out = join(t.dir, 'w.csv');
    expect((await cli(['export', 'temp', '--out', out, '--from', '2024-03-31T02:30:00', '--to', '2024-03-31T03:00:00.000001', '--db', db])).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe('timestamp,channel_id,value\n2024-03-31T02:30:00,temp,99\n2024-03-31T03:00:00.000001,temp,-1e-300\n');
    expect((await cli(['export', 'temp', '--out', out, '--revision-date', rev, '--to', '2024-03-31T02:30:00', '--db', db])).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe('timestamp,channel_id,value\n2024-03-31T01:59:59.999999,temp,1.5\n2024-03-31T02:30:00,temp,0.30000000000000004\n');
  });

  it('prints what it wrote for people', async () => {
    await put(db, AWARE);
    const r = await cli(['export', 'a', 'b x', '--out', join(t.dir, 'x.arrow'), '--format', 'arrow', '--db', db]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^wrote .*x\.arrow \(arrow, wide\): 2 series, 4 points in 3 rows, \d+ bytes\n$/);
  });
});

describe('strata export errors', () => {
  it('parquet long with numbers and text: error[value_type_mismatch] saying to use wide, exit 1, no file', async () => {
    await put(db, { temp: NAIVE.temp, state: NAIVE.state });
    const out = join(t.dir, 'x.parquet');
    const r = await cli(['export', 'temp', 'state', '--out', out, '--format', 'parquet', '--layout', 'long', '--db', db, '--json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error\[value_type_mismatch\]: a long Parquet file has one value column, but these series mix numbers and text; use --layout wide/);
    expect(r.json().error.code).toBe('value_type_mismatch');
    expect(existsSync(out)).toBe(false);
  });

  it('unknown series, mixed zones: exit 1; missing --out or a bad format: exit 2', async () => {
    await put(db, { temp: NAIVE.temp, a: AWARE.a });
    const out = join(t.dir, 'x.csv');
    const unknown = await cli(['export', 'nope', '--out', out, '--db', db]);
    expect([unknown.code, unknown.stderr]).toEqual([1, 'error[unknown_series]: no series named "nope"\n']);
    const mixed = await cli(['export', 'temp', 'a', '--out', out, '--db', db]);
    expect(mixed.code).toBe(1);
    expect(mixed.stderr).toMatch(/^error\[tz_mismatch\]: cannot export naive and tz-aware series into one file/);
    expect(existsSync(out)).toBe(false);
    expect((await cli(['export', 'temp', '--db', db])).stderr).toMatch(/^error\[usage\]: required option '--out <file>'/);
    const bad = await cli(['export', 'temp', '--out', out, '--format', 'xlsx', '--db', db]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^error\[usage\]: option '--format <format>' argument 'xlsx' is invalid/);
    expect((await cli(['export', 'temp', '--out', out, '--from', 'yesterday', '--db', db])).code).toBe(2);
  });

  it('--help lists the flags', async () => {
    const r = await cli(['export', '--help']);
    expect(r.code).toBe(0);
    for (const flag of ['--out <file>', '--format <format>', '--layout <layout>', '--from <iso>', '--to <iso>', '--revision-date <iso>', '--db <path>']) expect(r.stdout).toContain(flag);
  });
});
