import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importFile } from '../../../core/ingest/import.js';
import { writeSampleFile } from '../../../core/ingest/node-file.js';
import { Store } from '../../../core/store/store.js';
import { T } from './helpers.js';

let dir: string;
let store: Store;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'strata-import-'));
  store = new Store(join(dir, 'store.db'));
});
afterEach(() => {
  store?.close();
  rmSync(dir, { recursive: true, force: true });
});

function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

describe('importFile', () => {
  it('writes one revision per series with the file as source and reports the summary', async () => {
    const p = file('a.csv', 'timestamp,channel_id,value\n2024-01-01,0,1\n2024-01-01,1,2\n2024-01-02,0,x\n2024-01-02,1,4\n');
    const s = await importFile(store, p, { prefix: 'dev.', insertionDate: T('2024-06-01T00:00:00Z'), author: 'ana' });
    expect(s).toMatchObject({ accepted: 3, rejected: 1, source: p, format: 'long' });
    expect(s.rejects[0]).toMatchObject({ line: 4, column: 3, kind: 'bad_number' });
    expect(s.written.map((w) => [w.name, w.revision, w.added])).toEqual([
      ['dev.0', true, 1],
      ['dev.1', true, 2],
    ]);
    expect(store.list().map((i) => [i.name, i.count, i.revisions])).toEqual([
      ['dev.0', 1, 1],
      ['dev.1', 2, 1],
    ]);
    const [rev] = store.revisions('dev.1');
    expect(rev).toMatchObject({ source: p, author: 'ana', insertionDate: T('2024-06-01T00:00:00Z') });
    expect([...store.get('dev.1').values]).toEqual([2, 4]);
  });

  it('is atomic: when one series fails to write, no series is written', async () => {
    store.update('b', { tzaware: true, valueType: 'float64', times: Float64Array.of(T('2024-01-01T00:00:00Z')), values: Float64Array.of(1) });
    const p = file('b.csv', 'timestamp,channel_id,value\n2024-01-01,a,1\n2024-01-01,b,2\n');
    await expect(importFile(store, p)).rejects.toMatchObject({ code: 'tz_mismatch' });
    expect(store.exists('a')).toBe(false);
    expect(store.revisions('b')).toHaveLength(1);
  });

  it('keeps the value type of a series already in the store', async () => {
    store.update('a', { tzaware: false, valueType: 'string', times: Float64Array.of(T('2023-01-01')), values: ['x'] });
    const p = file('c.csv', 'timestamp,channel_id,value\n2024-01-01,a,1\n2024-01-02,a,2\n');
    await importFile(store, p);
    expect(store.get('a').values).toEqual(['x', '1', '2']);
  });

  it('writes nothing when cancelled', async () => {
    const p = file('d.csv', 'timestamp,channel_id,value\n2024-01-01,a,1\n');
    const ac = new AbortController();
    ac.abort();
    await expect(importFile(store, p, { signal: ac.signal })).rejects.toMatchObject({ code: 'cancelled' });
    expect(store.list()).toEqual([]);
  });

  it('imports a generated sample, and replaces with mode replace', async () => {
    const sample = await writeSampleFile(join(dir, 'sample.csv'), { channels: 3, seconds: 2, rate: 100 });
    expect(sample.rows).toBe(600);
    const s = await importFile(store, sample.path, { prefix: 's' });
    expect(s.written.map((w) => w.added)).toEqual([200, 200, 200]);
    const p = file('e.csv', 'timestamp,channel_id,value\n2024-01-01 00:00:00.000,0,5\n');
    await importFile(store, p, { prefix: 's', mode: 'replace' });
    expect(store.info('s0').count).toBe(1);
  });
});

describe('importFile under kill -9', () => {
  it('leaves the store exactly as before when the process dies mid-import', async () => {
    const first = file('first.csv', 'timestamp,channel_id,value\n2024-01-01 00:00:00.000,0,42\n2024-01-01 00:00:00.000,9,7\n');
    await importFile(store, first);
    const before = JSON.stringify(store.list().map((i) => [i.name, i.count, i.revisions, [...store.get(i.name).values]]));
    store.close();
    const big = await writeSampleFile(join(dir, 'big.csv'), { channels: 10, seconds: 5, rate: 1000 });
    const child = fileURLToPath(new URL('./kill-child.ts', import.meta.url));
    for (const delayMs of [0, 90, 250]) {
      const proc = spawn(process.execPath, ['--import', 'tsx', child, join(dir, 'store.db'), big.path], { stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      await new Promise<void>((done, fail) => {
        proc.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          if (out.includes('writing')) setTimeout(() => proc.kill('SIGKILL'), delayMs);
          if (out.includes('done')) fail(new Error('the import finished before the kill; make the sample bigger'));
        });
        proc.on('exit', () => done());
      });
      expect(out).toContain('writing');
      const reopened = new Store(join(dir, 'store.db'));
      try {
        expect(reopened.db.pragma('integrity_check', { simple: true })).toBe('ok');
        const after = JSON.stringify(reopened.list().map((i) => [i.name, i.count, i.revisions, [...reopened.get(i.name).values]]));
        expect(after).toBe(before);
      } finally {
        reopened.close();
      }
    }
    store = new Store(join(dir, 'store.db'));
  }, 120_000);
});
