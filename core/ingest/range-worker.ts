// Node-only: a worker thread parsing byte ranges of CSV files for csv-parallel.ts.
import { parentPort } from 'node:worker_threads';
import { parseCsvRange } from './csv-range.js';
import { fileRangeChunks } from './file-range.js';
import type { RangeJob, RangeReply } from './range-protocol.js';

const port = parentPort!;
const cancelled = new Set<number>();
const PROGRESS_MS = 50;

port.on('message', (m: RangeJob | { cancel: number }) => {
  if ('cancel' in m) {
    cancelled.add(m.cancel);
    return;
  }
  void run(m);
});

async function run(job: RangeJob): Promise<void> {
  let last = 0;
  const reply = (r: RangeReply, transfer: ArrayBuffer[] = []) => port.postMessage(r, transfer);
  try {
    const res = await parseCsvRange(fileRangeChunks(job.path, job.start, job.end, job.chunkBytes), job.plan, job.opts, job.place, (bytes, rows) => {
      if (cancelled.has(job.id)) throw new Error('cancelled');
      const now = Date.now();
      if (now - last < PROGRESS_MS) return;
      last = now;
      reply({ id: job.id, progress: { bytes, rows } });
    });
    // the columns move to the caller's thread without a copy
    const transfer = new Set<ArrayBuffer>();
    for (const b of res.builders) {
      transfer.add(b.times.buffer as ArrayBuffer);
      if (b.nums) transfer.add(b.nums.buffer as ArrayBuffer);
    }
    reply({ id: job.id, result: res }, [...transfer]);
  } catch (e) {
    const err = e as Error & { code?: string };
    reply({ id: job.id, error: { message: err.message, code: err.code ?? 'internal' } });
  } finally {
    cancelled.delete(job.id);
  }
}

// loaded: ranges may come (the caller gives this thread work only from now on)
port.postMessage({ ready: true });
