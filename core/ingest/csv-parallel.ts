// Node-only: a CSV file parsed by several threads at once, one byte range each, joined into exactly what
// the one-thread parse (parseCsv) gives.
import { open } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { workerEntry } from '../node/worker-entry.js';
import { SeriesBuilder } from './builder.js';
import { expectedPoints } from './csv-rows.js';
import { csvResult } from './csv.js';
import { parseCsvRange, type RangePlace, type RangeResult } from './csv-range.js';
import { type CsvPlan, detectCsv } from './detect.js';
import { sniffBom } from './encoding.js';
import { fileRangeChunks } from './file-range.js';
import { checkAborted, ProgressMeter } from './progress.js';
import type { RangeJob, RangeReply } from './range-protocol.js';
import { unterminatedReason } from './rejects.js';
import type { IngestOptions, IngestResult, ParallelReport, Reject } from './types.js';

// Why by hand: the ranges are parsed by the same byte parser as one thread uses, and only a parser that
// knows its state at a range's end can tell whether the next range really started a record (a quoted
// field may hold line breaks); no CSV library offers that.
const MIN_BYTES = 8 << 20;
const RANGE_BYTES = 4 << 20;
const MAX_THREADS = 4;
/** Read size within a range: small enough that the threads' buffers stay in the CPU caches. */
const RANGE_CHUNK = 256 << 10;
/** How far past a range's planned start the first line break is looked for. */
const LF_WINDOW = 1 << 20;

/**
 * Parses a CSV file with several threads when that is sure to give parseCsv's result: a UTF-8 file large
 * enough, a duplicate policy other than `error` (whose message names the first duplicate's line, which a
 * range cannot know). Returns null when it does not apply or when the ranges cannot be joined exactly —
 * a range that did not start a record (a quoted field across the split), a series whose type a range
 * guessed differently, a range that failed — and the caller parses the file with one thread.
 */
