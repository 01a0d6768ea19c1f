// A CVec-style tenant on a throwaway cluster: role `plant` (password `plant-secret`) owning schema
// `plant`, with a few numeric and string tags whose values the tests know.
import pg from 'pg';
import { cvecLayoutSql } from '../../../core/remote/ddl.js';
import { startCluster, type ClusterOptions, type PgCluster } from './cluster.js';

export const TENANT = { user: 'plant', password: 'plant-secret', schema: 'plant', database: 'cvec' };

export async function adminClient(c: PgCluster, database = TENANT.database): Promise<pg.Client> {
  const client = new pg.Client({ host: c.host, port: c.port, user: c.admin.user, password: c.admin.password, database });
  await client.connect();
  return client;
}

/** Microseconds of an ISO instant. */
export const us = (iso: string) => Date.parse(iso) * 1000;

export async function startTenant(opts: ClusterOptions = {}): Promise<PgCluster> {
  const c = await startCluster(opts);
  try {
    await setUpTenant(c);
  } catch (e) {
    // A half-made tenant must not leave its server running.
    await c.destroy();
    throw e;
  }
  return c;
}

async function setUpTenant(c: PgCluster): Promise<void> {
  const root = await adminClient(c, 'postgres');
  await root.query(`CREATE DATABASE ${TENANT.database}`);
  await root.query(`CREATE ROLE ${TENANT.user} LOGIN PASSWORD '${TENANT.password}'`);
  await root.end();
  const db = await adminClient(c);
  await db.query(`CREATE SCHEMA ${TENANT.schema} AUTHORIZATION ${TENANT.user}`);
  await db.end();
  const tenant = new pg.Client({ host: c.host, port: c.port, user: TENANT.user, password: TENANT.password, database: TENANT.database });
  await tenant.connect();
  await tenant.query(cvecLayoutSql(TENANT.schema));
  await tenant.end();
}

export async function tenantClient(c: PgCluster): Promise<pg.Client> {
  const client = new pg.Client({ host: c.host, port: c.port, user: TENANT.user, password: TENANT.password, database: TENANT.database });
  await client.connect();
  return client;
}

/** Adds a tag with points [[iso, value], ...]; returns its id. */
export async function addTag(db: pg.Client, name: string, points: [string, number | string | null][], opts: { birth?: string; death?: string; string?: boolean } = {}): Promise<number> {
  const r = await db.query(`INSERT INTO ${TENANT.schema}.tag_names (normalized_name, birth_at, death_at) VALUES ($1, $2, $3) RETURNING id`, [name, opts.birth ?? null, opts.death ?? null]);
  const id = r.rows[0].id as number;
  const table = opts.string ? 'tag_data_str' : 'tag_data';
  for (let i = 0; i < points.length; i += 1000) {
    const part = points.slice(i, i + 1000);
    const values = part.map((_, k) => `($1, $${2 * k + 2}, $${2 * k + 3})`).join(', ');
    await db.query(`INSERT INTO ${TENANT.schema}.${table} (tag_name_id, tag_value_changed_at, tag_value) VALUES ${values}`, [id, ...part.flat()]);
  }
  return id;
}
