// Child process of the kill -9 test: imports a file, announces (synchronously) when writing starts, and
// slows each series' write so the kill falls inside the open transaction.
import { writeSync } from 'node:fs';
import { importFile, type ImportTarget } from '../../../core/ingest/import.js';
import { Store } from '../../../core/store/store.js';

const [storePath, file] = process.argv.slice(2) as [string, string];
const store = new Store(storePath);
let announced = false;
const target: ImportTarget = {
  transaction: (fn) => store.transaction(fn),
  exists: (n) => store.exists(n),
  info: (n) => store.info(n),
  update: (n, p, o) => {
    if (!announced) {
      announced = true;
      writeSync(1, 'writing\n');
    }
    const r = store.update(n, p, o);
    // hold the transaction open a while so the parent's SIGKILL lands between two series' writes
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 40);
    return r;
  },
  replace: (n, p, o) => store.replace(n, p, o),
};
await importFile(target, file);
writeSync(1, 'done\n');