export async function parseCsvFileParallel(path: string, size: number, opts: IngestOptions): Promise<IngestResult | null> {
  const par = opts.parallel;
  if (par === false) return null;
  const oneThread = (reason: NonNullable<ParallelReport['reason']>, ranges = 0, byWorkers = 0): null => {
    par?.report?.({ joined: false, ranges, byWorkers, reason });
    return null;
  };
  const threads = Math.min(par?.threads ?? availableParallelism(), MAX_THREADS);
  if (threads < 2) return oneThread('one_thread');
  if (size < (par?.minBytes ?? MIN_BYTES)) return oneThread('small');
  if ((opts.onDuplicate ?? 'last') === 'error') return oneThread('duplicate_error_policy');
  const sampleBytes = opts.sampleBytes ?? 64 * 1024;

  const fh = await open(path, 'r');
  let plan: CsvPlan;
  let starts: number[];
  try {
    const head = Buffer.alloc(Math.min(size, sampleBytes + 3));
    await fh.read(head, 0, head.length, 0);
    const bom = sniffBom(head);
    if (bom.encoding !== 'utf-8') return oneThread('encoding');
    if (size - bom.bomLength <= sampleBytes) return oneThread('small');
    // the dialect parseCsv would find: from the first `sampleBytes` of text, the file being longer
    plan = detectCsv(head.subarray(bom.bomLength, bom.bomLength + sampleBytes), false, opts);
    starts = await rangeStarts(fh, bom.bomLength, size, par?.rangeBytes ?? RANGE_BYTES);
  } finally {
    await fh.close();
  }
  if (starts.length < 2) return oneThread('no_split');

  const ranges = starts.map((start, r) => ({ start, end: starts[r + 1] ?? size }));
  const place = (r: number): RangePlace => ({ first: r === 0, last: r === ranges.length - 1, bytes: ranges[r]!.end - ranges[r]!.start });
  const rangeOpts = plainOptions(opts);
  const meter = new ProgressMeter(opts.onProgress, opts.signal, size, opts.progressIntervalMs);
  const bytesDone = new Float64Array(ranges.length);
  const rowsDone = new Float64Array(ranges.length);
  const results: (RangeResult | undefined)[] = new Array(ranges.length);
  let next = 0;
  let byWorkers = 0;
  let stop = false;
  let aborted: unknown = null;
  const jobs = new Set<{ worker: RangeWorker; id: number }>();
  const tick = () => {
    if (aborted) return;
    try {
      meter.tick(sum(bytesDone) + starts[0]!, sum(rowsDone));
    } catch (e) {
      aborted = e;
      stop = true;
      for (const j of jobs) j.worker.cancel(j.id);
    }
  };
  const claim = () => (stop || next >= ranges.length ? -1 : next++);
  const joiner = new Joiner(plan, opts, size);
  let joined = 0;
  let mismatch = false;
  const took = (r: number, res: RangeResult) => {
    results[r] = res;
    bytesDone[r] = ranges[r]!.end - ranges[r]!.start;
    rowsDone[r] = res.rows;
    if (!res.clean) stop = true; // the ranges after it are not known to start records
    // join the ranges that are next in file order, as soon as they are in
    while (!stop && joined < ranges.length && results[joined]) {
      const k = joined++;
      if (!joiner.add(results[k]!)) {
        mismatch = true;
        stop = true;
      }
    }
    tick();
  };
  const here = async () => {
    for (let r = claim(); r >= 0; r = claim()) {
      const { start, end } = ranges[r]!;
      took(r, await parseCsvRange(fileRangeChunks(path, start, end, RANGE_CHUNK), plan, rangeOpts, place(r), (b, rows) => {
        bytesDone[r] = b;
        rowsDone[r] = rows;
        tick();
        if (aborted) throw aborted;
      }));
    }
  };
  let hereDone: () => void = () => undefined;
  const mainDone = new Promise<void>((resolve) => (hereDone = resolve));
  const there = async (worker: RangeWorker) => {
    // a thread still starting takes no range: this one may read them all meanwhile
    await Promise.race([worker.ready, mainDone]);
    if (worker.dead) return;
    for (let r = claim(); r >= 0; r = claim()) {
      const job: RangeJob = { id: 0, path, ...ranges[r]!, chunkBytes: RANGE_CHUNK, plan, opts: rangeOpts, place: place(r) };
      const res = await worker.run(job, (id) => jobs.add({ worker, id }), (b, rows) => {
        bytesDone[r] = b;
        rowsDone[r] = rows;
        tick();
      });
      byWorkers++;
      took(r, res);
    }
  };
  const settled = await Promise.allSettled([here().finally(hereDone), ...workers(threads - 1).map(there)]);
  jobs.clear();
  if (aborted) throw aborted;
  checkAborted(opts.signal);
  // a failed range (an I/O error, a dead worker): one thread reads the file and says what is wrong
  if (settled.some((s) => s.status === 'rejected')) return oneThread('range_failed', ranges.length, byWorkers);
  if (mismatch) return oneThread('value_type', ranges.length, byWorkers);
  if (results.some((r) => !r || !r.clean) || joined < ranges.length) return oneThread('range_not_at_record_start', ranges.length, byWorkers);
  const out = joiner.result(size);
  par?.report?.({ joined: true, ranges: ranges.length, byWorkers });
  meter.tick(size, out.summary.rows, true);
  return out;
}

/** Each range's first byte: the text's start, then the byte after the first LF at or past each multiple of `step`. */
async function rangeStarts(fh: Awaited<ReturnType<typeof open>>, textStart: number, size: number, step: number): Promise<number[]> {
  const starts = [textStart];
  const buf = Buffer.alloc(64 * 1024);
  for (let target = textStart + step; target < size; target += step) {
    if (target <= starts[starts.length - 1]!) continue;
    let at = -1;
    for (let pos = target; pos < Math.min(size, target + LF_WINDOW) && at < 0; pos += buf.length) {
      const { bytesRead } = await fh.read(buf, 0, buf.length, pos);
      const i = buf.subarray(0, bytesRead).indexOf(0x0a);
      if (i >= 0) at = pos + i + 1;
      if (bytesRead === 0) break;
    }
    if (at > 0 && at < size) starts.push(at);
  }
  return starts;
}

/** The options a range parse takes: plain data only (they cross to a thread), no stored-type lookup. */
function plainOptions(opts: IngestOptions): IngestOptions {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(opts)) {
    if (typeof v === 'function' || k === 'signal' || k === 'parallel' || k === 'totalBytes' || v === undefined) continue;
    out[k] = v;
  }
  return out as IngestOptions;
}

/**
 * The ranges joined in file order as they come: line numbers made absolute, each series' points appended
 * to one builder sized as one thread would size it, and each range's columns dropped once copied (so the
 * memory held is about one thread's). `add` returns false when a range's type guess for a series differs.
 */
class Joiner {
  private readonly builders = new Map<string, SeriesBuilder>();
  private readonly rejects: Reject[] = [];
  private rejectCount = 0;
  private line = 0;
  private rows = 0;
  private accepted = 0;
  private readonly max: number;

