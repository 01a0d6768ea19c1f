import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import type pg from 'pg';
import { EngineHost } from '../../core/service/engine-host.js';
import { startHttpServer, type RunningServer } from '../../core/service/http-server.js';
import { rendererDir } from '../../core/node/app-root.js';
import { tempDir } from '../helpers/cli.js';
import { launchChromium } from './browser.js';
import { pgUnavailable, type PgCluster } from '../core/remote/cluster.js';
import { addTag, startTenant, tenantClient, TENANT, us } from '../core/remote/fixture.js';

// The Connections tab in Debian's Chromium against `strata serve`'s server and engine, with a throwaway
// PostgreSQL cluster and $PGPASSWORD set for the served engine (browser mode has no keychain).
const skip = pgUnavailable();
if (skip) console.warn(`skipping the connections e2e test: ${skip}`);

describe.skipIf(!!skip)('connections in the app (Chromium, PostgreSQL)', () => {
  let t: { dir: string; cleanup(): void };
  let cluster: PgCluster;
  let db: pg.Client;
  let engine: EngineHost;
  let server: RunningServer;
  let browser: Browser;
  let closeBrowser: () => Promise<void>;
  const savedPg = process.env.PGPASSWORD;

  beforeAll(async () => {
    if (!existsSync(join(rendererDir(), 'index.html'))) throw new Error('renderer-dist is missing: run `npm run build` first');
    t = tempDir('strata-e2e-conn-');
    cluster = await startTenant();
    db = await tenantClient(cluster);
    const t0 = us('2024-07-01T00:00:00Z') / 1000;
    await addTag(db, 'temp', [[new Date(t0).toISOString(), 20], [new Date(t0 + 1000).toISOString(), 21]]);
    await addTag(db, 'valve', [[new Date(t0).toISOString(), 1]]);
    process.env.PGPASSWORD = TENANT.password; // the worker copies the environment when it starts
    engine = new EngineHost(join(t.dir, 'c.db'));
    server = await startHttpServer({ engine, staticDir: rendererDir() });
    ({ browser, cleanup: closeBrowser } = await launchChromium());
  });

  afterAll(async () => {
    if (savedPg === undefined) delete process.env.PGPASSWORD;
    else process.env.PGPASSWORD = savedPg;
    await closeBrowser?.();
    await server?.close();
    await engine?.close();
    await db?.end().catch(() => {});
    await cluster?.destroy();
    t?.cleanup();
  });

  it('adds a connection through the UI, shows its tags in the explorer, tests, edits and removes it', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
    await page.goto(server.url);
    await page.locator('[data-testid="explorer"]').waitFor();
    await page.getByRole('tab', { name: 'Connections' }).click();
    const form = page.locator('form.connection-add');
    const url = `${cluster.url(TENANT.user, TENANT.database)}`;

    // A password typed in browser mode is refused in place, and nothing is added.
    await form.locator('input[name="name"]').fill('plant');
    await form.locator('input[name="url"]').fill(url);
    await form.locator('select[name="sslmode"]').selectOption('disable');
    await form.locator('input[name="password"]').fill('typed');
    await form.getByRole('button', { name: 'Add' }).click();
    await expect.poll(() => page.getByRole('alert').textContent(), { timeout: 15_000 }).toMatch(/PGPASSWORD/);
    expect(await page.locator('tr[data-connection]').count()).toBe(0);

    // Without it the engine's $PGPASSWORD is used; the add is tested first.
    await form.locator('input[name="password"]').fill('');
    await form.getByRole('button', { name: 'Add' }).click();
    const row = page.locator('tr[data-connection="plant"]');
    await row.waitFor({ timeout: 15_000 });
    await expect.poll(() => row.locator('.connection-status').textContent(), { timeout: 15_000 }).toMatch(/ok: 2 tags/);
    await page.locator('[data-testid="series-item"][data-name="plant/temp"]').waitFor({ state: 'attached', timeout: 15_000 });
    await page.locator('[data-testid="series-item"][data-name="plant/valve"]').waitFor({ state: 'attached' });
    // remote series carry their kind and a badge in the explorer
    expect(await page.locator('[data-testid="series-item"][data-name="plant/temp"]').getAttribute('data-kind')).toBe('remote');
    expect(await page.locator('[data-testid="series-item"][data-name="plant/temp"] [data-testid="remote-badge"]').count()).toBe(1);

    await row.getByRole('button', { name: 'Test' }).click();
    await expect.poll(() => row.locator('.connection-status').textContent(), { timeout: 15_000 }).toMatch(/ok: 2 tags \(PostgreSQL/);

    // Edit: the form takes the row's settings; a schema that does not exist is saved, then its test fails
    // in place; editing it back makes the tags reachable again.
    await row.getByRole('button', { name: 'Edit' }).click();
    expect(await form.locator('input[name="name"]').isDisabled()).toBe(true);
    expect(await form.locator('input[name="url"]').inputValue()).toBe((await row.locator('td').nth(1).textContent()) ?? '');
    const schema = await form.locator('input[name="schema"]').inputValue();
    await form.locator('input[name="schema"]').fill('no_such_schema');
    await form.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => row.locator('td').nth(2).textContent(), { timeout: 15_000 }).toBe('no_such_schema');
    await expect.poll(() => row.locator('.connection-status').textContent(), { timeout: 15_000 }).toMatch(/^error: /);
    await row.getByRole('button', { name: 'Edit' }).click();
    await form.locator('input[name="schema"]').fill(schema);
    await form.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => row.locator('.connection-status').textContent(), { timeout: 15_000 }).toMatch(/ok: 2 tags/);
    expect(await form.getByRole('button', { name: 'Add' }).count()).toBe(1);

    await row.getByRole('button', { name: 'Remove' }).click();
    await expect.poll(() => page.locator('tr[data-connection]').count(), { timeout: 10_000 }).toBe(0);
    await expect.poll(() => page.locator('[data-testid="series-item"][data-name="plant/temp"]').count(), { timeout: 10_000 }).toBe(0);
    await page.close();
  });
});
