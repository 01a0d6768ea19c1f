import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Store } from '../../../core/store/index.js';
import { EngineHost } from '../../../core/service/engine-host.js';
import type { ApiEvent, ImportJob } from '../../../core/protocol/index.js';
import { tempDir } from '../../helpers/cli.js';

// The engine in its worker thread: calls, errors as Results, events, imports with progress and cancel.
let t: { dir: string; cleanup(): void };
let engine: EngineHost;
let db: string;

beforeAll(() => {
  t = tempDir('strata-engine-');
  db = join(t.dir, 'e.db');
  const s = new Store(db);
  s.update('a', { tzaware: true, valueType: 'float64', times: Float64Array.of(1_000_000, 2_000_000), values: Float64Array.of(1, 2) }, { unit: 'm' });
  s.close();
  engine = new EngineHost(db, { progressIntervalMs: 0 });
});

afterAll(async () => {
  await engine?.close();
  t?.cleanup();
});

/** A wide CSV: `rows` good rows of two channels, plus two rows the import must reject. */
function csv(rows: number): string {
  const path = join(t.dir, `f${rows}.csv`);
  const t0 = Date.UTC(2024, 0, 1);
  const lines = ['time,temp,pressure'];
  for (let i = 0; i < rows; i++) lines.push(`${new Date(t0 + i * 1000).toISOString()},${(i % 100) / 10},${1 + i / 1e6}`);
  lines.splice(3, 0, `${new Date(t0 - 5000).toISOString()},abc,1`, `not-a-time,1,2`);
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

function waitFor(pred: (e: ApiEvent) => boolean): Promise<ApiEvent> {
  return new Promise((resolve) => {
    const off = engine.onEvent((e) => {
      if (pred(e)) {
        off();
        resolve(e);
      }
    });
  });
}

describe('EngineHost', () => {
  it('answers contract calls from the worker', async () => {
    const r = await engine.invoke('series.list', {});
    expect(r).toMatchObject({ ok: true, value: [{ name: 'a', unit: 'm', count: 2 }] });
  });

  it('returns validation and handler errors as Results', async () => {
    expect(await engine.invoke('series.info', { name: 'missing' })).toMatchObject({ ok: false });
    expect(await engine.invoke('series.info', {})).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(await engine.invoke('nope', {})).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
  });

  it('answers concurrent calls each with its own result', async () => {
    const rs = await Promise.all([engine.invoke('app.info', {}), engine.invoke('series.info', { name: 'a' }), engine.invoke('series.list', {})]);
    expect(rs.map((r) => r.ok)).toEqual([true, true, true]);
    expect((rs[1] as { value: { name: string } }).value.name).toBe('a');
  });

  it('imports a file as a job: progress events, then the result with its rejects table', async () => {
    const path = csv(20_000);
    const progress: ImportJob[] = [];
    const off = engine.onEvent((e) => e.topic === 'import' && e.payload.state === 'running' && progress.push(e.payload));
    const done = waitFor((e) => e.topic === 'import' && e.payload.state !== 'running');
    const changed = waitFor((e) => e.topic === 'store.changed');
    const started = await engine.invoke('import.start', { path, prefix: 'csv/' });
    expect(started).toMatchObject({ ok: true, value: { state: 'running', path } });
    const jobId = (started as { value: ImportJob }).value.jobId;
    const end = (await done).payload as ImportJob;
    off();
    expect(end).toMatchObject({ jobId, state: 'done', error: null });
    expect(end.result!.accepted).toBe(20_000);
    expect(end.result!.rejected).toBe(2);
    expect(end.result!.rejects.map((r) => r.line)).toEqual([4, 5]);
    expect(end.result!.rejects[0]).toMatchObject({ kind: 'bad_number', columnName: 'temp' });
    expect(end.result!.series.map((s) => s.name).sort()).toEqual(['csv/pressure', 'csv/temp']);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.every((p) => p.jobId === jobId && p.progress!.totalBytes! > 0)).toBe(true);
    expect((await changed).payload).toEqual({ series: expect.arrayContaining(['csv/temp', 'csv/pressure']) });
    expect(await engine.invoke('import.status', { jobId })).toMatchObject({ ok: true, value: { state: 'done' } });
    const list = (await engine.invoke('series.list', {})) as { value: { name: string }[] };
    expect(list.value.map((s) => s.name)).toContain('csv/temp');
  });

  it('cancels a running import: nothing is written', async () => {
    const path = csv(400_000);
    const done = waitFor((e) => e.topic === 'import' && e.payload.state !== 'running');
    const started = (await engine.invoke('import.start', { path, prefix: 'big/' })) as { value: ImportJob };
    // Cancel at the first progress event, while the file is being read.
    await waitFor((e) => e.topic === 'import' && e.payload.state === 'running');
    expect(await engine.invoke('import.cancel', { jobId: started.value.jobId })).toMatchObject({ ok: true });
    const end = (await done).payload as ImportJob;
    expect(end).toMatchObject({ state: 'cancelled', error: { code: 'cancelled' }, result: null });
    const list = (await engine.invoke('series.list', {})) as { value: { name: string }[] };
    expect(list.value.some((s) => s.name.startsWith('big/'))).toBe(false);
  });

  it('reports a failed import (missing file) and unknown jobs', async () => {
    const done = waitFor((e) => e.topic === 'import' && e.payload.state !== 'running');
    await engine.invoke('import.start', { path: join(t.dir, 'missing.csv') });
    expect(((await done).payload as ImportJob).state).toBe('failed');
    expect(await engine.invoke('import.status', { jobId: 'nope' })).toMatchObject({ ok: false, error: { code: 'unknown_job' } });
  });

  it('times a call out past its timeout, drops its late answer and keeps answering', async () => {
    // A call that keeps the worker busy (2M points to read and convert), and a call queued behind it.
    const path = join(t.dir, 'busy.db');
    const s = new Store(path);
    const n = 2_000_000;
    s.update('big', { tzaware: true, valueType: 'float64', times: Float64Array.from({ length: n }, (_, i) => (i + 1) * 1000), values: new Float64Array(n) });
    s.close();
    const slow = new EngineHost(path, { timeoutsMs: { 'series.list': 20 } });
    try {
      expect((await slow.invoke('app.info', {})).ok).toBe(true);
      const busy = slow.invoke('series.get', { name: 'big' });
      expect(await slow.invoke('series.list', {})).toMatchObject({ ok: false, error: { code: 'timeout', message: 'series.list took longer than 20 ms in the engine' } });
      expect(await busy).toMatchObject({ ok: true });
      expect(await slow.invoke('series.info', { name: 'big' })).toMatchObject({ ok: true, value: { name: 'big', count: n } });
    } finally {
      await slow.close();
    }
  });

  it('does not count the engine starting against the first calls', async () => {
    // Loading the worker takes longer than 50 ms; the call made at once still gets its answer.
    const fresh = new EngineHost(db, { timeoutsMs: { 'app.info': 50 } });
    try {
      expect(await fresh.invoke('app.info', {})).toMatchObject({ ok: true });
    } finally {
      await fresh.close();
    }
  });

  it('answers calls after close with a closed error', async () => {
    const e2 = new EngineHost(db);
    expect((await e2.invoke('app.info', {})).ok).toBe(true);
    await e2.close();
    expect(await e2.invoke('app.info', {})).toMatchObject({ ok: false, error: { code: 'closed' } });
  });
});
