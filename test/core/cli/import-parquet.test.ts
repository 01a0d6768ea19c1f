import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, tempDir } from '../../helpers/cli.js';

let t: ReturnType<typeof tempDir>;
let db: string;
beforeEach(() => {
  t = tempDir();
  db = join(t.dir, 's.db');
});
afterEach(() => t.cleanup());

async function put(store: string, data: Record<string, unknown[]>): Promise<void> {
  for (const [name, points] of Object.entries(data)) {
    const r = await cli(['series', 'put', name, '-', '--db', store], { stdin: JSON.stringify(points) });
    expect(r.code, r.stderr).toBe(0);
  }
}

const points = async (store: string, name: string) => (await cli(['series', 'get', name, '--db', store, '--json'])).json().points;

describe('strata export --format parquet → strata import', () => {
  it('a value window (inclusive), naive timestamps stay naive, strings stay strings', async () => {
    await put(db, {
      temp: [['2024-03-31T01:59:59.999999', 1.5], ['2024-03-31T02:30:00', 0.30000000000000004], ['2024-03-31T03:00:00.000001', -1e-300], ['2024-03-31T04:00:00', 9]],
      state: [['2024-03-31T02:00:00', '42'], ['2024-03-31T03:00:00.000001', 'two\nlines, "quoted"']],
    });
    const out = join(t.dir, 'w.parquet');
    const ex = await cli(['export', 'temp', 'state', '--out', out, '--format', 'parquet', '--from', '2024-03-31T02:00:00', '--to', '2024-03-31T03:00:00.000001', '--db', db, '--json']);
    expect(ex.code, ex.stderr).toBe(0);
    expect(ex.json()).toMatchObject({ format: 'parquet', layout: 'wide', rows: 3, points: 4 });
    expect(readFileSync(out).subarray(0, 4).toString()).toBe('PAR1');
    const db2 = join(t.dir, 'copy.db');
    const im = await cli(['import', out, '--db', db2, '--json']);
    expect(im.code, im.stderr).toBe(0);
    expect(im.json()).toMatchObject({ format: 'parquet', rows: 3, accepted: 3, rejected: 0 });
    expect(im.json().series.map((s: { name: string; value_type: string; tzaware: boolean }) => [s.name, s.value_type, s.tzaware]).sort()).toEqual([
      ['state', 'string', false], ['temp', 'float64', false],
    ]);
    expect(await points(db2, 'temp')).toEqual([['2024-03-31T02:30:00', 0.30000000000000004], ['2024-03-31T03:00:00.000001', -1e-300]]);
    expect(await points(db2, 'state')).toEqual([['2024-03-31T02:00:00', '42'], ['2024-03-31T03:00:00.000001', 'two\nlines, "quoted"']]);
  });

  it('tz-aware series, long layout, imported with a prefix', async () => {
    await put(db, { a: [['2024-01-01T00:00:00.000001Z', 5e-324], ['2024-06-30T21:59:59.5Z', -7]], b: [['2024-01-01T00:00:00Z', 1]] });
    const out = join(t.dir, 'l.parquet');
    expect((await cli(['export', 'a', 'b', '--out', out, '--format', 'parquet', '--layout', 'long', '--db', db])).code).toBe(0);
    const db2 = join(t.dir, 'copy.db');
    const im = await cli(['import', out, '--prefix', 'p.', '--db', db2, '--json']);
    expect(im.code, im.stderr).toBe(0);
    expect(im.json().series.map((s: { name: string; tzaware: boolean }) => [s.name, s.tzaware])).toEqual([['p.a', true], ['p.b', true]]);
    expect(await points(db2, 'p.a')).toEqual([['2024-01-01T00:00:00.000001Z', 5e-324], ['2024-06-30T21:59:59.500000Z', -7]]);
  });
});
