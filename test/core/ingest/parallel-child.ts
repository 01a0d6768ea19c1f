// A process that parses a CSV file with range threads, cancelled at its first progress event or not, and
// then simply ends: the range threads must never keep it alive. Usage: parallel-child.ts FILE cancel|full
import { parseFile } from '../../../core/ingest/node-file.js';

const [file, mode] = process.argv.slice(2);
const ctl = new AbortController();
let how = '';
try {
  const r = await parseFile(file!, {
    signal: ctl.signal,
    progressIntervalMs: 0,
    onProgress: () => mode === 'cancel' && ctl.abort(),
    parallel: { minBytes: 0, rangeBytes: 64 * 1024, threads: 2, report: (h) => (how = JSON.stringify(h)) },
  });
  process.stdout.write(`rows ${r.summary.rows} ${how}\n`);
} catch (e) {
  process.stdout.write(`${(e as { code?: string }).code}\n`);
}
