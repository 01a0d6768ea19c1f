import { StrataError } from '../base/errors.js';
import type { Disposable } from '../base/disposable.js';
import { Bins } from '../series/envelope.js';
import { sliceSeries, type TimeSeries, type ValueType } from '../series/series.js';
import { formatTimestamp } from '../series/time.js';
import type { Span } from '../spans/constant.js';
import type { ChartData } from '../store/chart.js';
import type { SeriesSource } from '../store/sources.js';
import type { Store } from '../store/store.js';
import type { ReadOptions, SeriesInfo } from '../store/types.js';
import { DEFAULT_CACHE_LIMITS, RemoteCache, decodePayload, encodePayload, type CacheEntry, type CacheLimits } from './cache.js';
import { RemoteClient } from './client.js';
import { findConnection, listConnections, type StoredConnection } from './connections.js';
import type { SecretProvider } from './secrets.js';
import type { ConnectionConfig } from './config.js';
import * as sql from './sql.js';
import { fetchAggregate, fetchChart, fetchLocfSample, fetchPoints, fetchSpans, type RemoteTag, type SampleGridSpec } from './pushdown.js';
export type { RemoteTag } from './pushdown.js';
import type { Layout, Window } from './sql.js';

export interface RemoteOptions {
  secrets: SecretProvider;
  connectTimeoutMs?: number;
  statementTimeoutMs?: number;
  cacheLimits?: CacheLimits;
  /** How long the tag directory of a connection is trusted in memory before it is read again (default 5 s). */
  directoryTtlMs?: number;
  /** Called once per connection when answers come from the cache because the server cannot be reached. */
  onNotice?: (n: RemoteNotice) => void;
  /** Turn the cache off (benchmarks measuring the push-down itself). */
  noCache?: boolean;
}

/** What `connect test` reports. */
export interface ConnectionProbe {
  server: string;
  timescale: string | null;
  bucket: sql.BucketFunction;
  user: string;
  schema: string;
  tls: boolean;
  tzaware: boolean;
  tags: number;
  latency_ms: number;
}

/** Said when the server is away and an answer comes from what was cached. */
export interface RemoteNotice {
  connection: string;
  message: string;
}

interface Directory {
  layout: Layout;
  tags: Map<string, RemoteTag>;
}

interface Fingerprint {
  n: number;
  first: number | null;
  last: number | null;
  sum: number | string | null;
  nv: number;
}

const q = (s: string) => JSON.stringify(s);

/** What one answer is about: a tag of a connection. */
interface Target {
  conn: StoredConnection;
  client: RemoteClient;
  tagName: string;
}

/**
 * The tags of every connection in the store as read-only series `<connection>/<tag>` (a SeriesSource).
 *
 * Reads are pushed down as SQL (sql.ts) and their answers cached in the local store. Change detection,
 * cheapest first: (1) the server's WAL position (`pg_current_wal_lsn()`, one row, O(1)) — if it has not
 * moved since an answer was cached, nothing in the database changed and the answer is reused as is;
 * (2) otherwise the fingerprint of the tag's data in the request's window (count, first and last time,
 * value checksum: one scan, one row back) — if it equals the cached answer's, the answer is reused;
 * (3) otherwise the answer is computed again. When the server cannot be reached, the cached answer is
 * served and a notice says so; with nothing cached the read fails with `remote_unavailable`.
 */
export class RemoteSources implements SeriesSource, Disposable {
  readonly cache: RemoteCache;
  private readonly clients = new Map<string, { client: RemoteClient; updatedAt: number }>();
  private readonly dirs = new Map<string, { at: number; lsn: string | null; dir: Directory }>();
  private readonly noticed = new Set<string>();
  private readonly pending: string[] = [];

  constructor(private readonly store: Store, private readonly opts: RemoteOptions) {
    this.cache = new RemoteCache(store, opts.cacheLimits ?? DEFAULT_CACHE_LIMITS);
  }

  owns(name: string): boolean {
    return this.store.connectionOf(name) !== null;
  }

  /** Notices since the last call (for transports that report them with a result). */
  takeNotices(): string[] {
    return this.pending.splice(0);
  }

