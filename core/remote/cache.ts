import { nowUs } from '../series/time.js';
import type { Store } from '../store/store.js';

/**
 * The local cache of what was fetched from connections (table `remote_cache`, migration 0007). An entry is
 * one answer — a value window, a chart envelope, spans, bucketed aggregates, the tag list — keyed by
 * connection, tag, kind and the request, with the fingerprint of the remote data it was computed from
 * (see source.ts for how change is detected) and the server's WAL position at the time.
 *
 * Bounded: entries larger than `maxEntryBytes` are not kept, and the least recently used go once the
 * total passes `maxBytes`.
 */

export interface CacheEntry {
  fingerprint: string;
  lsn: string | null;
  fetchedAt: number;
  /** The request the entry answers (JSON), for lookups by containment. */
  request: string;
  payload: Buffer;
}

export interface CacheLimits {
  maxBytes: number;
  maxEntryBytes: number;
}

export const DEFAULT_CACHE_LIMITS: CacheLimits = { maxBytes: 512 * 1024 * 1024, maxEntryBytes: 64 * 1024 * 1024 };

interface Row {
  fingerprint: string;
  lsn: string | null;
  fetched_at: number;
  request: string;
  payload: Buffer;
}

export class RemoteCache {
  private readonly q;
  private clock = 0;

  constructor(private readonly store: Store, private readonly limits: CacheLimits = DEFAULT_CACHE_LIMITS) {
    const db = store.db;
    this.q = {
      get: db.prepare<[string, string, string, string], Row>('SELECT fingerprint, lsn, fetched_at, request, payload FROM remote_cache WHERE connection = ? AND tag = ? AND kind = ? AND request = ?'),
      ofKind: db.prepare<[string, string, string], Row>('SELECT fingerprint, lsn, fetched_at, request, payload FROM remote_cache WHERE connection = ? AND tag = ? AND kind = ? ORDER BY fetched_at DESC'),
      touch: db.prepare('UPDATE remote_cache SET used_at = ?, lsn = coalesce(?, lsn) WHERE connection = ? AND tag = ? AND kind = ? AND request = ?'),
      put: db.prepare(
        `INSERT INTO remote_cache (connection, tag, kind, request, fingerprint, lsn, fetched_at, used_at, bytes, payload) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (connection, tag, kind, request) DO UPDATE SET fingerprint = excluded.fingerprint, lsn = excluded.lsn,
           fetched_at = excluded.fetched_at, used_at = excluded.used_at, bytes = excluded.bytes, payload = excluded.payload`,
      ),
      total: db.prepare<[], { n: number | null }>('SELECT sum(bytes) AS n FROM remote_cache'),
      oldest: db.prepare<[], { connection: string; tag: string; kind: string; request: string; bytes: number }>(
        'SELECT connection, tag, kind, request, bytes FROM remote_cache ORDER BY used_at LIMIT 64',
      ),
      del: db.prepare('DELETE FROM remote_cache WHERE connection = ? AND tag = ? AND kind = ? AND request = ?'),
      clear: db.prepare('DELETE FROM remote_cache WHERE connection = ?'),
      stats: db.prepare<[string], { n: number; bytes: number | null; newest: number | null }>(
        'SELECT count(*) AS n, sum(bytes) AS bytes, max(fetched_at) AS newest FROM remote_cache WHERE connection = ?',
      ),
    };
  }

  get(conn: string, tag: string, kind: string, request: string): CacheEntry | undefined {
    const r = this.q.get.get(conn, tag, kind, request);
    return r ? toEntry(r) : undefined;
  }

  /** Entries of a kind for a tag, newest first (to find a cached window containing a request). */
  ofKind(conn: string, tag: string, kind: string): CacheEntry[] {
    return this.q.ofKind.all(conn, tag, kind).map(toEntry);
  }

  /** Marks an entry used (and still valid at `lsn`). */
  touch(conn: string, tag: string, kind: string, request: string, lsn: string | null = null): void {
    this.q.touch.run(this.tick(), lsn, conn, tag, kind, request);
  }

  /** Use times that increase even within one millisecond, so "least recently used" is exact. */
  private tick(): number {
    this.clock = Math.max(nowUs(), this.clock + 1);
    return this.clock;
  }

  /** Keeps an answer; returns false when it is too big to keep. */
  put(conn: string, tag: string, kind: string, request: string, fingerprint: string, lsn: string | null, payload: Buffer): boolean {
    if (payload.byteLength > this.limits.maxEntryBytes) return false;
    const now = this.tick();
    this.store.transaction(() => {
      this.q.put.run(conn, tag, kind, request, fingerprint, lsn, now, now, payload.byteLength, payload);
      let total = this.q.total.get()?.n ?? 0;
      while (total > this.limits.maxBytes) {
        const old = this.q.oldest.all();
        if (!old.length) break;
        for (const o of old) {
          if (total <= this.limits.maxBytes) break;
          if (o.connection === conn && o.tag === tag && o.kind === kind && o.request === request) continue;
          this.q.del.run(o.connection, o.tag, o.kind, o.request);
          total -= o.bytes;
        }
        if (old.length === 1) break;
      }
    });
    return true;
  }

  clear(conn: string): void {
    this.q.clear.run(conn);
  }

  stats(conn: string): { entries: number; bytes: number; newest: number | null } {
    const r = this.q.stats.get(conn)!;
    return { entries: r.n, bytes: r.bytes ?? 0, newest: r.newest };
  }
}

function toEntry(r: Row): CacheEntry {
  return { fingerprint: r.fingerprint, lsn: r.lsn, fetchedAt: r.fetched_at, request: r.request, payload: r.payload };
}

/** A payload: a JSON header and float64 columns, 8-byte aligned: [u32 header length][header][pad][f64...]. */
export function encodePayload(header: unknown, columns: Float64Array[] = []): Buffer {
  const head = Buffer.from(JSON.stringify({ h: header, n: columns.map((c) => c.length) }), 'utf8');
  const start = Math.ceil((4 + head.length) / 8) * 8;
  const total = start + columns.reduce((n, c) => n + c.byteLength, 0);
  const buf = Buffer.alloc(total);
  buf.writeUInt32LE(head.length, 0);
  head.copy(buf, 4);
  let pos = start;
  for (const c of columns) {
    Buffer.from(c.buffer, c.byteOffset, c.byteLength).copy(buf, pos);
    pos += c.byteLength;
  }
  return buf;
}

export function decodePayload<H>(buf: Buffer): { header: H; columns: Float64Array[] } {
  const len = buf.readUInt32LE(0);
  const meta = JSON.parse(buf.subarray(4, 4 + len).toString('utf8')) as { h: H; n: number[] };
  let pos = Math.ceil((4 + len) / 8) * 8;
  const columns = meta.n.map((n) => {
    const a = new Float64Array(n);
    new Uint8Array(a.buffer).set(buf.subarray(pos, pos + n * 8));
    pos += n * 8;
    return a;
  });
  return { header: meta.h, columns };
}
