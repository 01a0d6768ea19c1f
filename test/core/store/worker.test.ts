import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { StoreWorker, Store } from '../../../core/store/index.js';
import { StrataError } from '../../../core/base/index.js';
import type { TimeSeries } from '../../../core/series/index.js';
import { tempDir } from '../../helpers/cli.js';

describe('StoreWorker', () => {
  it('runs the store in a worker thread: writes, reads with typed arrays, typed errors', async () => {
    const t = tempDir();
    const path = join(t.dir, 'w.db');
    const w = new StoreWorker(path);
    try {
      const n = 100_000;
      const s: TimeSeries = { tzaware: true, valueType: 'float64', times: Float64Array.from({ length: n }, (_, i) => i * 1000), values: Float64Array.from({ length: n }, (_, i) => i / 2) };
      const res = await w.call('update', 'x', s, { author: 'worker' });
      expect(res.added).toBe(n);
      const back = await w.call('get', 'x', { from: 1000, to: 3000 });
      expect(back.times).toBeInstanceOf(Float64Array);
      expect(Array.from(back.values as Float64Array)).toEqual([0.5, 1, 1.5]);
      const err = await w.call('get', 'nope').catch((e) => e);
      expect(err).toBeInstanceOf(StrataError);
      expect(err.code).toBe('unknown_series');
      // Calls keep flowing while the main thread stays free.
      const [a, b] = await Promise.all([w.call('info', 'x'), w.call('list')]);
      expect(a.count).toBe(n);
      expect(b).toHaveLength(1);
    } finally {
      await w.close();
    }
    // What the worker wrote is in the file for anyone else.
    const direct = new Store(path);
    expect(direct.info('x').revisions).toBe(1);
    direct.close();
    t.cleanup();
  });

  it('rejects calls after close', async () => {
    const t = tempDir();
    const w = new StoreWorker(join(t.dir, 'w.db'));
    await w.close();
    await expect(w.call('list')).rejects.toMatchObject({ code: 'closed' });
    t.cleanup();
  });
});
