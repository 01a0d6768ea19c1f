// Connections in the local store (no server needed).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Store } from '../../../core/store/store.js';
import { addConnection, findConnection, listConnections, removeConnection, updateConnection, setSealedSecret, sealedSecretOf, RemoteCache } from '../../../core/remote/index.js';
import { tempDir } from '../../helpers/cli.js';

const conn = { name: 'plant', host: 'db.example', port: 5432, database: 'cvec', schema: 'plant', user: 'plant', tls: { mode: 'require' as const } };
const pts = { tzaware: true, valueType: 'float64' as const, times: Float64Array.of(1), values: Float64Array.of(1) };

let tmp: ReturnType<typeof tempDir>;
let store: Store;
beforeEach(() => {
  tmp = tempDir();
  store = new Store(`${tmp.dir}/s.db`);
});
afterEach(() => {
  store.close();
  tmp.cleanup();
});

describe('connections in the store', () => {
  it('adds, lists, edits and removes; names own their prefix', () => {
    addConnection(store, conn);
    expect(listConnections(store).map((c) => [c.name, c.tls.mode, c.hasSealedSecret])).toEqual([['plant', 'require', false]]);
    expect(store.connectionOf('plant/temp')).toBe('plant');
    expect(store.connectionOf('plant/a/b')).toBe('plant');
    expect(store.connectionOf('plantx/temp')).toBeNull();
    expect(store.connectionOf('temp')).toBeNull();
    expect(() => addConnection(store, conn)).toThrow(/exists/);
    expect(() => addConnection(store, { ...conn, name: 'a/b' })).toThrow(/no '\/'/);
    expect(() => addConnection(store, { ...conn, name: 'x', port: 0 })).toThrow(/port/);
    const edited = updateConnection(store, 'plant', { host: 'db2.example', tls: { mode: 'verify-full', ca: '/ca.pem' } });
    expect(edited).toMatchObject({ host: 'db2.example', tls: { mode: 'verify-full', ca: '/ca.pem' }, schema: 'plant' });
    removeConnection(store, 'plant');
    expect(findConnection(store, 'plant')).toBeUndefined();
    expect(() => removeConnection(store, 'plant')).toThrow(/no connection named "plant"/);
  });

  it('refuses a connection whose prefix local series already use, and local writes under a connection', () => {
    store.update('site/temp', pts);
    expect(() => addConnection(store, { ...conn, name: 'site' })).toThrow(/already use the prefix "site\/"/);
    addConnection(store, conn);
    expect(() => store.update('plant/x', pts)).toThrow(/read-only/);
    expect(() => store.rename('site/temp', 'plant/temp')).toThrow(/read-only/);
    // Without the connection, the name is an ordinary local name again.
    removeConnection(store, 'plant');
    expect(store.update('plant/x', pts).revision).not.toBeNull();
  });

  it('keeps only an opaque sealed blob for the app, and drops the cache on edit and removal', () => {
    addConnection(store, conn);
    setSealedSecret(store, 'plant', Buffer.from([1, 2, 3]));
    expect(sealedSecretOf(store, 'plant')).toEqual(Buffer.from([1, 2, 3]));
    expect(listConnections(store)[0]!.hasSealedSecret).toBe(true);
    const cache = new RemoteCache(store);
    cache.put('plant', 'temp', 'points', '{}', 'fp', null, Buffer.from('x'));
    expect(cache.stats('plant').entries).toBe(1);
    updateConnection(store, 'plant', { port: 6432 });
    expect(cache.stats('plant').entries).toBe(0);
    cache.put('plant', 'temp', 'points', '{}', 'fp', null, Buffer.from('x'));
    removeConnection(store, 'plant');
    expect(cache.stats('plant').entries).toBe(0);
  });

  it('bounds the cache: big entries are not kept, the least recently used go first', () => {
    addConnection(store, conn);
    const cache = new RemoteCache(store, { maxBytes: 100, maxEntryBytes: 60 });
    expect(cache.put('plant', 'a', 'points', '1', 'fp', null, Buffer.alloc(61))).toBe(false);
    cache.put('plant', 'a', 'points', '1', 'fp', null, Buffer.alloc(40));
    cache.put('plant', 'b', 'points', '1', 'fp', null, Buffer.alloc(40));
    cache.touch('plant', 'a', 'points', '1');
    cache.put('plant', 'c', 'points', '1', 'fp', null, Buffer.alloc(40));
    expect(cache.get('plant', 'b', 'points', '1')).toBeUndefined();
    expect(cache.get('plant', 'c', 'points', '1')).toBeDefined();
    expect(cache.stats('plant').bytes).toBeLessThanOrEqual(100);
  });
});
