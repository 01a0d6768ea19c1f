import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Store } from '../../../core/store/index.js';
import { parseInstant, pointsFromWire, pointsToWire, type TimeSeries } from '../../../core/series/index.js';
import { StrataError } from '../../../core/base/index.js';

const dirs: string[] = [];
function tempDb(): string {
  const d = mkdtempSync(join(tmpdir(), 'strata-store-'));
  dirs.push(d);
  return join(d, 'store.db');
}
afterEach(() => {
  while (dirs.length) rmSync(dirs.pop()!, { recursive: true, force: true });
});

const pts = (p: unknown) => pointsFromWire(p);
const idate = (s: string) => parseInstant(s);
function code(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(StrataError);
    return (e as StrataError).code;
  }
  throw new Error('expected an error');
}

describe('Store writes', () => {
  it('creates a series on first write with its value type, tz-awareness, unit and metadata', () => {
    const s = new Store(':memory:');
    const r = s.update('temp', pts([['2024-01-01T00:00:00Z', 1.5]]), { unit: 'degC', metadata: { site: 'A' }, author: 'ana', source: 'test' });
    expect(r.revision).not.toBeNull();
    expect(r.revision!.author).toBe('ana');
    expect(r.revision!.source).toBe('test');
    const info = s.info('temp');
    expect(info).toMatchObject({ name: 'temp', kind: 'primary', valueType: 'float64', tzaware: true, unit: 'degC', metadata: { site: 'A' }, count: 1 });
  });

  it('stores only changed points and makes no revision for an update that changes nothing', () => {
    const s = new Store(':memory:');
    s.update('a', pts([['2024-01-01', 1], ['2024-01-02', 2]]), { insertionDate: idate('2025-01-01Z') });
    const same = s.update('a', pts([['2024-01-01', 1]]), { insertionDate: idate('2025-01-02Z') });
    expect(same).toEqual({ revision: null, added: 0, changed: 0, deleted: 0 });
    const r = s.update('a', pts([['2024-01-01', 1], ['2024-01-02', 5], ['2024-01-03', 3]]), { insertionDate: idate('2025-01-03Z') });
    expect([r.added, r.changed, r.deleted]).toEqual([1, 1, 0]);
    expect(s.insertionDates('a')).toEqual([idate('2025-01-01Z'), idate('2025-01-03Z')]);
  });

  it('deletes a point with null, and ignores null for a point that does not exist', () => {
    const s = new Store(':memory:');
    s.update('a', pts([['2024-01-01', 1], ['2024-01-02', 2]]));
    expect(s.update('a', pts([['2024-01-05', null]])).revision).toBeNull();
    const r = s.update('a', pts([['2024-01-01', null]]));
    expect(r.deleted).toBe(1);
    expect(pointsToWire(s.get('a'))).toEqual([['2024-01-02T00:00:00', 2]]);
  });

  it('replace sets the whole state', () => {
    const s = new Store(':memory:');
    s.update('a', pts([['2024-01-01', 1], ['2024-01-02', 2], ['2024-01-03', 3]]));
    const r = s.replace('a', pts([['2024-01-02', 2], ['2024-01-04', 4]]));
    expect([r.added, r.changed, r.deleted]).toEqual([1, 0, 2]);
    expect(pointsToWire(s.get('a'))).toEqual([['2024-01-02T00:00:00', 2], ['2024-01-04T00:00:00', 4]]);
    expect(s.replace('a', pts([['2024-01-02', 2], ['2024-01-04', 4]])).revision).toBeNull();
  });

  it('keeps string series, with unicode, exactly', () => {
    const s = new Store(':memory:', { chunkSize: 2 });
    const w = [['2024-01-01T00:00:00Z', 'on'], ['2024-01-01T00:00:01Z', 'off'], ['2024-01-01T00:00:02Z', 'état ✓'], ['2024-01-01T00:00:03Z', '']];
    s.update('st', pts(w));
    expect(s.info('st').valueType).toBe('string');
    expect(pointsToWire(s.get('st'))).toEqual(w);
    const r = s.update('st', pts([['2024-01-01T00:00:01Z', 'off'], ['2024-01-01T00:00:02Z', null]]));
    expect([r.changed, r.deleted]).toEqual([0, 1]);
  });

  it('keeps microsecond timestamps exact, far from the epoch too', () => {
    const s = new Store(':memory:');
    const w = [['1701-02-03T04:05:06.000001Z', 1], ['2024-02-29T23:59:59.999999Z', 2], ['2199-12-31T23:59:59.123456Z', 3]];
    s.update('us', pts(w));
    expect(pointsToWire(s.get('us'))).toEqual(w);
  });

  it('rejects mixing naive and tz-aware, numbers and strings, or a unit change, leaving the store unchanged', () => {
    const s = new Store(':memory:');
    s.update('a', pts([['2024-01-01T00:00:00Z', 1]]), { unit: 'm' });
    expect(code(() => s.update('a', pts([['2024-01-02T00:00:00', 2]])))).toBe('tz_mismatch');
    expect(code(() => s.update('a', pts([['2024-01-02T00:00:00Z', 'x']])))).toBe('value_type_mismatch');
    expect(code(() => s.update('a', pts([['2024-01-02T00:00:00Z', 2]]), { unit: 'ft' }))).toBe('unit_mismatch');
    expect(s.info('a').revisions).toBe(1);
    expect(pointsToWire(s.get('a'))).toEqual([['2024-01-01T00:00:00Z', 1]]);
  });

  it('requires insertion dates to increase', () => {
    const s = new Store(':memory:');
    s.update('a', pts([['2024-01-01', 1]]), { insertionDate: idate('2025-01-02Z') });
    expect(code(() => s.update('a', pts([['2024-01-01', 2]]), { insertionDate: idate('2025-01-02Z') }))).toBe('insertion_date_order');
    expect(code(() => s.update('a', pts([['2024-01-01', 2]]), { insertionDate: idate('2025-01-01Z') }))).toBe('insertion_date_order');
    // Default insertion dates stay increasing even for writes in the same millisecond.
    s.update('b', pts([['2024-01-01', 1]]));
    s.update('b', pts([['2024-01-01', 2]]));
    s.update('b', pts([['2024-01-01', 3]]));
    const d = s.insertionDates('b');
    expect(d[0]! < d[1]! && d[1]! < d[2]!).toBe(true);
  });

  it('rejects unsorted or duplicate timestamps handed straight to the API', () => {
    const s = new Store(':memory:');
    const bad: TimeSeries = { tzaware: false, valueType: 'float64', times: Float64Array.of(2, 1), values: Float64Array.of(1, 2) };
    expect(code(() => s.update('a', bad))).toBe('bad_points');
    const dup: TimeSeries = { tzaware: false, valueType: 'float64', times: Float64Array.of(1, 1), values: Float64Array.of(1, 2) };
    expect(code(() => s.update('a', dup))).toBe('duplicate_timestamp');
    const inf: TimeSeries = { tzaware: false, valueType: 'float64', times: Float64Array.of(1), values: Float64Array.of(Infinity) };
    expect(code(() => s.update('a', inf))).toBe('bad_points');
    expect(s.exists('a')).toBe(false);
  });

  it('rejects bad names', () => {
    const s = new Store(':memory:');
    for (const n of ['', ' a', 'a\n', 'x'.repeat(600)]) expect(code(() => s.update(n, pts([['2024-01-01', 1]])))).toBe('bad_input');
  });

  it('rolls back every write of a failed transaction', () => {
    const s = new Store(':memory:');
    s.update('a', pts([['2024-01-01', 1]]));
    expect(() =>
      s.transaction(() => {
        s.update('a', pts([['2024-01-02', 2]]));
        s.update('b', pts([['2024-01-02', 2]]));
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(s.exists('b')).toBe(false);
    expect(s.info('a').count).toBe(1);
  });
});

describe('Store reads', () => {
  it('reads as of a revision date, within an inclusive value window', () => {
    const s = new Store(':memory:', { chunkSize: 2 });
    s.update('a', pts([['2024-01-01', 1], ['2024-01-02', 2], ['2024-01-03', 3]]), { insertionDate: idate('2025-01-01Z') });
    s.update('a', pts([['2024-01-02', 20]]), { insertionDate: idate('2025-02-01Z') });
    expect(pointsToWire(s.get('a', { revisionDate: idate('2025-01-15Z') }))).toEqual([
      ['2024-01-01T00:00:00', 1],
      ['2024-01-02T00:00:00', 2],
      ['2024-01-03T00:00:00', 3],
    ]);
    expect(s.get('a', { revisionDate: idate('2024-12-31Z') }).times.length).toBe(0);
    const w = s.get('a', { from: idate('2024-01-02Z'), to: idate('2024-01-03Z') });
    expect(pointsToWire(w)).toEqual([['2024-01-02T00:00:00', 20], ['2024-01-03T00:00:00', 3]]);
  });

  it('history lists full versions and drops versions unchanged within a value window', () => {
    const s = new Store(':memory:');
    s.update('a', pts([['2024-01-01', 1], ['2024-01-05', 5]]), { insertionDate: idate('2025-01-01Z') });
    s.update('a', pts([['2024-01-05', 6]]), { insertionDate: idate('2025-01-02Z') });
    s.update('a', pts([['2024-01-01', 2]]), { insertionDate: idate('2025-01-03Z') });
    expect(s.history('a').map((v) => pointsToWire(v.series))).toEqual([
      [['2024-01-01T00:00:00', 1], ['2024-01-05T00:00:00', 5]],
      [['2024-01-01T00:00:00', 1], ['2024-01-05T00:00:00', 6]],
      [['2024-01-01T00:00:00', 2], ['2024-01-05T00:00:00', 6]],
    ]);
    const early = s.history('a', { to: idate('2024-01-02Z') });
    expect(early.map((v) => v.revision.insertionDate)).toEqual([idate('2025-01-01Z'), idate('2025-01-03Z')]);
    const late = s.history('a', { fromInsertionDate: idate('2025-01-02Z') });
    expect(late).toHaveLength(2);
  });

  it('staircase gives each value as known delta before its value date', () => {
    const s = new Store(':memory:');
    // Forecasts: each revision revises the coming days.
    s.update('f', pts([['2025-01-02T00:00:00Z', 1], ['2025-01-03T00:00:00Z', 1], ['2025-01-04T00:00:00Z', 1]]), { insertionDate: idate('2025-01-01T00:00:00Z') });
    s.update('f', pts([['2025-01-03T00:00:00Z', 2], ['2025-01-04T00:00:00Z', 2]]), { insertionDate: idate('2025-01-02T00:00:00Z') });
    s.update('f', pts([['2025-01-04T00:00:00Z', 3]]), { insertionDate: idate('2025-01-03T00:00:00Z') });
    const day = 86_400_000_000;
    expect(pointsToWire(s.staircase('f', day))).toEqual([
      ['2025-01-02T00:00:00Z', 1],
      ['2025-01-03T00:00:00Z', 2],
      ['2025-01-04T00:00:00Z', 3],
    ]);
    expect(pointsToWire(s.staircase('f', 2 * day))).toEqual([
      ['2025-01-03T00:00:00Z', 1],
      ['2025-01-04T00:00:00Z', 2],
    ]);
  });

  it('lists series with counts and bounds; renames and deletes', () => {
    const s = new Store(':memory:');
    s.update('b', pts([['2024-01-01', 1], ['2024-01-02', 2]]));
    s.update('a', pts([['2024-01-01T00:00:00Z', 'x']]));
    expect(s.list().map((i) => [i.name, i.count, i.valueType])).toEqual([
      ['a', 1, 'string'],
      ['b', 2, 'float64'],
    ]);
    s.rename('b', 'c');
    expect(s.exists('b')).toBe(false);
    expect(s.get('c').times.length).toBe(2);
    expect(code(() => s.rename('c', 'a'))).toBe('series_exists');
    s.delete('c');
    expect(code(() => s.get('c'))).toBe('unknown_series');
    expect(code(() => s.delete('c'))).toBe('unknown_series');
    expect((s.db.prepare('SELECT COUNT(*) n FROM chunk').get() as { n: number }).n).toBe(1);
  });
});

describe('Store storage', () => {
  it('persists across reopen in WAL mode', () => {
    const path = tempDb();
    const s = new Store(path);
    s.update('a', pts([['2024-01-01T00:00:00Z', 1]]), { author: 'x' });
    expect(s.db.pragma('journal_mode', { simple: true })).toBe('wal');
    s.close();
    const t = new Store(path);
    expect(pointsToWire(t.get('a'))).toEqual([['2024-01-01T00:00:00Z', 1]]);
    expect(t.revisions('a')[0]!.author).toBe('x');
    t.close();
  });

  it('stores points in chunks, not rows, and rewrites only the chunks a change touches', () => {
    const s = new Store(':memory:', { chunkSize: 1000 });
    const n = 10_000;
    const series: TimeSeries = { tzaware: true, valueType: 'float64', times: Float64Array.from({ length: n }, (_, i) => i * 1e6), values: Float64Array.from({ length: n }, (_, i) => i) };
    s.update('big', series);
    const chunks = () => (s.db.prepare('SELECT COUNT(*) n FROM chunk').get() as { n: number }).n;
    expect(chunks()).toBe(10);
    // One changed point in the middle rewrites one chunk.
    s.update('big', { ...series, times: Float64Array.of(5000e6), values: Float64Array.of(-1) });
    expect(chunks()).toBe(11);
    // Appending a few points adds one small chunk; further small appends fold into it.
    for (let k = 0; k < 5; k++) s.update('big', { ...series, times: Float64Array.of((n + k) * 1e6), values: Float64Array.of(k) });
    expect(s.info('big').count).toBe(n + 5);
    const latest = s.db.prepare('SELECT manifest FROM revision ORDER BY insertion_date DESC LIMIT 1').get() as { manifest: Buffer };
    expect(latest.manifest.byteLength / 32).toBe(11);
    expect((s.get('big').values as Float64Array)[5000]).toBe(-1);
  });
});
