import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
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
const SHOTS = join('docs', 'screenshots');
const T0 = Date.UTC(2024, 0, 1);

beforeAll(async () => {
  if (!existsSync(join(rendererDir(), 'index.html'))) throw new Error('renderer-dist is missing: run `npm run build` first');
  mkdirSync(SHOTS, { recursive: true });
  t = tempDir('strata-e2e-');
  const db = join(t.dir, 'e2e.db');
  const store = new Store(db);
  const n = 200_000;
  const times = Float64Array.from({ length: n }, (_, i) => (T0 + i * 1000) * 1000);
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
  await page.locator('[data-testid="explorer"]').waitFor();
  return page;
}

const chart = (page: Page, i = 0) => page.locator('[data-testid="chart"]').nth(i);
const seq = async (page: Page, i = 0) => Number((await chart(page, i).getAttribute('data-seq')) ?? 0);
const attr = async (page: Page, name: string, i = 0) => Number(await chart(page, i).getAttribute(name));

/** Waits until pane `i` has drawn exactly these series (a pane renders empty first, while the list loads). */
async function drawn(page: Page, i: number, names: string[]): Promise<void> {
  await expect.poll(async () => (await chart(page, i).getAttribute('data-series')) ?? '', { timeout: 15_000 }).toBe(names.join('|'));
}

/** Opens a series in the last pane and waits until the pane has drawn it. */
async function openSeries(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name: `chart ${name}` }).click();
  const last = page.locator('[data-testid="chart"]').last();
  await expect.poll(async () => ((await last.getAttribute('data-series')) ?? '').split('|'), { timeout: 15_000 }).toContain(name);
}

