import { randomUUID } from 'node:crypto';
import { StrataError, toStrataError } from '../base/errors.js';
import { importFile, type ImportOptions, type ImportSummary, type ImportTarget } from '../ingest/import.js';
import type { ApiArgs } from '../protocol/contract.js';
import type { ApiEvent } from '../protocol/events.js';
import type { ImportJob, ImportResultDto } from '../protocol/types.js';

/** Finished jobs kept for `import.status` (the newest ones; a page asks soon after the end). */
const KEEP_FINISHED = 50;

/**
 * Import jobs of the engine: `start` answers at once and the file is read in the background (streamed, so
 * calls keep being served and a cancel arrives between chunks); every progress step and the end are pushed
 * as `import` events carrying the whole job.
 */
export class ImportJobs {
  private readonly jobs = new Map<string, { job: ImportJob; abort: AbortController }>();

  constructor(
    private readonly store: ImportTarget,
    private readonly emit: (e: ApiEvent) => void,
    private readonly progressIntervalMs = 100,
  ) {}

  start(args: ApiArgs<'import.start'>): ImportJob {
    const jobId = randomUUID();
    const abort = new AbortController();
    const job: ImportJob = { jobId, path: args.path, state: 'running', progress: null, result: null, error: null };
    this.jobs.set(jobId, { job, abort });
    const { path, ...rest } = args;
    const opts: ImportOptions = {
      ...rest,
      signal: abort.signal,
      progressIntervalMs: this.progressIntervalMs,
      onProgress: (p) => {
        job.progress = { ...p };
        this.emit({ topic: 'import', payload: { ...job } });
      },
    };
    // Started on the next turn so `start` returns (and the page subscribes) before the first event.
    setImmediate(() => void this.run(job, path, opts));
    this.prune();
    return { ...job };
  }

  status(jobId: string): ImportJob {
    return { ...this.get(jobId).job };
  }

  cancel(jobId: string): ImportJob {
    const entry = this.get(jobId);
    if (entry.job.state === 'running') entry.abort.abort('cancelled by the user');
    return { ...entry.job };
  }

  private get(jobId: string) {
    const entry = this.jobs.get(jobId);
    if (!entry) throw new StrataError('unknown_job', `no import job ${JSON.stringify(jobId)}`);
    return entry;
  }

  private async run(job: ImportJob, path: string, opts: ImportOptions): Promise<void> {
    try {
      const summary = await importFile(this.store, path, opts);
      job.state = 'done';
      job.result = toDto(summary);
      this.emit({ topic: 'store.changed', payload: { series: summary.written.map((w) => w.name) } });
    } catch (e) {
      const err = toStrataError(e);
      job.state = err.code === 'cancelled' ? 'cancelled' : 'failed';
      job.error = { code: err.code, message: err.message };
    }
    this.emit({ topic: 'import', payload: { ...job } });
  }

  private prune(): void {
    const finished = [...this.jobs.values()].filter((j) => j.job.state !== 'running');
    for (const j of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED))) this.jobs.delete(j.job.jobId);
  }
}

function toDto(s: ImportSummary): ImportResultDto {
  const counts = new Map(s.series.map((x) => [x.name, x.count]));
  return {
    format: s.format,
    rows: s.rows,
    accepted: s.accepted,
    rejected: s.rejected,
    duplicates: s.duplicates,
    rejects: s.rejects.map((r) => ({ line: r.line, column: r.column, kind: r.kind, reason: r.reason, ...(r.columnName !== undefined ? { columnName: r.columnName } : {}) })),
    rejectsTruncated: s.rejectsTruncated,
    series: s.written.map((w) => ({ name: w.name, count: counts.get(w.name) ?? 0, revision: w.revision, added: w.added, changed: w.changed, deleted: w.deleted })),
  };
}
