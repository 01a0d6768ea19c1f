import { useEffect, useRef, useState } from 'react';
import type { ImportJob } from '../../../core/protocol/index.js';
import { api, call } from '../api.js';
import { subscribe } from '../events.js';
import { RejectsTable } from './RejectsTable.js';

interface Props {
  onClose(): void;
  /** Called once an import wrote something, so the explorer refreshes. */
  onImported(names: string[]): void;
}

/**
 * Imports a file that sits on the engine's machine (the desktop itself, or the box `strata serve` runs on):
 * a progress bar fed by engine events, cancel, and the rejects table once it is over. Events can be missed
 * (a reconnecting stream), so the job's status is also polled while it runs.
 */
export function ImportDialog({ onClose, onImported }: Props) {
  const [path, setPath] = useState('');
  const [prefix, setPrefix] = useState('');
  const [job, setJob] = useState<ImportJob | null>(null);
  const [error, setError] = useState<string | null>(null);
  const jobId = useRef<string | null>(null);
  const reported = useRef(false);

  const update = (j: ImportJob) => {
    if (j.jobId !== jobId.current) return;
    setJob((old) => (old && old.state !== 'running' ? old : j));
    if (j.state === 'done' && !reported.current) {
      reported.current = true;
      onImported(j.result?.series.map((s) => s.name) ?? []);
    }
  };

  useEffect(() => subscribe((e) => e.topic === 'import' && update(e.payload)), []);
  useEffect(() => {
    if (job?.state !== 'running') return;
    const timer = setInterval(() => {
      void api.call('import.status', { jobId: job.jobId }).then((r) => r.ok && update(r.value));
    }, 400);
    return () => clearInterval(timer);
  }, [job?.state, job?.jobId]);

  const start = async () => {
    setError(null);
    reported.current = false;
    try {
      const j = await call(api.call('import.start', { path: path.trim(), ...(prefix ? { prefix } : {}) }));
      jobId.current = j.jobId;
      setJob(j);
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const running = job?.state === 'running';
  const p = job?.progress;
  const fraction = p && p.totalBytes ? Math.min(1, p.bytesRead / p.totalBytes) : job?.state === 'done' ? 1 : 0;

  return (
    <div className="modal-backdrop">
      <div className="modal" role="dialog" aria-label="Import a file" data-testid="import-dialog">
        <h2>Import a file</h2>
        <label>
          File path (on the engine's machine)
          <input aria-label="File path" value={path} onChange={(e) => setPath(e.target.value)} placeholder="/data/plant.csv" disabled={running} />
        </label>
        <label>
          Name prefix (optional)
          <input aria-label="Name prefix" value={prefix} onChange={(e) => setPrefix(e.target.value)} placeholder="plant/" disabled={running} />
        </label>
        <div className="modal-actions">
          <button onClick={() => void start()} disabled={running || !path.trim()}>
            Import
          </button>
          {running && (
            <button onClick={() => void api.call('import.cancel', { jobId: job.jobId })} data-testid="import-cancel">
              Cancel
            </button>
          )}
          <button onClick={onClose}>Close</button>
        </div>
        {error && <div className="error" role="alert">{error}</div>}
        {job && (
          <div className="import-state" data-testid="import-state" data-state={job.state}>
            <progress max={1} value={fraction} aria-label="Import progress" />
            <span>
              {job.state === 'running' && p ? `${p.rows.toLocaleString()} rows · ${Math.round(fraction * 100)}%` : ''}
              {job.state === 'running' && !p ? 'starting…' : ''}
              {job.state === 'cancelled' ? 'Cancelled: nothing was written.' : ''}
              {job.state === 'failed' ? `Failed: ${job.error?.message}` : ''}
              {job.state === 'done' && job.result
                ? `Done: ${job.result.accepted.toLocaleString()} rows into ${job.result.series.length} series, ${job.result.rejected.toLocaleString()} rejected.`
                : ''}
            </span>
          </div>
        )}
        {job?.result && job.result.rejects.length > 0 && <RejectsTable rejects={job.result.rejects} truncated={job.result.rejectsTruncated} total={job.result.rejected} />}
      </div>
    </div>
  );
}
