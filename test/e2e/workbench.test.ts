import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { Store } from '../../core/store/index.js';
import { EngineHost } from '../../core/service/engine-host.js';
import { startHttpServer, type RunningServer } from '../../core/service/http-server.js';
import { rendererDir } from '../../core/node/app-root.js';
import { tempDir } from '../helpers/cli.js';
import { launchChromium } from './browser.js';

// The workbench in a real browser (Debian's Chromium) against `strata serve`'s server and engine.
let t: { dir: string; cleanup(): void };
let engine: EngineHost;
let server: RunningServer;
let browser: Browser;
let closeBrowser: () => Promise<void>;
const consoleErrors: string[] = [];

beforeAll(async () => {
  if (!existsSync(join(rendererDir(), 'index.html'))) throw new Error('renderer-dist is missing: run `npm run build` first');
  t = tempDir('strata-e2e-');
  const db = join(t.dir, 'e2e.db');
  const store = new Store(db);
  const n = 200_000;
  const t0 = Date.UTC(2024, 0, 1) * 1000;
  const times = Float64Array.from({ length: n }, (_, i) => t0 + i * 1_000_000);
  const values = Float64Array.from({ length: n }, (_, i) => Math.sin(i / 2000) * 10 + (i === 123_456 ? 500 : 0));
  store.update('plant/line1/temperature', { tzaware: true, valueType: 'float64', times, values }, { unit: 'degC' });
  store.update('plant/line1/pressure', { tzaware: true, valueType: 'float64', times, values: values.map((v) => v / 10 + 1) }, { unit: 'bar' });
  store.close();
  engine = new EngineHost(db);
  server = await startHttpServer({ engine, staticDir: rendererDir() });
  ({ browser, cleanup: closeBrowser } = await launchChromium());
});

afterAll(async () => {
  await closeBrowser?.();
  await server?.close();
  await engine?.close();
  t?.cleanup();
});

async function openApp(): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 760 } });
  page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  await page.goto(server.url);
  return page;
}

describe('workbench in Chromium', () => {
  it('lists series in the explorer tree and charts one with its unit', async () => {
    const page = await openApp();
    const item = page.locator('[data-testid="series-item"][data-name="plant/line1/temperature"]');
    await item.waitFor({ timeout: 15_000 });
    expect(await page.locator('[data-testid="series-item"]').count()).toBe(2);
    await page.getByRole('button', { name: 'chart plant/line1/temperature' }).click();
    await page.locator('[data-testid="chart"] canvas').first().waitFor();
    await expect.poll(() => page.locator('[data-testid="pane-status"]').textContent(), { timeout: 15_000 }).toMatch(/200,?000 points in view|200000 points in view/);
    await page.screenshot({ path: join('docs', 'screenshots', 'workbench.png') });
    await page.close();
  });

  it('the page cannot reach Node and logs no errors', async () => {
    const page = await openApp();
    await page.locator('[data-testid="explorer"]').waitFor();
    expect(await page.evaluate(() => [typeof (globalThis as any).require, typeof (globalThis as any).process])).toEqual(['undefined', 'undefined']);
    await page.close();
    expect(consoleErrors).toEqual([]);
  });

  it('refuses requests without the token', async () => {
    const bare = `http://127.0.0.1:${server.port}`;
    expect((await fetch(`${bare}/`)).status).toBe(401);
    expect((await fetch(`${bare}/api/call/series.list`, { method: 'POST', body: '{}' })).status).toBe(401);
    expect((await fetch(`${bare}/api/call/series.list`, { method: 'POST', body: '{}', headers: { Authorization: 'Bearer nope' } })).status).toBe(401);
    const ok = await fetch(`${bare}/api/call/series.list`, { method: 'POST', body: '{}', headers: { Authorization: `Bearer ${server.token}` } });
    expect(ok.status).toBe(200);
  });
});
