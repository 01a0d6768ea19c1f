import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { StrataError } from '../base/errors.js';
import { checkAborted } from './progress.js';
import { defaultLayout, exportChunks, type ExportOptions, type NamedSeries } from './export.js';

export interface ExportFileResult {
  path: string;
  bytes: number;
  format: NonNullable<ExportOptions['format']>;
  layout: NonNullable<ExportOptions['layout']>;
}

/**
 * Writes an export to `path`, streaming chunk by chunk. It goes to a temporary file beside the target
 * and is renamed at the end, so a failed or cancelled export never leaves half a file under the name.
 */
export async function exportFile(path: string, list: NamedSeries[], opts: ExportOptions & { signal?: AbortSignal } = {}): Promise<ExportFileResult> {
  const format = opts.format ?? 'csv';
  const layout = opts.layout ?? defaultLayout(format);
  // build the first chunk before touching the disk: bad arguments (e.g. parquet, mixed zones) fail cleanly
  const chunks = exportChunks(list, { ...opts, format, layout });
  const first = chunks.next();
  const target = resolve(path);
  const tmp = `${target}.${process.pid}.tmp`;
  const out = createWriteStream(tmp);
  let bytes = 0;
  try {
    await once(out, 'open');
    for (let r = first; !r.done; r = chunks.next()) {
      checkAborted(opts.signal);
      bytes += r.value.byteLength;
      if (!out.write(r.value)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');
    await rename(tmp, target);
  } catch (err) {
    out.destroy();
    await rm(tmp, { force: true });
    if (err instanceof StrataError) throw err;
    throw new StrataError('io', `cannot write ${path}: ${(err as Error).message}`, { path });
  }
  return { path: target, bytes, format, layout };
}
