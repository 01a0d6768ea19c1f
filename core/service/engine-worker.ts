// Worker-thread side of EngineHost: owns the store, answers contract calls from the parent thread and
// posts engine events (import progress, store changes) to it.
import { parentPort, workerData } from 'node:worker_threads';
import { Store } from '../store/store.js';
import { createHandlers } from './service.js';
import { EnginePlugins } from './plugins.js';
import { dispatch } from './dispatch.js';
import { envOrPromptSecrets, openRemote, sealedSecretOf, type SecretProvider } from '../remote/index.js';

const { storePath, progressIntervalMs, libraries, canOpenSecrets, canSealSecrets } = workerData as { storePath: string; progressIntervalMs?: number; libraries?: string[]; canOpenSecrets?: boolean; canSealSecrets?: boolean };
const store = new Store(storePath);

// Connection passwords: a blob sealed by the app's keychain is opened by the parent (Electron safeStorage
// lives in the main process); otherwise $PGPASSWORD. Plain passwords never touch the store.
const pendingSecrets = new Map<number, { resolve: (p: string) => void; reject: (e: Error) => void }>();
let nextSecret = 1;
const fromEnv = envOrPromptSecrets(process.env);
const secrets: SecretProvider = {
  password(conn) {
    const sealed = canOpenSecrets ? sealedSecretOf(store, conn.name) : null;
    if (!sealed) return fromEnv.password(conn);
    const id = nextSecret++;
    return new Promise((resolve, reject) => {
      pendingSecrets.set(id, { resolve, reject });
      parentPort!.postMessage({ secretRequest: { id, sealed: new Uint8Array(sealed) } });
    });
  },
};
const remote = openRemote(store, { secrets });
// Passwords given in the app are sealed by the parent too (`connect.add` / `connect.edit`).
const pendingSeals = new Map<number, { resolve: (b: Buffer) => void; reject: (e: Error) => void }>();
const sealSecret = canSealSecrets
  ? (plain: string) =>
      new Promise<Buffer>((resolve, reject) => {
        const id = nextSecret++;
        pendingSeals.set(id, { resolve, reject });
        parentPort!.postMessage({ sealRequest: { id, plain } });
      })
  : undefined;
// Plugin operators and node types run in child processes of this worker, started on their first call.
const plugins = new EnginePlugins(libraries ?? []);
const handlers = createHandlers(store, { emit: (event) => parentPort!.postMessage({ event }), ...(progressIntervalMs !== undefined ? { progressIntervalMs } : {}), libraries: libraries ?? [], plugins, connections: { remote, secrets: fromEnv, ...(sealSecret ? { sealSecret } : {}) } });

parentPort!.on('message', async (msg: { id: number; method: string; args: unknown } | { secretReply: { id: number; password?: string; error?: string } } | { sealReply: { id: number; sealed?: Uint8Array; error?: string } } | 'close') => {
  if (msg === 'close') {
    plugins.dispose();
    await remote.close();
    store.close();
    parentPort!.close();
    return;
  }
  if ('secretReply' in msg) {
    const p = pendingSecrets.get(msg.secretReply.id);
    pendingSecrets.delete(msg.secretReply.id);
    if (msg.secretReply.error !== undefined) p?.reject(new Error(`cannot open the sealed password: ${msg.secretReply.error}`));
    else p?.resolve(msg.secretReply.password ?? '');
    return;
  }
  if ('sealReply' in msg) {
    const p = pendingSeals.get(msg.sealReply.id);
    pendingSeals.delete(msg.sealReply.id);
    if (msg.sealReply.error !== undefined || !msg.sealReply.sealed) p?.reject(new Error(`the OS keychain cannot seal the password: ${msg.sealReply.error ?? 'no answer'}`));
    else p?.resolve(Buffer.from(msg.sealReply.sealed));
    return;
  }
  parentPort!.postMessage({ id: msg.id, result: await dispatch(handlers, msg.method, msg.args) });
});
// Up and listening: the host starts the calls' timeouts from here (loading the engine is not their time).
parentPort!.postMessage({ ready: true });
