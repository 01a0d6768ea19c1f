import { describe, expect, it } from 'vitest';
import { checkConnectionName, connectionUrl, parseConnectionUrl } from '../../../core/remote/config.js';
import { escapeCopy } from '../../../core/remote/copy-text.js';
import { CopyBinaryPointsReader } from '../../../core/remote/copy-binary.js';
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

/** A binary COPY stream of (timestamp, value) rows as PostgreSQL writes it. */
function binaryCopy(rows: [bigint, Buffer | null][]): Buffer {
  const parts: Uint8Array[] = [Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), Buffer.alloc(8)];
  for (const [t, v] of rows) {
    const head = Buffer.alloc(2 + 4 + 8 + 4);
    head.writeInt16BE(2, 0);
    head.writeInt32BE(8, 2);
    head.writeBigInt64BE(t, 6);
    head.writeInt32BE(v === null ? -1 : v.length, 14);
    parts.push(head, ...(v ? [v] : []));
  }
  parts.push(Buffer.from([0xff, 0xff]));
  return Buffer.concat(parts);
}
const f8 = (x: number) => {
  const b = Buffer.alloc(8);
  b.writeDoubleBE(x);
  return b;
};
// µs from 2000-01-01 (PostgreSQL's epoch) of 2024-01-01T00:00:00.000001Z.
const T = BigInt(Date.UTC(2024, 0, 1) * 1000 - 946_684_800_000_000 + 1);

describe('binary COPY', () => {
  it('reads timestamps exactly, numbers, NULLs and text split anywhere across chunks', () => {
    const r = new CopyBinaryPointsReader('string');
    const buf = binaryCopy([[T, Buffer.from('auto')], [T + 1n, null], [T + 2n, Buffer.from('café\ttab')]]);
    for (let i = 0; i < buf.length; i += 3) r.push(buf.subarray(i, i + 3));
    const out = r.finish();
    expect(Array.from(out.times)).toEqual([0, 1, 2].map((k) => Date.UTC(2024, 0, 1) * 1000 + 1 + k));
    expect(out.values).toEqual(['auto', null, 'café\ttab']);
    const n = new CopyBinaryPointsReader('float64');
    n.push(binaryCopy([[T, f8(1.5)], [T + 5n, null], [T + 9n, f8(NaN)], [T + 10n, f8(-1e300)]]));
    expect(Array.from(n.finish().values as Float64Array)).toEqual([1.5, NaN, NaN, -1e300]);
  });

  it('refuses a stream that is not binary COPY, ends early, or holds infinite timestamps', () => {
    expect(() => new CopyBinaryPointsReader('float64').push(Buffer.from('1\t2\n3\t4\n5\t6\n7\t8\n9\t0\n'))).toThrow(/PGCOPY signature/);
    const cut = new CopyBinaryPointsReader('float64');
    const full = binaryCopy([[T, f8(1)]]);
    cut.push(full.subarray(0, full.length - 5));
    expect(() => cut.finish()).toThrow(/ended early/);
    expect(() => new CopyBinaryPointsReader('float64').push(binaryCopy([[0x7fffffffffffffffn, f8(1)]]))).toThrow(/infinite timestamp/);
  });

  it('escapes what the sink writes in COPY text', () => {
    expect(escapeCopy('a\tb\\c\nd\re')).toBe('a\\tb\\\\c\\nd\\re');
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
