// connect.* through the service: handlers against a real throwaway PostgreSQL cluster, and the engine worker
// asking its host to seal and open passwords (a fake keychain stands in for Electron's safeStorage).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type pg from 'pg';
import { Store } from '../../../core/store/index.js';
import { createHandlers } from '../../../core/service/service.js';
import { dispatch } from '../../../core/service/dispatch.js';
import { EngineHost } from '../../../core/service/engine-host.js';
import { envOrPromptSecrets, openRemote } from '../../../core/remote/index.js';
import { tempDir } from '../../helpers/cli.js';
import { pgUnavailable, type PgCluster } from '../remote/cluster.js';
import { addTag, startTenant, tenantClient, TENANT, us } from '../remote/fixture.js';

const skip = pgUnavailable();
if (skip) console.warn(`skipping PostgreSQL tests: ${skip}`);

// A fake keychain: reversible, and the sealed blob never holds the password's text.
const seal = (plain: string) => Buffer.from([...Buffer.from(plain, 'utf8')].map((b) => b ^ 0x5a));
const open = (sealed: Buffer) => Buffer.from([...sealed].map((b) => b ^ 0x5a)).toString('utf8');

describe.skipIf(!!skip)('connect.* in the service (PostgreSQL)', () => {
  let cluster: PgCluster;
  let db: pg.Client;
  const tmp = tempDir('strata-conn-svc-');
  let url = '';
  const savedPg = process.env.PGPASSWORD;

  beforeAll(async () => {
    cluster = await startTenant();
    db = await tenantClient(cluster);
    const t0 = us('2024-07-01T00:00:00Z');
    await addTag(db, 'temp', [[new Date(t0 / 1000).toISOString(), 20], [new Date(t0 / 1000 + 1000).toISOString(), 21]]);
    await addTag(db, 'mode', [[new Date(t0 / 1000).toISOString(), 'auto']], { string: true });
    url = `${cluster.url(TENANT.user, TENANT.database)}?sslmode=disable`;
  });

  afterAll(async () => {
    if (savedPg === undefined) delete process.env.PGPASSWORD;
    else process.env.PGPASSWORD = savedPg;
    await db?.end().catch(() => {});
    await cluster?.destroy();
    tmp.cleanup();
  });

  it('adds (tested first), lists, tests, edits and removes with $PGPASSWORD; a failed add adds nothing', async () => {
    const store = new Store(join(tmp.dir, 'env.db'));
    const remote = openRemote(store, { secrets: envOrPromptSecrets({ PGPASSWORD: TENANT.password }) });
    const h = createHandlers(store, { connections: { remote, secrets: envOrPromptSecrets({ PGPASSWORD: TENANT.password }) } });
    try {
      const call = (m: string, a: unknown) => dispatch(h, m, a);
      // Bad arguments and failing tests add nothing.
      expect(await call('connect.add', { name: 'plant' })).toMatchObject({ ok: false, error: { code: 'bad_request', message: expect.stringMatching(/host, database and user/) } });
      expect(await call('connect.add', { name: 'plant', url: url.replace('plant@', 'plant:pw@') })).toMatchObject({ ok: false, error: { code: 'bad_url', message: expect.stringMatching(/PGPASSWORD/) } });
      expect(await call('connect.add', { name: 'plant', url, schema: 'public' })).toMatchObject({ ok: false, error: { code: 'remote_schema' } });
      expect(await call('connect.add', { name: 'plant', url, password: 'nope' })).toMatchObject({ ok: false, error: { code: 'no_keychain', message: expect.stringMatching(/\$PGPASSWORD/) } });
      expect(await call('connect.list', {})).toEqual({ ok: true, value: [] });

      const add = await call('connect.add', { name: 'plant', url });
      expect(add).toMatchObject({ ok: true, value: { name: 'plant', schema: 'plant', user: 'plant', database: TENANT.database, tls: { mode: 'disable' }, password: expect.stringMatching(/PGPASSWORD/), test: { tags: 2 } } });
      const list = await call('connect.list', {});
      expect(list).toMatchObject({ ok: true, value: [{ name: 'plant', url: expect.stringContaining(`plant@`), cache: { entries: expect.any(Number) } }] });
      expect(JSON.stringify(list)).not.toContain(TENANT.password);
      const names = ((await call('series.list', {})) as { value: { name: string }[] }).value.map((s) => s.name).sort();
      expect(names).toEqual(['plant/mode', 'plant/temp']);
      expect(await call('connect.test', { name: 'plant' })).toMatchObject({ ok: true, value: { name: 'plant', tags: 2, schema: 'plant' } });
      expect(await call('connect.add', { name: 'plant', url })).toMatchObject({ ok: false, error: { code: 'connection_exists' } });

      // Edit: parts instead of a URL; a wrong schema then fails its test.
      expect(await call('connect.edit', { name: 'plant', schema: 'public' })).toMatchObject({ ok: true, value: { schema: 'public' } });
      expect(await call('connect.test', { name: 'plant' })).toMatchObject({ ok: false, error: { code: 'remote_schema' } });
      expect(await call('connect.edit', { name: 'plant', schema: 'plant', port: cluster.port })).toMatchObject({ ok: true, value: { schema: 'plant', port: cluster.port } });
      expect(await call('connect.test', { name: 'plant' })).toMatchObject({ ok: true, value: { tags: 2 } });
      expect(await call('connect.edit', { name: 'nope', schema: 'x' })).toMatchObject({ ok: false, error: { code: 'unknown_connection' } });

      // Parts instead of a URL for add.
      expect(await call('connect.add', { name: 'parts', host: cluster.host, port: cluster.port, database: TENANT.database, user: TENANT.user, sslmode: 'disable' })).toMatchObject({ ok: true, value: { name: 'parts', schema: 'plant', test: { tags: 2 } } });
      expect(await call('connect.remove', { name: 'parts' })).toEqual({ ok: true, value: { removed: 'parts' } });
      expect(await call('connect.remove', { name: 'plant' })).toEqual({ ok: true, value: { removed: 'plant' } });
      expect(await call('connect.list', {})).toEqual({ ok: true, value: [] });
      expect(await call('connect.remove', { name: 'plant' })).toMatchObject({ ok: false, error: { code: 'unknown_connection' } });
    } finally {
      await remote.close();
      store.close();
    }
  });

  it('in the engine worker, a given password is sealed by the host and opened by it for reads', async () => {
    delete process.env.PGPASSWORD; // the worker copies the environment: only the sealed password can work
    const path = join(tmp.dir, 'sealed.db');
    const sealedCalls: string[] = [];
    const engine = new EngineHost(path, {
      sealSecret: (p) => (sealedCalls.push(p), seal(p)),
      openSecret: open,
    });
    try {
      expect(await engine.invoke('connect.add', { name: 'plant', url, password: 'wrong' })).toMatchObject({ ok: false, error: { code: 'remote_auth' } });
      expect(await engine.invoke('connect.list', {})).toEqual({ ok: true, value: [] });
      const add = await engine.invoke('connect.add', { name: 'plant', url, password: TENANT.password });
      expect(add).toMatchObject({ ok: true, value: { name: 'plant', password: 'sealed by the app keychain', test: { tags: 2 } } });
      expect(sealedCalls).toEqual(['wrong', TENANT.password]);
      const got = await engine.invoke('series.get', { name: 'plant/temp' });
      expect(got).toMatchObject({ ok: true, value: { values: [20, 21] } });
    } finally {
      await engine.close();
    }
    // The store holds the sealed blob, never the password's text.
    const store = new Store(path);
    const row = store.db.prepare('SELECT secret FROM connection WHERE name = ?').get('plant') as { secret: Buffer };
    expect(row.secret.equals(seal(TENANT.password))).toBe(true);
    expect(row.secret.toString('latin1')).not.toContain(TENANT.password);
    store.close();

    // A keychain that fails: a clear error, nothing added.
    const failing = new EngineHost(join(tmp.dir, 'fail.db'), { sealSecret: () => { throw new Error('keychain locked'); }, openSecret: open });
    try {
      expect(await failing.invoke('connect.add', { name: 'plant', url, password: TENANT.password })).toMatchObject({ ok: false, error: { message: expect.stringMatching(/keychain locked/) } });
      expect(await failing.invoke('connect.list', {})).toEqual({ ok: true, value: [] });
    } finally {
      await failing.close();
    }
    // No sealer (strata serve): a given password is refused.
    const plain = new EngineHost(join(tmp.dir, 'plain.db'));
    try {
      expect(await plain.invoke('connect.add', { name: 'plant', url, password: TENANT.password })).toMatchObject({ ok: false, error: { code: 'no_keychain' } });
    } finally {
      await plain.close();
    }
  });
});

