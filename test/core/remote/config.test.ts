import { describe, expect, it } from 'vitest';
import { checkConnectionName, connectionUrl, parseConnectionUrl } from '../../../core/remote/config.js';
import { unescapeCopy, escapeCopy, CopyPointsReader } from '../../../core/remote/copy-text.js';
import { decodePayload, encodePayload } from '../../../core/remote/cache.js';
import { envOrPromptSecrets, sealedSecrets, type Sealer } from '../../../core/remote/secrets.js';

describe('connection URLs', () => {
  it('reads user, host, port, database, TLS mode and schema', () => {
    expect(parseConnectionUrl('postgresql://plant@db.example:6543/cvec?sslmode=verify-full&sslrootcert=/etc/ca.pem&schema=tenant')).toEqual({
      user: 'plant',
      host: 'db.example',
      port: 6543,
      database: 'cvec',
      schema: 'tenant',
      tls: { mode: 'verify-full', ca: '/etc/ca.pem' },
    });
    expect(parseConnectionUrl('postgres://a%40b@[::1]/d')).toMatchObject({ user: 'a@b', host: '::1', port: 5432, tls: { mode: 'prefer' } });
  });

  it('refuses a password in the URL and says where it goes instead', () => {
    expect(() => parseConnectionUrl('postgresql://plant:secret@h/db')).toThrow(/PGPASSWORD/);
  });

  it('refuses what is not a usable PostgreSQL URL, saying what is missing', () => {
    expect(() => parseConnectionUrl('mysql://u@h/db')).toThrow(/scheme/);
    expect(() => parseConnectionUrl('postgresql://h/db')).toThrow(/no user/);
    expect(() => parseConnectionUrl('postgresql://u@h')).toThrow(/no database/);
    expect(() => parseConnectionUrl('postgresql://u@h/db?sslmode=sometimes')).toThrow(/sslmode/);
    expect(() => parseConnectionUrl('postgresql://u@h/db?foo=1')).toThrow(/unsupported URL parameter/);
    expect(() => parseConnectionUrl('not a url')).toThrow(/not a URL/);
  });

  it('prints a connection back without a password', () => {
    const url = connectionUrl({ name: 'p', host: 'h', port: 5432, database: 'd', schema: 's', user: 'u', tls: { mode: 'require' } });
    expect(url).toBe('postgresql://u@h:5432/d?sslmode=require');
  });

  it('checks connection names (no slash: it prefixes series names)', () => {
    expect(() => checkConnectionName('plant')).not.toThrow();
    expect(() => checkConnectionName('a/b')).toThrow(/no '\/'/);
    expect(() => checkConnectionName('')).toThrow();
  });
});

describe('COPY text format', () => {
  it('reads rows split anywhere across chunks, NULLs, escapes and multi-byte text', () => {
    const r = new CopyPointsReader('string');
    const text = Buffer.from('1\tauto\n2\t\\N\n3\ttab\\there\\\\ and \\n\n4\tcaf\u00e9 \\303\\251\n');
    for (let i = 0; i < text.length; i += 3) r.push(text.subarray(i, i + 3));
    const out = r.finish();
    expect(Array.from(out.times)).toEqual([1, 2, 3, 4]);
    expect(out.values).toEqual(['auto', null, 'tab\there\\ and \n', 'café é']);
  });

  it('reads numbers, NaN and NULL, and refuses broken rows', () => {
    const r = new CopyPointsReader('float64');
    r.push(Buffer.from('10\t1.5\n20\tNaN\n30\t\\N\n40\t-1e+300\n'));
    const out = r.finish();
    expect(Array.from(out.values as Float64Array)).toEqual([1.5, NaN, NaN, -1e300]);
    const bad = new CopyPointsReader('float64');
    expect(() => bad.push(Buffer.from('x\t1\n'))).toThrow(/whole microseconds/);
    const cut = new CopyPointsReader('float64');
    cut.push(Buffer.from('1\t2'));
    expect(() => cut.finish()).toThrow(/ended inside a row/);
  });

  it('escapes what it writes so that reading gives it back', () => {
    for (const s of ['a\tb', 'back\\slash', 'line\nbreak\r', 'plain']) expect(unescapeCopy(escapeCopy(s))).toBe(s);
  });
});

describe('cache payloads', () => {
  it('round-trips a header and float64 columns', () => {
    const buf = encodePayload({ mode: 'raw', n: 3 }, [Float64Array.of(1, 2, 3), Float64Array.of(NaN, -0, 5e-324)]);
    const { header, columns } = decodePayload<{ mode: string }>(buf);
    expect(header).toEqual({ mode: 'raw', n: 3 });
    expect(Array.from(columns[0]!)).toEqual([1, 2, 3]);
    expect(Object.is(columns[1]![1], -0)).toBe(true);
    expect(columns[1]![2]).toBe(5e-324);
  });
});

describe('secret providers', () => {
  const conn = { name: 'p', host: 'h', port: 5432, database: 'd', schema: 's', user: 'u', tls: { mode: 'prefer' as const } };
  it('takes $PGPASSWORD first, else asks once per connection', async () => {
    expect(await envOrPromptSecrets({ PGPASSWORD: 'x' }).password(conn)).toBe('x');
    expect(await envOrPromptSecrets({}).password(conn)).toBeUndefined();
    let asked = 0;
    const p = envOrPromptSecrets({}, async () => `pw${++asked}`);
    expect(await p.password(conn)).toBe('pw1');
    expect(await p.password(conn)).toBe('pw1');
  });

  it('opens the app\'s sealed blobs with the keychain, falling back when there is none', async () => {
    const sealer: Sealer = {
      isEncryptionAvailable: () => true,
      encryptString: (s) => Buffer.from([...Buffer.from(s)].map((b) => b ^ 0x5a)),
      decryptString: (b) => Buffer.from([...b].map((x) => x ^ 0x5a)).toString(),
    };
    const sealed = sealer.encryptString('keychain-pw');
    expect(sealed.toString()).not.toContain('keychain-pw');
    const p = sealedSecrets(sealer, (n) => (n === 'p' ? sealed : null), envOrPromptSecrets({ PGPASSWORD: 'env' }));
    expect(await p.password(conn)).toBe('keychain-pw');
    expect(await p.password({ ...conn, name: 'q' })).toBe('env');
  });
});