  /** The client of a connection (recreated when the connection was edited). */
  client(name: string): RemoteClient {
    const conn = findConnection(this.store, name);
    if (!conn) throw new StrataError('unknown_connection', `no connection named ${q(name)}`, { connection: name });
    const cur = this.clients.get(name);
    if (cur && cur.updatedAt === conn.updatedAt) return cur.client;
    if (cur) void cur.client.close();
    const client = new RemoteClient(conn, {
      secrets: this.opts.secrets,
      ...(this.opts.connectTimeoutMs !== undefined ? { connectTimeoutMs: this.opts.connectTimeoutMs } : {}),
      ...(this.opts.statementTimeoutMs !== undefined ? { statementTimeoutMs: this.opts.statementTimeoutMs } : {}),
    });
    this.clients.set(name, { client, updatedAt: conn.updatedAt });
    this.dirs.delete(name);
    return client;
  }

  private target(name: string): Target {
    const connName = this.store.connectionOf(name);
    if (connName === null) throw new StrataError('unknown_series', `no series named ${q(name)}`, { name });
    const client = this.client(connName);
    return { conn: client.conn as StoredConnection, client, tagName: name.slice(connName.length + 1) };
  }

  private notice(conn: string, err: StrataError, fetchedAt: number): void {
    if (this.noticed.has(conn)) return;
    this.noticed.add(conn);
    const message = `connection ${conn} is unreachable (${err.message}); answering from the cache of ${formatTimestamp(fetchedAt, true)}`;
    this.pending.push(message);
    this.opts.onNotice?.({ connection: conn, message });
  }

  // ---- directory ------------------------------------------------------------------------------

  /**
   * The connection's layout and tags: from memory while fresh (`directoryTtlMs`) or while the server's WAL
   * position has not moved, else from the server, else (server away) from the cache.
   */
  async directory(connName: string, fresh = false): Promise<Directory> {
    const client = this.client(connName);
    const ttl = this.opts.directoryTtlMs ?? 5_000;
    const mem = this.dirs.get(connName);
    if (mem && !fresh && Date.now() - mem.at < ttl) return mem.dir;
    try {
      const lsn = await this.lsn(client);
      if (mem && !fresh && lsn !== null && mem.lsn === lsn) {
        mem.at = Date.now();
        return mem.dir;
      }
      const layout = await client.probe();
      const rows = await client.query(sql.tagsSql(layout));
      const tags = new Map<string, RemoteTag>();
      for (const r of rows) {
        const name = String(r.name);
        // Duplicate names (tag_names has no unique constraint): the oldest id wins.
        if (tags.has(name)) continue;
        tags.set(name, {
          id: r.id as number,
          name,
          valueType: !r.has_float && r.has_string ? 'string' : 'float64',
          birthAt: (r.birth_at as number | null) ?? null,
          deathAt: (r.death_at as number | null) ?? null,
        });
      }
      const dir = { layout, tags };
      this.dirs.set(connName, { at: Date.now(), lsn, dir });
      if (!this.opts.noCache) this.cache.put(connName, '', 'directory', '', '', lsn, encodePayload({ layout, tags: [...tags.values()] }));
      return dir;
    } catch (e) {
      const cached = this.cache.get(connName, '', 'directory', '');
      if (!isUnavailable(e) || !cached) throw e;
      this.notice(connName, e as StrataError, cached.fetchedAt);
      const { header } = decodePayload<{ layout: Layout; tags: RemoteTag[] }>(cached.payload);
      const dir = { layout: header.layout, tags: new Map(header.tags.map((t) => [t.name, t])) };
      this.dirs.set(connName, { at: Date.now(), lsn: null, dir });
      return dir;
    }
  }

  private async tag(t: Target): Promise<{ tag: RemoteTag; layout: Layout }> {
    const dir = await this.directory(t.conn.name);
    const tag = dir.tags.get(t.tagName);
    if (!tag) {
      const name = `${t.conn.name}/${t.tagName}`;
      throw new StrataError('unknown_series', `no series named ${q(name)}: connection ${t.conn.name} has no tag ${q(t.tagName)} in schema ${t.conn.schema}`, { name });
    }
    return { tag, layout: dir.layout };
  }

  // ---- the cached-answer protocol ---------------------------------------------------------------