// The host/worker sealing messages without a server (`noTest`): runs even where PostgreSQL is missing.
describe('connect.add sealing through the engine host (no server)', () => {
  it('stores only the host-sealed blob, and refuses a password without a sealer', async () => {
    const tmp = tempDir('strata-conn-seal-');
    try {
      const path = join(tmp.dir, 's.db');
      const engine = new EngineHost(path, { sealSecret: seal, openSecret: open });
      try {
        const add = await engine.invoke('connect.add', { name: 'far', host: 'db.invalid', database: 'cvec', user: 'plant', password: 'pw-123', noTest: true });
        expect(add).toMatchObject({ ok: true, value: { name: 'far', schema: 'plant', port: 5432, tls: { mode: 'prefer' }, password: 'sealed by the app keychain' } });
        expect(add.ok && 'test' in (add.value as object)).toBe(false);
        expect(await engine.invoke('connect.edit', { name: 'far', password: 'pw-456' })).toMatchObject({ ok: true, value: { password: 'sealed by the app keychain' } });
      } finally {
        await engine.close();
      }
      const store = new Store(path);
      const row = store.db.prepare('SELECT secret FROM connection WHERE name = ?').get('far') as { secret: Buffer };
      expect(open(row.secret)).toBe('pw-456');
      expect(row.secret.toString('latin1')).not.toContain('pw-456');
      store.close();

      const plain = new EngineHost(join(tmp.dir, 'p.db'));
      try {
        expect(await plain.invoke('connect.add', { name: 'far', host: 'db.invalid', database: 'cvec', user: 'plant', password: 'pw', noTest: true })).toMatchObject({ ok: false, error: { code: 'no_keychain' } });
        expect(await plain.invoke('connect.list', {})).toEqual({ ok: true, value: [] });
      } finally {
        await plain.close();
      }
    } finally {
      tmp.cleanup();
    }
  });
});
