// The 10M-row import of bench/ingest.ts, alone in its process so its peak RSS is the import's own.
// Usage: node --import tsx bench/ingest-child.ts FILE DB → prints {"ms","rows","maxRssMb"}.
import { importFile } from '../core/ingest/import.js';
import { Store } from '../core/store/store.js';

const [file, db] = process.argv.slice(2);
if (!file || !db) throw new Error('usage: ingest-child.ts FILE DB');
const store = new Store(db);
const t0 = performance.now();
const summary = await importFile(store, file);
const ms = performance.now() - t0;
store.close();
process.stdout.write(JSON.stringify({ ms, rows: summary.accepted, maxRssMb: process.resourceUsage().maxRSS / 1024 }) + '\n');