  private async lsn(client: RemoteClient): Promise<string | null> {
    try {
      return String((await client.query(sql.LSN_SQL))[0]!.lsn);
    } catch (e) {
      // A role that may not read the WAL position just skips the cheap check.
      if ((e as StrataError).code === 'remote_permission') return null;
      throw e;
    }
  }

  private async fingerprint(client: RemoteClient, layout: Layout, tag: RemoteTag, w: Window): Promise<string> {
    const r = (await client.query(sql.fingerprintSql(layout, tag.valueType, tag.id, w)))[0]!;
    const fp: Fingerprint = { n: r.n as number, first: (r.first as number | null) ?? null, last: (r.last as number | null) ?? null, sum: (r.sum as number | string | null) ?? null, nv: r.nv as number };
    return JSON.stringify(fp);
  }

  /**
   * An answer for (tag, kind, request): from the cache while the data in `window` has not changed (see
   * the class comment), else computed by `compute` and cached; from the cache, with a notice, when the
   * server is away. `fallback` may find a cached answer to a wider request (a containing value window).
   */
  private async answer<T>(
    t: Target,
    kind: string,
    request: unknown,
    window: Window,
    compute: (tag: RemoteTag, layout: Layout) => Promise<{ value: T; payload: Buffer }>,
    decode: (e: CacheEntry) => T,
    fallback?: () => { entry: CacheEntry; window: Window; use: (e: CacheEntry) => T } | undefined,
  ): Promise<T> {
    const conn = t.conn.name;
    const req = JSON.stringify(request);
    const entry = this.opts.noCache ? undefined : this.cache.get(conn, t.tagName, kind, req);
    const wider = entry || this.opts.noCache ? undefined : fallback?.();
    try {
      const { tag, layout } = await this.tag(t);
      if (this.opts.noCache) return (await compute(tag, layout)).value;
      const lsn = await this.lsn(t.client);
      for (const c of [entry && { entry, window, use: decode }, wider]) {
        if (!c) continue;
        if (lsn !== null && c.entry.lsn === lsn) {
          this.cache.touch(conn, t.tagName, kind, c.entry.request);
          return c.use(c.entry);
        }
        if ((await this.fingerprint(t.client, layout, tag, c.window)) === c.entry.fingerprint) {
          this.cache.touch(conn, t.tagName, kind, c.entry.request, lsn);
          return c.use(c.entry);
        }
      }
      // Fingerprint before computing: a write in between makes the next read recompute, never serve stale data.
      const fp = await this.fingerprint(t.client, layout, tag, window);
      const out = await compute(tag, layout);
      this.cache.put(conn, t.tagName, kind, req, fp, lsn, out.payload);
      return out.value;
    } catch (e) {
      if (!isUnavailable(e)) throw e;
      const c = entry ? { entry, use: decode } : wider;
      if (!c) {
        const err = e as StrataError;
        throw new StrataError(err.code, `${err.message} (and nothing cached answers this request)`, err.details);
      }
      this.notice(conn, e as StrataError, c.entry.fetchedAt);
      return c.use(c.entry);
    }
  }

  // ---- SeriesSource -------------------------------------------------------------------------------

  async list(): Promise<SeriesInfo[]> {
    const out: SeriesInfo[] = [];
    for (const c of listConnections(this.store)) {
      try {
        out.push(...(await this.listConnection(c.name)));
      } catch (e) {
        // One connection that cannot answer (unreachable with nothing cached, a refused password, a schema
        // gone) leaves the rest of the list intact, and says why.
        if (!(e instanceof StrataError) || !e.code.startsWith('remote_')) throw e;
        const why = isUnavailable(e) ? 'is unreachable and nothing of it is cached' : 'cannot be read';
        const msg = `connection ${c.name} ${why}: its tags are not listed (${e.message})`;
        if (!this.noticed.has(c.name)) {
          this.noticed.add(c.name);
          this.pending.push(msg);
          this.opts.onNotice?.({ connection: c.name, message: msg });
        }
      }
    }
    return out;
  }

