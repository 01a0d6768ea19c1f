import { StrataError } from '../base/errors.js';
import { formatTimestamp } from '../series/index.js';
import type { Store } from '../store/store.js';
import type { ConnectionInfo, ConnectionProbe } from '../protocol/types.js';
import type { ApiArgs } from '../protocol/contract.js';
import {
  addConnection,
  connectionJson,
  connectionUrl,
  DEFAULT_CACHE_LIMITS,
  envOrPromptSecrets,
  getConnection,
  listConnections,
  parseConnectionUrl,
  RemoteCache,
  RemoteSources,
  removeConnection,
  setSealedSecret,
  updateConnection,
  type ConnectionConfig,
  type SecretProvider,
  type StoredConnection,
  type TlsOptions,
} from '../remote/index.js';

export interface ConnectionHandlerOptions {
  /** The engine's remote sources (their cache is reported); a fresh view of the cache when absent. */
  remote?: RemoteSources;
  /** Where passwords come from when none is given in the call (default: $PGPASSWORD of the engine). */
  secrets?: SecretProvider;
  /**
   * Seals a password with the OS keychain (the app: Electron `safeStorage.encryptString` in the main
   * process). Without it a given password is refused: the engine then uses $PGPASSWORD.
   */
  sealSecret?: (plain: string) => Promise<Buffer>;
}

type Target = Omit<ApiArgs<'connect.edit'>, 'name'>;

/** `connect.*`: the PostgreSQL connections of the store, managed from the app as `strata connect` does. */
export function connectionHandlers(store: Store, opts: ConnectionHandlerOptions = {}) {
  const secrets = opts.secrets ?? envOrPromptSecrets(process.env);
  let cache: RemoteCache | undefined;
  const stats = (name: string) => (opts.remote ? opts.remote.cache : (cache ??= new RemoteCache(store, DEFAULT_CACHE_LIMITS))).stats(name);
  const info = (c: StoredConnection): ConnectionInfo => ({ ...listJson(c), cache: stats(c.name) });

  /** Tries a configuration with a given password (or the engine's usual source) without keeping anything. */
  const probe = (config: ConnectionConfig, password: string | undefined): Promise<ConnectionProbe> => {
    const given: SecretProvider | undefined = password !== undefined ? { password: () => Promise.resolve(password) } : undefined;
    return new RemoteSources(store, { secrets: given ?? secrets, noCache: true }).tryConfig(config);
  };

  /** The sealed blob of a given password; refused (before anything is kept) where nothing can seal it. */
  const seal = async (password: string | undefined): Promise<Buffer | null> => {
    if (password === undefined) return null;
    if (!opts.sealSecret) {
      throw new StrataError(
        'no_keychain',
        'this engine has no OS keychain to seal a password with (browser mode, strata serve): leave the password empty and start the engine with $PGPASSWORD set — a password is never stored in plain text',
      );
    }
    return opts.sealSecret(password);
  };

  return {
    'connect.list': () => listConnections(store).map(info),
    'connect.test': async ({ name }: ApiArgs<'connect.test'>) => ({ name, ...(await probe(getConnection(store, name), undefined)) }),
    'connect.add': async (a: ApiArgs<'connect.add'>) => {
      const config = configOf(a.name, a);
      // Sealed first (a keychain that refuses adds nothing), tested next: a connection that cannot work is not added.
      const sealed = await seal(a.password);
      const test = a.noTest ? undefined : await probe(config, a.password);
      const conn = addConnection(store, config, sealed);
      return { ...info(conn), ...(test ? { test } : {}) };
    },
    'connect.edit': async (a: ApiArgs<'connect.edit'>) => {
      const cur = getConnection(store, a.name);
      const parsed = a.url !== undefined ? parseConnectionUrl(a.url) : null;
      const patch: Partial<ConnectionConfig> = {
        ...(parsed ? { host: parsed.host, port: parsed.port, database: parsed.database, user: parsed.user } : {}),
        ...(a.host !== undefined ? { host: a.host } : {}),
        ...(a.port !== undefined ? { port: a.port } : {}),
        ...(a.database !== undefined ? { database: a.database } : {}),
        ...(a.user !== undefined ? { user: a.user } : {}),
        ...(a.schema !== undefined ? { schema: a.schema } : parsed?.schema !== undefined ? { schema: parsed.schema } : {}),
        tls: tlsOf(a, parsed?.tls ?? cur.tls),
      };
      const sealed = await seal(a.password);
      let conn = updateConnection(store, a.name, patch);
      if (sealed) {
        setSealedSecret(store, a.name, sealed);
        conn = getConnection(store, a.name);
      }
      return info(conn);
    },
    'connect.remove': ({ name }: ApiArgs<'connect.remove'>) => {
      removeConnection(store, name);
      return { removed: name };
    },
  };
}

function configOf(name: string, a: Target): ConnectionConfig {
  if (a.url !== undefined) {
    const parsed = parseConnectionUrl(a.url);
    return { name, ...parsed, schema: a.schema ?? parsed.schema ?? parsed.user, tls: tlsOf(a, parsed.tls) };
  }
  // The contract makes sure host, database and user are here.
  const user = a.user!;
  return { name, host: a.host!, port: a.port ?? 5432, database: a.database!, user, schema: a.schema ?? user, tls: tlsOf(a, { mode: 'prefer' }) };
}

function tlsOf(a: Target, base: TlsOptions): TlsOptions {
  const ca = a.sslrootcert ?? base.ca;
  return { mode: a.sslmode ?? base.mode, ...(ca ? { ca } : {}) };
}

const listJson = (c: StoredConnection): Omit<ConnectionInfo, 'cache'> => connectionJson(c, 'from $PGPASSWORD of the engine');