describe('workbench in Chromium', () => {
  it('lists series in the explorer tree and charts one with its unit', async () => {
    const page = await openApp();
    const item = page.locator('[data-testid="series-item"][data-name="plant/line1/temperature"]');
    await item.waitFor({ timeout: 15_000 });
    expect(await page.locator('[data-testid="series-item"]').count()).toBe(2);
    await openSeries(page, 'plant/line1/temperature');
    await expect.poll(() => page.locator('[data-testid="pane-status"]').textContent(), { timeout: 15_000 }).toMatch(/200,000 points in view/);
    expect(await page.locator('.chip').first().textContent()).toContain('[degC]');
    await page.close();
  });

  it('imports a file through the UI: progress, the rejects table, then its series in the explorer', async () => {
    const path = join(t.dir, 'line2.csv');
    const lines = ['time,flow,level'];
    for (let i = 0; i < 5000; i++) lines.push(`${new Date(T0 + i * 60_000).toISOString()},${i % 50},${(i / 100).toFixed(2)}`);
    lines.splice(10, 0, `${new Date(T0 - 1).toISOString()},oops,1`, 'yesterday,1,2');
    writeFileSync(path, lines.join('\n') + '\n');
    const page = await openApp();
    await page.getByRole('button', { name: 'Import…' }).click();
    await page.getByLabel('File path').fill(path);
    await page.getByLabel('Name prefix').fill('plant/line2/');
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.locator('[data-testid="import-state"][data-state="done"]').waitFor({ timeout: 15_000 });
    expect(await page.locator('[data-testid="import-state"]').textContent()).toContain('5,000 rows into 2 series, 2 rejected');
    const rejects = page.locator('[data-testid="rejects-table"] tbody tr');
    expect(await rejects.count()).toBe(2);
    expect(await rejects.first().textContent()).toMatch(/^11flowbad_number/);
    await page.screenshot({ path: join(SHOTS, 'import-dialog.png') });
    await page.getByRole('button', { name: 'Close' }).click();
    // The explorer refreshed itself (store.changed event / the dialog's callback).
    await page.locator('[data-testid="series-item"][data-name="plant/line2/flow"]').waitFor({ timeout: 10_000 });
    await openSeries(page, 'plant/line2/flow');
    await expect.poll(() => attr(page, 'data-count')).toBe(5000);
    await page.close();
  });

  it('cancels an import from the dialog: nothing is written', async () => {
    const path = join(t.dir, 'big.csv');
    const rows: string[] = ['time,v'];
    for (let i = 0; i < 1_500_000; i++) rows.push(`${(T0 / 1000 + i).toFixed(0)},${i % 7}`);
    writeFileSync(path, rows.join('\n'));
    const page = await openApp();
    await page.getByRole('button', { name: 'Import…' }).click();
    await page.getByLabel('File path').fill(path);
    await page.getByLabel('Name prefix').fill('cancelled/');
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByTestId('import-cancel').click({ timeout: 5_000 });
    await page.locator('[data-testid="import-state"][data-state="cancelled"]').waitFor({ timeout: 15_000 });
    const list = (await engine.invoke('series.list', {})) as { value: { name: string }[] };
    expect(list.value.some((s) => s.name.startsWith('cancelled/'))).toBe(false);
    await page.close();
  });

  it('zooms with the wheel: the window is refetched at finer detail, linked across panes', async () => {
    const page = await openApp();
    await page.getByRole('button', { name: 'Clear layout' }).click();
    await openSeries(page, 'plant/line1/temperature');
    await page.getByRole('button', { name: 'Add pane' }).click();
    await page.locator('[data-testid="series-item"][data-name="plant/line1/pressure"]').dragTo(chart(page, 1));
    await drawn(page, 1, ['plant/line1/pressure']);
    expect(await attr(page, 'data-count', 1)).toBe(200_000);
    const calls: string[] = [];
    page.on('request', (r) => r.url().includes('/api/call/chart.envelope') && calls.push(r.postData() ?? ''));
    const [s0, s1] = [await seq(page, 0), await seq(page, 1)];
    const box = (await chart(page, 0).boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    for (let i = 0; i < 4; i++) await page.mouse.wheel(0, -400);
    await expect.poll(() => attr(page, 'data-count', 0), { timeout: 10_000 }).toBeLessThan(200_000);
    expect(await seq(page, 0)).toBeGreaterThan(s0);
    // The other pane follows the shared window.
    // (Both series share their timestamps, so the same window holds the same number of points.)
    await expect
      .poll(async () => {
        const [a, b] = [await attr(page, 'data-count', 0), await attr(page, 'data-count', 1)];
        return a === b;
      }, { timeout: 10_000 })
      .toBe(true);
    expect(await seq(page, 1)).toBeGreaterThan(s1);
    const last = JSON.parse(calls[calls.length - 1]!) as { from: number; to: number };
    expect(last.from).toBeGreaterThan(T0 * 1000);
    expect(last.to - last.from).toBeLessThan(200_000 * 1_000_000);
    await page.close();
  });

  it('places A/B cursors and reads Δt and Δvalue per series', async () => {
    const page = await openApp();
    await page.getByRole('button', { name: 'Clear layout' }).click();
    await openSeries(page, 'plant/line1/temperature');
    await page.getByRole('button', { name: 'A/B cursors' }).click();
    const box = (await chart(page).boundingBox())!;
    await page.mouse.click(box.x + box.width * 0.3, box.y + box.height / 2);
    await page.getByTestId('cursor-a').waitFor();
    await page.mouse.click(box.x + box.width * 0.6, box.y + box.height / 2);
    await page.getByTestId('cursor-b').waitFor();
    const dt = await page.getByTestId('delta-t').textContent();
    expect(dt).toMatch(/^Δt \d+ h/);
    const row = page.locator('[data-testid="ab-readout"] tbody tr');
    expect(await row.count()).toBe(1);
    const cells = await row.first().locator('td').allTextContents();
    expect(cells[0]).toBe('plant/line1/temperature [degC]');
    expect(Number(cells[3])).toBeCloseTo(Number(cells[2]) - Number(cells[1]), 3);
    // The shared cursor follows the mouse.
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height / 2);
    await page.getByTestId('cursor-cursor').waitFor();
    await page.screenshot({ path: join(SHOTS, 'workbench-light.png') });
    await page.close();
  });

  it('overlays one y axis per unit, stacks lanes, and restores the layout after a reload (dark theme)', async () => {
    const page = await openApp();
    await page.getByRole('button', { name: 'Clear layout' }).click();
    await openSeries(page, 'plant/line1/temperature');
    await openSeries(page, 'plant/line1/pressure');
    expect(await attr(page, 'data-axes')).toBe(2);
    expect(await attr(page, 'data-lanes')).toBe(1);
    const before = await seq(page);
    await page.getByLabel('Stack lanes').check();
    await expect.poll(() => seq(page)).toBeGreaterThan(before);
    expect(await attr(page, 'data-lanes')).toBe(2);
    await page.getByRole('button', { name: 'Dark theme' }).click();
    await page.getByRole('button', { name: 'Add pane' }).click();
    await page.locator('[data-testid="series-item"][data-name="plant/line2/level"]').dragTo(chart(page, 1));
    await drawn(page, 1, ['plant/line2/level']);
    await page.reload();
    await drawn(page, 0, ['plant/line1/temperature', 'plant/line1/pressure']);
    await drawn(page, 1, ['plant/line2/level']);
    expect(await page.locator('[data-testid="chart-pane"]').count()).toBe(2);
    expect(await attr(page, 'data-lanes', 0)).toBe(2);
    expect(await page.locator('.chip').allTextContents()).toEqual(['plant/line1/temperature [degC]×', 'plant/line1/pressure [bar]×', 'plant/line2/level×']);
    expect(await page.locator('html').getAttribute('data-theme')).toBe('dark');
    await page.screenshot({ path: join(SHOTS, 'workbench-dark.png') });
    await page.close();
  });

  it('draws span bands from a spans formula, shows the series as of an insertion date, and keeps both in the layout', async () => {
    const page = await openApp();
    await page.getByRole('button', { name: 'Clear layout' }).click();
    await openSeries(page, 'plant/line1/temperature');
    const text = '(> (series "plant/line1/temperature") 9)';
    await page.getByLabel('Spans formula').fill(text);
    await page.getByLabel('Spans formula').press('Enter');
    // as many bands as the engine finds spans (sin(i/2000)·10 > 9 about every 12,566 points)
    const want = ((await engine.invoke('spans.condition', { text })) as { value: { spans: unknown[] } }).value.spans.length;
    expect(want).toBeGreaterThan(10);
    await expect.poll(() => chart(page).getAttribute('data-spans'), { timeout: 15_000 }).toBe(String(want));
    await expect.poll(() => page.locator('[data-testid="span-band"]').count()).toBe(want);
    const band = (await page.locator('[data-testid="span-band"]').first().boundingBox())!;
    expect(band.width).toBeGreaterThan(1);
    await page.screenshot({ path: join(SHOTS, 'span-bands.png') });
    // As of a date before the series had any revision: nothing to show; cleared: the latest state again.
    const asOf = page.getByTestId('pane-revision-date');
    await asOf.getByLabel('Revision date').fill('2000-01-01');
    await asOf.getByLabel('Revision date').press('Enter');
    await expect.poll(() => attr(page, 'data-count'), { timeout: 15_000 }).toBe(0);
    expect(await page.locator('[data-testid="pane-status"]').textContent()).toMatch(/as of 2000-01-01T00:00:00/);
    await asOf.getByRole('button', { name: 'Latest' }).click();
    await expect.poll(() => attr(page, 'data-count'), { timeout: 15_000 }).toBe(200_000);
    // kept in the layout
    await page.reload();
    await page.locator('[data-testid="explorer"]').waitFor();
    await expect.poll(() => page.locator('[data-testid="span-band"]').count(), { timeout: 15_000 }).toBe(want);
    expect(await page.getByLabel('Spans formula').inputValue()).toBe(text);
    // a bad formula says what is wrong, in the pane, and the chart stays
    await page.getByLabel('Spans formula').fill('(> (series "no/such") 9)');
    await page.getByLabel('Spans formula').press('Enter');
    await expect.poll(() => page.locator('[data-testid="chart-pane"] [role="alert"]').textContent(), { timeout: 15_000 }).toMatch(/spans: .*no\/such/);
    expect(await page.locator('[data-testid="span-band"]').count()).toBe(0);
    expect(await attr(page, 'data-count')).toBe(200_000);
    await page.close();
  });

  it('the page cannot reach Node and logs no errors', async () => {
    const page = await openApp();
    expect(await page.evaluate(() => [typeof (globalThis as any).require, typeof (globalThis as any).process])).toEqual(['undefined', 'undefined']);
    await page.close();
    expect(consoleErrors).toEqual([]);
  });

  it('refuses requests without the token', async () => {
    const bare = `http://127.0.0.1:${server.port}`;
    expect((await fetch(`${bare}/`)).status).toBe(401);
    expect((await fetch(`${bare}/api/events`)).status).toBe(401);
    expect((await fetch(`${bare}/api/call/series.list`, { method: 'POST', body: '{}' })).status).toBe(401);
    expect((await fetch(`${bare}/api/call/series.list`, { method: 'POST', body: '{}', headers: { Authorization: 'Bearer nope' } })).status).toBe(401);
    const ok = await fetch(`${bare}/api/call/series.list`, { method: 'POST', body: '{}', headers: { Authorization: `Bearer ${server.token}` } });
    expect(ok.status).toBe(200);
    // And from the page itself, a request that drops its credentials is refused.
    const page = await browser.newPage();
    await page.goto(`${bare}/`).catch(() => {});
    expect(await page.evaluate(async () => (await fetch('/api/call/series.list', { method: 'POST', body: '{}', credentials: 'omit' })).status)).toBe(401);
    await page.close();
  });
});