  /** Every tag of one connection with count, first and last (one scan of each data table). */
  async listConnection(connName: string): Promise<SeriesInfo[]> {
    const dir = await this.directory(connName);
    const client = this.client(connName);
    type Stats = Record<string, { n: number; first: number | null; last: number | null }>;
    let stats: Stats;
    let offline: number | null = null;
    const cached = this.cache.get(connName, '', 'stats', '');
    try {
      const lsn = await this.lsn(client);
      if (cached && lsn !== null && cached.lsn === lsn) stats = decodePayload<Stats>(cached.payload).header;
      else {
        stats = {};
        for (const vt of ['float64', 'string'] as const) {
          for (const r of await client.query(sql.tagStatsSql(dir.layout, vt))) stats[`${vt}:${r.id}`] = { n: r.n as number, first: r.first as number | null, last: r.last as number | null };
        }
        if (!this.opts.noCache) this.cache.put(connName, '', 'stats', '', '', lsn, encodePayload(stats));
      }
    } catch (e) {
      if (!isUnavailable(e) || !cached) throw e;
      this.notice(connName, e as StrataError, cached.fetchedAt);
      stats = decodePayload<Stats>(cached.payload).header;
      offline = cached.fetchedAt;
    }
    return [...dir.tags.values()].map((tag) => {
      const s = stats[`${tag.valueType}:${tag.id}`] ?? { n: 0, first: null, last: null };
      return this.infoOf(connName, dir.layout, tag, s, offline);
    });
  }

  private infoOf(connName: string, layout: Layout, tag: RemoteTag, s: { n: number; first: number | null; last: number | null }, offline: number | null): SeriesInfo {
    return {
      name: `${connName}/${tag.name}`,
      kind: 'remote',
      valueType: tag.valueType,
      tzaware: layout.tzaware[tag.valueType],
      unit: '',
      metadata: {
        connection: connName,
        tag: tag.name,
        tag_id: tag.id,
        birth_at: tag.birthAt === null ? null : formatTimestamp(tag.birthAt, true),
        ...(offline !== null ? { offline: true, cached_at: formatTimestamp(offline, true) } : {}),
      },
      count: s.n,
      first: s.first,
      last: s.last,
      createdAt: tag.birthAt ?? s.first ?? 0,
      deathAt: tag.deathAt,
      lastInsertionDate: null,
      revisions: 0,
    };
  }

  async exists(name: string): Promise<boolean> {
    const t = this.target(name);
    return (await this.directory(t.conn.name)).tags.has(t.tagName);
  }

  /** A LIMIT 1 probe: cheaper than validating a cached answer, so asked every time (the cache serves offline). */
  async hasPointsIn(name: string, from: number | null, to: number | null): Promise<boolean> {
    const t = this.target(name);
    const w: Window = { from, to, toInclusive: false };
    const req = JSON.stringify({ from, to });
    try {
      const { tag, layout } = await this.tag(t);
      const has = ((await t.client.query(sql.countUpToSql(layout, tag.valueType, tag.id, w, 1)))[0]!.n as number) > 0;
      if (!this.opts.noCache) this.cache.put(t.conn.name, t.tagName, 'has', req, '', null, encodePayload(has));
      return has;
    } catch (e) {
      const cached = this.cache.get(t.conn.name, t.tagName, 'has', req);
      if (!isUnavailable(e) || !cached) throw e;
      this.notice(t.conn.name, e as StrataError, cached.fetchedAt);
      return decodePayload<boolean>(cached.payload).header;
    }
  }

  async info(name: string): Promise<SeriesInfo> {
    const t = this.target(name);
    const { fp, offline } = await this.wholeFingerprint(t);
    const { tag, layout } = await this.tag(t);
    return this.infoOf(t.conn.name, layout, tag, JSON.parse(fp) as Fingerprint, offline);
  }