  constructor(private readonly plan: CsvPlan, private readonly opts: IngestOptions, private readonly totalBytes: number) {
    this.max = opts.maxRejects ?? 10_000;
  }

  add(res: RangeResult): boolean {
    for (const p of res.builders) {
      let b = this.builders.get(p.name);
      if (b) {
        if (b.valueType !== p.valueType) return false;
      } else {
        // One thread asks the store first (an existing series keeps its type): the range's guess must agree.
        const stored = this.opts.valueTypeOf?.(p.name);
        if (stored !== undefined && stored !== p.valueType) return false;
        const raw = p.name.slice((this.opts.prefix ?? '').length);
        b = new SeriesBuilder(p.name, p.valueType, this.plan.tzaware, this.opts.onDuplicate ?? 'last', expectedPoints(this.plan, raw, this.totalBytes));
        this.builders.set(p.name, b);
      }
      b.append(p);
    }
    res.builders = []; // the range's columns can go
    for (const r of res.rejects) {
      if (this.rejects.length >= this.max) break;
      const abs = { ...r, line: r.line + this.line };
      if (abs.kind === 'unterminated_quote') abs.reason = unterminatedReason(abs.line);
      this.rejects.push(abs);
    }
    this.rejectCount += res.rejectCount;
    this.line += res.breaks;
    this.rows += res.rows;
    this.accepted += res.accepted;
    return true;
  }

  result(bytes: number): IngestResult {
    return csvResult(this.plan, this.builders.values(), { rows: this.rows, accepted: this.accepted, rejected: this.rejectCount, rejects: this.rejects, bytes });
  }

}

function sum(xs: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i]!;
  return s;
}

// ---- the range workers ---------------------------------------------------------------------------

/** A worker thread parsing ranges; kept for later imports, never keeping the process alive when idle. */
class RangeWorker {
  private readonly worker: Worker;
  private readonly jobs = new Map<number, { resolve(r: RangeResult): void; reject(e: Error): void; progress(b: number, rows: number): void }>();
  private nextId = 1;
  dead = false;
  /** Resolves once the thread has loaded its modules (or stopped). */
  readonly ready: Promise<void>;
  private onReady: () => void = () => undefined;

  constructor() {
    this.worker = new Worker(workerEntry(import.meta.url, 'range-worker'));
    this.ready = new Promise((resolve) => (this.onReady = resolve));
    this.worker.on('message', (m: RangeReply | { ready: true }) => {
      if ('ready' in m) return this.onReady();
      const job = this.jobs.get(m.id);
      if (!job) return;
      if ('progress' in m) return job.progress(m.progress.bytes, m.progress.rows);
      this.jobs.delete(m.id);
      if (this.jobs.size === 0) this.worker.unref();
      if ('result' in m) job.resolve(m.result);
      else job.reject(Object.assign(new Error(m.error.message), { code: m.error.code }));
    });
    const fail = (e: Error) => {
      this.dead = true;
      this.onReady();
      for (const j of this.jobs.values()) j.reject(e);
      this.jobs.clear();
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => fail(new Error(`the CSV range worker stopped (exit code ${code})`)));
    // after the listeners (adding a message listener refs the thread again)
    this.worker.unref();
  }

  run(job: RangeJob, started: (id: number) => void, progress: (bytes: number, rows: number) => void): Promise<RangeResult> {
    if (this.dead) return Promise.reject(new Error('the CSV range worker stopped'));
    const id = this.nextId++;
    started(id);
    return new Promise((resolve, reject) => {
      this.jobs.set(id, { resolve, reject, progress });
      this.worker.ref(); // an answer is awaited: the process must not exit meanwhile
      this.worker.postMessage({ ...job, id });
    });
  }

  cancel(id: number): void {
    if (!this.dead) this.worker.postMessage({ cancel: id });
  }

  terminate(): Promise<number> {
    this.dead = true;
    return this.worker.terminate();
  }
}

let pool: RangeWorker[] = [];

/** `n` live range workers, started on first use and kept. */
function workers(n: number): RangeWorker[] {
  pool = pool.filter((w) => !w.dead);
  while (pool.length < n) pool.push(new RangeWorker());
  return pool.slice(0, n);
}

/** Stops the range workers (they stop with the process anyway; for tests and orderly shutdowns). */
export async function closeCsvWorkers(): Promise<void> {
  const all = pool;
  pool = [];
  await Promise.all(all.map((w) => w.terminate()));
}
