import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Store } from '../../../core/store/index.js';

const dir = mkdtempSync(join(tmpdir(), 'strata-ckpt-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function points(n: number) {
  const times = new Float64Array(n);
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    times[i] = 1_700_000_000_000_000 + i * 1000;
    values[i] = Math.sin(i);
  }
  return { tzaware: true, valueType: 'float64' as const, times, values };
}

describe('WAL checkpoints after the commit, not inside it', () => {
  it('a big write commits into the WAL; the database file takes it a moment later; readers see it at once', async () => {
    const path = join(dir, 'a.db');
    const store = new Store(path);
    const before = statSync(path).size;
    store.update('s', points(1_200_000), {}); // 19 MB of chunks: past SQLite's default checkpoint size (1,000 pages)
    // committed: in the WAL, not yet copied into the database file
    expect(statSync(path + '-wal').size).toBeGreaterThan(18_000_000);
    expect(statSync(path).size).toBeLessThan(before + 1_000_000);
    const reader = new Store(path);
    expect(reader.get('s').times.length).toBe(1_200_000);
    reader.close();
    await new Promise((r) => setTimeout(r, 600));
    expect(statSync(path).size).toBeGreaterThan(before + 18_000_000);
    store.close();
  });

  it('close copies what is left, and the store reopens whole', () => {
    const path = join(dir, 'b.db');
    const store = new Store(path);
    store.update('s', points(200_000), {});
    store.close();
    const again = new Store(path);
    expect(again.get('s').values[199_999]).toBeCloseTo(Math.sin(199_999), 12);
    expect(again.db.pragma('integrity_check', { simple: true })).toBe('ok');
    again.close();
  });
});