  /** The fingerprint of all of a tag's data (its count, first and last come with it), cached like an answer. */
  private async wholeFingerprint(t: Target): Promise<{ fp: string; offline: number | null }> {
    const conn = t.conn.name;
    const entry = this.opts.noCache ? undefined : this.cache.get(conn, t.tagName, 'info', '');
    try {
      const { tag, layout } = await this.tag(t);
      const lsn = this.opts.noCache ? null : await this.lsn(t.client);
      if (entry && lsn !== null && entry.lsn === lsn) return { fp: entry.fingerprint, offline: null };
      const fp = await this.fingerprint(t.client, layout, tag, { from: null, to: null, toInclusive: true });
      if (!this.opts.noCache) this.cache.put(conn, t.tagName, 'info', '', fp, lsn, Buffer.alloc(0));
      return { fp, offline: null };
    } catch (e) {
      if (!isUnavailable(e) || !entry) throw e;
      this.notice(conn, e as StrataError, entry.fetchedAt);
      return { fp: entry.fingerprint, offline: entry.fetchedAt };
    }
  }

  async get(name: string, opts: ReadOptions = {}): Promise<TimeSeries> {
    const t = this.target(name);
    const from = opts.from ?? null;
    const to = opts.to ?? null;
    const w: Window = { from, to, toInclusive: true };
    const decode = (e: CacheEntry): TimeSeries => {
      const { header, columns } = decodePayload<{ valueType: ValueType; tzaware: boolean; strings?: (string | null)[] }>(e.payload);
      return { tzaware: header.tzaware, valueType: header.valueType, times: columns[0]!, values: header.valueType === 'float64' ? columns[1]! : header.strings! };
    };
    const contains = (r: { from: number | null; to: number | null }) => (r.from === null || (from !== null && r.from <= from)) && (r.to === null || (to !== null && to <= r.to));
    return this.answer(
      t,
      'points',
      { from, to },
      w,
      async (tag, layout) => {
        const s = await fetchPoints(t.client, layout, tag, w);
        const payload =
          s.valueType === 'float64'
            ? encodePayload({ valueType: s.valueType, tzaware: s.tzaware }, [s.times, s.values as Float64Array])
            : encodePayload({ valueType: s.valueType, tzaware: s.tzaware, strings: s.values }, [s.times]);
        return { value: s, payload };
      },
      decode,
      () => {
        for (const e of this.cache.ofKind(t.conn.name, t.tagName, 'points')) {
          const r = JSON.parse(e.request) as { from: number | null; to: number | null };
          if (contains(r)) return { entry: e, window: { ...r, toInclusive: true }, use: (x: CacheEntry) => sliceSeries(decode(x), from, to) };
        }
        return undefined;
      },
    );
  }

  async chart(name: string, opts: ReadOptions & { width: number }): Promise<ChartData & { tzaware: boolean }> {
    const t = this.target(name);
    const width = Math.max(1, Math.floor(opts.width));
    const from = opts.from ?? null;
    const to = opts.to ?? null;
    const w: Window = { from, to, toInclusive: true };
    type Header = { mode: 'raw' | 'columns'; tzaware: boolean; count: number };
    return this.answer(
      t,
      'envelope',
      { from, to, width },
      w,
      async (tag, layout) => {
        if (tag.valueType !== 'float64') throw new StrataError('value_type_mismatch', `${q(name)} holds strings; charts of envelopes need numbers`);
        const tzaware = layout.tzaware.float64;
        const d = await fetchChart(t.client, layout, tag, from, to, width);
        const payload =
          d.mode === 'raw'
            ? encodePayload({ mode: 'raw', tzaware, count: d.times.length } satisfies Header, [d.times, d.values])
            : encodePayload({ mode: 'columns', tzaware, count: d.count } satisfies Header, [d.columns.packed().slice()]);
        return { value: { ...d, tzaware }, payload };
      },
      (e) => {
        const { header, columns } = decodePayload<Header>(e.payload);
        if (header.mode === 'raw') return { mode: 'raw', times: columns[0]!, values: columns[1]!, tzaware: header.tzaware };
        return { mode: 'columns', count: header.count, binSize: 1, columns: Bins.from(columns[0]!), tzaware: header.tzaware };
      },
    );
  }

  async spans(name: string, from: number | null, to: number | null, limit: number | null): Promise<{ spans: Span[]; tzaware: boolean }> {
    const t = this.target(name);
    const w: Window = { from, to, toInclusive: false };
    return this.answer(
      t,
      'spans',
      { from, to, limit },
      w,
      async (tag, layout) => {
        const value = { spans: await fetchSpans(t.client, layout, tag, w, limit), tzaware: layout.tzaware[tag.valueType] };
        return { value, payload: encodePayload(value) };
      },
      (e) => decodePayload<{ spans: Span[]; tzaware: boolean }>(e.payload).header,
    );
  }

