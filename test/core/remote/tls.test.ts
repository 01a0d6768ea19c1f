// TLS options of a connection against a real server offering TLS with a certificate from a test CA.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Store } from '../../../core/store/store.js';
import { addConnection, envOrPromptSecrets, openRemote, type RemoteSources, type TlsOptions } from '../../../core/remote/index.js';
import { pgUnavailable, type PgCluster } from './cluster.js';
import { startTenant, TENANT } from './fixture.js';
import { tempDir } from '../../helpers/cli.js';

const noOpenssl = spawnSync('openssl', ['version']).status !== 0 ? 'openssl not found (it makes the test certificates)' : null;
const skip = pgUnavailable() ?? noOpenssl;
if (skip) console.warn(`skipping PostgreSQL TLS tests: ${skip}`);

/** A CA and a server certificate for `localhost` (not for 127.0.0.1), made with openssl. */
function makeCerts(dir: string): { ca: string; cert: string; key: string } {
  const o = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  o(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '2', '-subj', '/CN=Strata test CA']);
  o(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=localhost']);
  writeFileSync(join(dir, 'ext.cnf'), 'subjectAltName=DNS:localhost\n');
  o(['x509', '-req', '-in', 'server.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.crt', '-days', '2', '-extfile', 'ext.cnf']);
  return { ca: join(dir, 'ca.crt'), cert: readFileSync(join(dir, 'server.crt'), 'utf8'), key: readFileSync(join(dir, 'server.key'), 'utf8') };
}

describe.skipIf(!!skip)('connection TLS options (PostgreSQL with TLS)', () => {
  let cluster: PgCluster;
  let store: Store;
  let remote: RemoteSources;
  let ca = '';
  const tmp = tempDir('strata-tls-');

  beforeAll(async () => {
    const certs = makeCerts(tmp.dir);
    ca = certs.ca;
    cluster = await startTenant({ tls: { cert: certs.cert, key: certs.key } });
    store = new Store(join(tmp.dir, 's.db'));
    remote = openRemote(store, { secrets: envOrPromptSecrets({ PGPASSWORD: TENANT.password }) });
  });

  afterAll(async () => {
    await remote?.close();
    store?.close();
    await cluster?.destroy();
    tmp.cleanup();
  });

  const probe = (host: string, tls: TlsOptions) =>
    remote.tryConfig({ name: 'x', host, port: cluster.port, database: TENANT.database, schema: TENANT.schema, user: TENANT.user, tls });

  it('prefer and require use TLS; disable does not', async () => {
    expect((await probe('127.0.0.1', { mode: 'prefer' })).tls).toBe(true);
    expect((await probe('127.0.0.1', { mode: 'require' })).tls).toBe(true);
    expect((await probe('127.0.0.1', { mode: 'disable' })).tls).toBe(false);
  });

  it('verify-full checks the chain and the host name; verify-ca the chain only', async () => {
    expect((await probe('localhost', { mode: 'verify-full', ca })).tls).toBe(true);
    await expect(probe('127.0.0.1', { mode: 'verify-full', ca })).rejects.toMatchObject({ code: 'remote_tls' });
    expect((await probe('127.0.0.1', { mode: 'verify-ca', ca })).tls).toBe(true);
    // Without our CA the certificate is not trusted.
    await expect(probe('localhost', { mode: 'verify-full' })).rejects.toMatchObject({ code: 'remote_tls', message: expect.stringMatching(/TLS \(verify-full\) failed/) });
    await expect(probe('localhost', { mode: 'verify-full', ca: join(tmp.dir, 'missing.pem') })).rejects.toMatchObject({ code: 'io' });
  });

  it('reads series over a verified TLS connection kept in the store', async () => {
    addConnection(store, { name: 'plant', host: 'localhost', port: cluster.port, database: TENANT.database, schema: TENANT.schema, user: TENANT.user, tls: { mode: 'verify-full', ca } });
    const client = remote.client('plant');
    const r = await client.query('SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()');
    expect(r[0]!.ssl).toBe(true);
  });
});
