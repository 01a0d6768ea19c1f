import { Option, type Command } from 'commander';
import { StrataError } from '../../base/errors.js';
import { formatTimestamp, pointsToWire } from '../../series/index.js';
import {
  AGGREGATES,
  addConnection,
  connectionJson,
  connectionUrl,
  exportToRemote,
  getConnection,
  listConnections,
  parseConnectionUrl,
  removeConnection,
  TLS_MODES,
  updateConnection,
  type Aggregate,
  type ConnectionConfig,
  type StoredConnection,
  type TlsMode,
} from '../../remote/index.js';
import { durationOption, instantOption, timeOption, UsageError } from '../args.js';
import { table, type CommandContext } from '../context.js';
import { DB_HELP } from './common.js';

interface DbOpts {
  db?: string;
  json?: boolean;
}

interface TlsOpts {
  sslmode?: TlsMode;
  sslrootcert?: string;
}

/** `strata connect add|list|test|edit|remove|export|aggregate` (docs/remote.md). */
export function registerConnectCommands(program: Command, ctx: CommandContext): void {
  const connect = program
    .command('connect')
    .description('PostgreSQL / TimescaleDB connections: their CVec-style tags are read-only series NAME/<tag>');

  tls(
    connect
      .command('add')
      .description('add a connection (the password comes from $PGPASSWORD or a prompt and is never written down); tests it first')
      .argument('<name>', 'connection name: the prefix of its series (NAME/<tag>)')
      .requiredOption('--url <url>', 'postgresql://USER@HOST:PORT/DB (no password in it)')
      .option('--schema <schema>', 'schema holding tag_names, tag_data, tag_data_str (default: the user name, as CVec names tenant schemas)')
      .option('--no-test', 'add without connecting first'),
  ).action(async (name: string, o: DbOpts & TlsOpts & { url: string; schema?: string; test: boolean }) => {
    const parsed = usage(() => parseConnectionUrl(o.url));
    const config: ConnectionConfig = { name, ...parsed, schema: o.schema ?? parsed.schema ?? parsed.user, tls: tlsFrom(o, parsed.tls) };
    const store = ctx.openStore(o.db);
    if (o.test) {
      // Tested before it is kept: a connection that cannot work is not added.
      const probe = await ctx.remote(o.db).tryConfig(config);
      const conn = addConnection(store, config);
      report(ctx, o.json, { ...listJson(conn), test: probe }, `added ${name}: ${probe.tags} tags in ${conn.schema} (${probe.server})`);
    } else {
      const conn = addConnection(store, config);
      report(ctx, o.json, listJson(conn), `added ${name} (not tested)`);
    }
  });

  connect
    .command('list')
    .description('the connections: where they point (never a password) and what is cached from them')
    .option('--json', 'print JSON')
    .option('--db <path>', DB_HELP)
    .action((o: DbOpts) => {
      const store = ctx.openStore(o.db);
      const remote = ctx.remote(o.db);
      const rows = listConnections(store).map((c) => ({ ...listJson(c), cache: remote.cache.stats(c.name) }));
      if (o.json) return ctx.json(rows);
      if (!rows.length) return ctx.out('no connections (add one with strata connect add NAME --url postgresql://USER@HOST:PORT/DB)');
      ctx.io.stdout(table(['name', 'url', 'schema', 'tls', 'cached'], rows.map((r) => [r.name, r.url, r.schema, r.tls.mode, `${r.cache.entries} answers, ${r.cache.bytes} bytes`])));
    });

  connect
    .command('test')
    .description('connect, check the CVec schema, and report the server, its bucketing function and tag count')
    .argument('<name>', 'connection name')
    .option('--json', 'print JSON')
    .option('--db <path>', DB_HELP)
    .action(async (name: string, o: DbOpts) => {
      const conn = getConnection(ctx.openStore(o.db), name);
      const probe = await ctx.remote(o.db).tryConfig(conn);
      report(ctx, o.json, { name, ...probe }, table(['field', 'value'], Object.entries(probe).map(([k, v]) => [k, String(v)])));
    });

  tls(
    connect
      .command('edit')
      .description('change where or how a connection connects (its cache is dropped)')
      .argument('<name>', 'connection name')
      .option('--url <url>', 'postgresql://USER@HOST:PORT/DB (no password in it)')
      .option('--schema <schema>', 'schema holding the CVec tables'),
  ).action((name: string, o: DbOpts & TlsOpts & { url?: string; schema?: string }) => {
    const store = ctx.openStore(o.db);
    const cur = getConnection(store, name);
    const parsed = o.url ? usage(() => parseConnectionUrl(o.url!)) : null;
    const patch: Partial<ConnectionConfig> = {
      ...(parsed ? { host: parsed.host, port: parsed.port, database: parsed.database, user: parsed.user } : {}),
      ...(o.schema !== undefined ? { schema: o.schema } : parsed?.schema !== undefined ? { schema: parsed.schema } : {}),
      tls: tlsFrom(o, parsed?.tls ?? cur.tls),
    };
    const conn = updateConnection(store, name, patch);
    report(ctx, o.json, listJson(conn), `updated ${name}: ${connectionUrl(conn)} schema ${conn.schema}`);
  });

  connect
    .command('remove')
    .description('remove a connection and everything cached from it (nothing on the server is touched)')
    .argument('<name>', 'connection name')
    .option('--json', 'print JSON')
    .option('--db <path>', DB_HELP)
    .action((name: string, o: DbOpts) => {
      removeConnection(ctx.openStore(o.db), name);
      report(ctx, o.json, { removed: name }, `removed ${name}`);
    });

  connect
    .command('export')
    .description('write series (stored, formula or another connection\'s) as tags in the CVec layout with COPY; only new and changed points are written')
    .argument('<name>', 'connection to write to')
    .argument('<series...>', 'series to export; each becomes the tag of the same name (see --tag-prefix)')
    .option('--schema <schema>', 'schema to write into (default: the connection\'s); its CVec tables are created when missing')
    .option('--tag-prefix <p>', 'prefix for the tag names')
    .option('--replace', 'also delete tag points the series does not have (default: insert and update only)')
    .option('--no-create', 'do not create missing CVec tables')
    .option('--from <iso>', 'first value date to export (inclusive)')
    .option('--to <iso>', 'last value date to export (inclusive)')
    .option('--revision-date <iso>', 'export the series as known at this insertion date')
    .option('--json', 'print JSON')
    .option('--db <path>', DB_HELP)
    .action(async (name: string, names: string[], o: DbOpts & { schema?: string; tagPrefix?: string; replace?: boolean; create: boolean; from?: string; to?: string; revisionDate?: string }) => {
      const store = ctx.openStore(o.db);
      getConnection(store, name);
      const revisionDate = instantOption(o.revisionDate, '--revision-date');
      const r = await exportToRemote(store, ctx.remote(o.db), name, names, {
        ...(o.schema !== undefined ? { schema: o.schema } : {}),
        ...(o.tagPrefix !== undefined ? { tagPrefix: o.tagPrefix } : {}),
        mode: o.replace ? 'replace' : 'update',
        create: o.create,
        from: timeOption(o.from, '--from'),
        to: timeOption(o.to, '--to'),
        ...(revisionDate !== undefined ? { revisionDate } : {}),
      });
      const rows = r.series.map((s) => ({ series: s.series, tag: s.tag, tag_id: s.tagId, table: s.table, points: s.points, added: s.added, changed: s.changed, deleted: s.deleted, created: s.created }));
      if (o.json) return ctx.json({ connection: r.connection, schema: r.schema, series: rows });
      ctx.io.stdout(table(['series', 'tag', 'points', 'added', 'changed', 'deleted'], rows.map((x) => [x.series, `${r.schema}.${x.tag}`, x.points, x.added, x.changed, x.deleted])));
    });

  connect
    .command('aggregate')
    .description('bucketed aggregates of a remote series computed on its server (time_bucket on TimescaleDB, else date_bin), shaped like the resample node')
    .argument('<series>', 'a remote series, NAME/<tag>')
    .requiredOption('--bucket <duration>', 'bucket width: 30s, 5min, 1h, 1d or ISO 8601 (PT15M)')
    .addOption(new Option('--method <m>', 'aggregate per bucket').choices([...AGGREGATES]).default('mean'))
    .option('--from <iso>', 'first value date (inclusive)')
    .option('--to <iso>', 'last value date (inclusive)')
    .option('--json', 'print JSON')
    .option('--db <path>', DB_HELP)
    .action(async (name: string, o: DbOpts & { bucket: string; method: Aggregate; from?: string; to?: string }) => {
      const bucket = durationOption(o.bucket, '--bucket');
      if (bucket <= 0) throw new UsageError('bad_duration', `--bucket must be positive, got ${JSON.stringify(o.bucket)}`);
      const store = ctx.openStore(o.db);
      if (store.connectionOf(name) === null) throw new StrataError('bad_input', `${JSON.stringify(name)} is not a remote series (NAME/<tag> of a connection)`);
      const s = await ctx.remote(o.db).aggregate(name, bucket, o.method, timeOption(o.from, '--from'), timeOption(o.to, '--to'));
      if (o.json) return ctx.json({ name, bucket: o.bucket, method: o.method, points: pointsToWire(s) });
      ctx.io.stdout(table(['bucket', o.method], pointsToWire(s).map(([t, v]) => [t, v])));
    });
}

function tls(cmd: Command): Command {
  return cmd
    .addOption(new Option('--sslmode <mode>', 'TLS: disable, prefer (default), require, verify-ca, verify-full').choices([...TLS_MODES]))
    .option('--sslrootcert <file>', 'PEM file of the certificate authority to trust (verify-ca, verify-full)')
    .option('--json', 'print JSON')
    .option('--db <path>', DB_HELP);
}

function tlsFrom(o: TlsOpts, base: { mode: TlsMode; ca?: string }): { mode: TlsMode; ca?: string } {
  const mode = o.sslmode ?? base.mode;
  const ca = o.sslrootcert ?? base.ca;
  return { mode, ...(ca ? { ca } : {}) };
}

function usage<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof StrataError) throw new UsageError(e.code, e.message, e.details);
    throw e;
  }
}

const listJson = (c: StoredConnection) => connectionJson(c, 'from $PGPASSWORD or a prompt');

function report(ctx: CommandContext, json: boolean | undefined, value: unknown, text: string): void {
  if (json) ctx.json(value);
  else ctx.out(text);
}