  async lastPointBefore(name: string, time: number): Promise<{ time: number; value: number | string | null } | null> {
    const t = this.target(name);
    const { tag, layout } = await this.tag(t);
    const r = (await t.client.query(sql.lastBeforeSql(layout, tag.valueType, tag.id, time)))[0];
    return r ? { time: r.t as number, value: (r.v as number | string | null) ?? null } : null;
  }

  async version(name: string): Promise<string> {
    return (await this.wholeFingerprint(this.target(name))).fp;
  }

  /**
   * CVec's `sample_metric_data` for one tag on the grid [b0 + k·width) k < nb over [lo, hi): time-weighted
   * LOCF averages for numbers, the value in force at each bucket's end for strings (see metrics/sample.ts).
   */
  async locfSample(name: string, grid: SampleGridSpec): Promise<Float64Array | (string | null)[]> {
    const t = this.target(name);
    const w: Window = { from: grid.lo, to: grid.hi, toInclusive: false };
    return this.answer(
      t,
      'locf',
      grid,
      w,
      async (tag, layout) => {
        const out = await fetchLocfSample(t.client, layout, tag, grid);
        return { value: out, payload: out instanceof Float64Array ? encodePayload({ strings: null }, [out]) : encodePayload({ strings: out }) };
      },
      (e) => {
        const { header, columns } = decodePayload<{ strings: (string | null)[] | null }>(e.payload);
        return header.strings ?? columns[0]!;
      },
    );
  }

  /** Bucketed aggregates computed on the server, shaped like core/ops resample (see pushdown.ts). */
  async aggregate(name: string, width: number, agg: sql.Aggregate, from: number | null, to: number | null): Promise<TimeSeries> {
    const t = this.target(name);
    const w: Window = { from, to, toInclusive: true };
    return this.answer(
      t,
      'aggregate',
      { width, agg, from, to },
      w,
      async (tag, layout) => {
        if (tag.valueType !== 'float64') throw new StrataError('value_type_mismatch', `${q(name)} holds strings; bucketed aggregates need numbers`);
        const r = await fetchAggregate(t.client, layout, tag, width, agg, w);
        return { value: r, payload: encodePayload({ tzaware: r.tzaware }, [r.times, r.values as Float64Array]) };
      },
      (e) => {
        const { header, columns } = decodePayload<{ tzaware: boolean }>(e.payload);
        return { tzaware: header.tzaware, valueType: 'float64', times: columns[0]!, values: columns[1]! };
      },
    );
  }

  /**
   * Connects with `config` (stored or not), checks its schema is CVec-style and says what the server is:
   * `connect add` and `connect test`. Throws the connection's error (bad password, unreachable, no schema).
   */
  async tryConfig(config: ConnectionConfig): Promise<ConnectionProbe> {
    const client = new RemoteClient(config, { secrets: this.opts.secrets, ...(this.opts.connectTimeoutMs !== undefined ? { connectTimeoutMs: this.opts.connectTimeoutMs } : {}) });
    try {
      const t = performance.now();
      const info = await client.serverInfo();
      const latency = performance.now() - t;
      const layout = await client.probe();
      const n = (await client.query(`SELECT count(*)::int8 AS n FROM ${sql.table(layout, 'tag_names')}`))[0]!.n as number;
      return {
        server: info.version.split(' on ')[0]!,
        timescale: info.timescale,
        bucket: layout.bucket,
        user: info.user,
        schema: layout.schema,
        tls: info.tls,
        tzaware: layout.tzaware.float64,
        tags: n,
        latency_ms: Math.round(latency * 10) / 10,
      };
    } finally {
      await client.close();
    }
  }

  /** Closes every pool. */
  async close(): Promise<void> {
    const all = [...this.clients.values()];
    this.clients.clear();
    await Promise.all(all.map((c) => c.client.close()));
  }

  dispose(): void {
    void this.close();
  }
}

export function isUnavailable(e: unknown): boolean {
  return e instanceof StrataError && e.code === 'remote_unavailable';
}
