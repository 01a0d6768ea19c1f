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

// Named layouts and the chart gestures (drag pan, cursor readout) in Chromium against `strata serve`'s server.
let t: { dir: string; cleanup(): void };
let engine: EngineHost;
let server: RunningServer;
let browser: Browser;
let closeBrowser: () => Promise<void>;
const errors: string[] = [];
const T0 = Date.UTC(2024, 0, 1);
const N = 50_000;

beforeAll(async () => {
  if (!existsSync(join(rendererDir(), 'index.html'))) throw new Error('renderer-dist is missing: run `npm run build` first');
  t = tempDir('strata-e2e-layouts-');
  const db = join(t.dir, 'e2e.db');
  const store = new Store(db);
  const times = Float64Array.from({ length: N }, (_, i) => (T0 + i * 60_000) * 1000);
  store.update('site/a/speed', { tzaware: true, valueType: 'float64', times, values: Float64Array.from(times, (_, i) => i % 100) }, { unit: 'rpm' });
  store.update('site/a/power', { tzaware: true, valueType: 'float64', times, values: Float64Array.from(times, (_, i) => 5 + (i % 7)) }, { unit: 'kW' });
  store.update('site/b/flow', { tzaware: true, valueType: 'float64', times, values: Float64Array.from(times, (_, i) => Math.sin(i / 100)) }, { unit: 'l/s' });
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

async function openApp(page?: Page): Promise<Page> {
  const p = page ?? (await browser.newPage({ viewport: { width: 1280, height: 760 } }));
  if (!page) {
    p.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    p.on('pageerror', (e) => errors.push(String(e)));
  }
  await p.goto(server.url);
  await p.locator('[data-testid="series-item"]').first().waitFor({ timeout: 15_000 });
  return p;
}

const chart = (page: Page, i = 0) => page.locator('[data-testid="chart"]').nth(i);
const chips = (page: Page) => page.locator('.chip').allTextContents();

async function drawn(page: Page, i: number, names: string[]): Promise<void> {
  await expect.poll(async () => (await chart(page, i).getAttribute('data-series')) ?? '', { timeout: 15_000 }).toBe(names.join('|'));
}

async function openSeries(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name: `chart ${name}` }).click();
  await expect.poll(async () => ((await page.locator('[data-testid="chart"]').last().getAttribute('data-series')) ?? '').split('|'), { timeout: 15_000 }).toContain(name);
}

async function saveAs(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name: 'Layouts…' }).click();
  await page.getByLabel('Layout name').fill(name);
  await page.getByRole('button', { name: 'Save layout' }).click();
  await expect.poll(() => page.getByRole('status').textContent()).toMatch(new RegExp(`(Saved|Replaced) “${name}”`));
  await page.keyboard.press('Escape');
}

describe('named layouts', () => {
  it('saves two layouts, restores each, deletes one; they survive a reload', async () => {
    const page = await openApp();
    await page.getByRole('button', { name: 'Clear layout' }).click();
    // Layout "speeds": one pane, lanes on, zoomed in.
    await openSeries(page, 'site/a/speed');
    await openSeries(page, 'site/a/power');
    await page.getByLabel('Stack lanes').check();
    const box = (await chart(page).boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, -600);
    await expect.poll(async () => Number(await chart(page).getAttribute('data-count')), { timeout: 10_000 }).toBeLessThan(N);
    const zoomed = Number(await chart(page).getAttribute('data-count'));
    await saveAs(page, 'speeds');

    // Layout "flow": two panes.
    await page.getByRole('button', { name: 'Clear layout' }).click();
    await openSeries(page, 'site/b/flow');
    await page.getByRole('button', { name: 'Add pane' }).click();
    await page.locator('[data-testid="series-item"][data-name="site/a/speed"]').dragTo(chart(page, 1));
    await drawn(page, 1, ['site/a/speed']);
    await saveAs(page, 'flow');

    await page.getByRole('button', { name: 'Layouts…' }).click();
    expect(await page.locator('[data-testid="saved-layout"]').evaluateAll((els) => els.map((e) => [e.getAttribute('data-name'), e.textContent]))).toEqual([
      ['flow', 'flow2 panes, 2 seriesRestoreDelete'],
      ['speeds', 'speeds1 pane, 2 seriesRestoreDelete'],
    ]);
    await page.getByRole('button', { name: 'restore layout speeds' }).click();
    await drawn(page, 0, ['site/a/speed', 'site/a/power']);
    expect(await page.locator('[data-testid="chart-pane"]').count()).toBe(1);
    expect(await chart(page).getAttribute('data-lanes')).toBe('2');
    // The window came back with it.
    await expect.poll(async () => Number(await chart(page).getAttribute('data-count'))).toBe(zoomed);

    // After a reload both are still there; delete one, restore the other.
    await page.reload();
    await page.locator('[data-testid="series-item"]').first().waitFor();
    await page.getByRole('button', { name: 'Layouts…' }).click();
    await page.getByRole('button', { name: 'delete layout speeds' }).click();
    expect(await page.locator('[data-testid="saved-layout"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-name')))).toEqual(['flow']);
    await page.getByRole('button', { name: 'restore layout flow' }).click();
    await drawn(page, 0, ['site/b/flow']);
    await drawn(page, 1, ['site/a/speed']);
    expect(await chips(page)).toEqual(['site/b/flow [l/s]×', 'site/a/speed [rpm]×']);
    await page.reload();
    await drawn(page, 1, ['site/a/speed']);
    await page.getByRole('button', { name: 'Layouts…' }).click();
    expect(await page.locator('[data-testid="saved-layout"]').count()).toBe(1);
    await page.screenshot({ path: join('docs', 'screenshots', 'layouts.png') });
    await page.close();
  });

  it('refuses a layout without a name and replaces one saved under the same name', async () => {
    const page = await openApp();
    await page.getByRole('button', { name: 'Layouts…' }).click();
    await page.getByRole('button', { name: 'Save layout' }).click();
    expect(await page.getByRole('status').textContent()).toMatch(/needs a name/);
    // (Each page has a fresh profile: nothing saved yet.)
    for (const word of ['Saved', 'Replaced']) {
      await page.getByLabel('Layout name').fill('flow');
      await page.getByRole('button', { name: 'Save layout' }).click();
      expect(await page.getByRole('status').textContent()).toBe(`${word} “flow”`);
    }
    expect(await page.locator('[data-testid="saved-layout"]').count()).toBe(1);
    await page.close();
  });
});

describe('chart gestures', () => {
  it('drag pans the shared window; the cursor shows each series value', async () => {
    const page = await openApp();
    await page.getByRole('button', { name: 'Clear layout' }).click();
    await openSeries(page, 'site/a/speed');
    const box = (await chart(page).boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, -900);
    await expect.poll(async () => Number(await chart(page).getAttribute('data-count')), { timeout: 10_000 }).toBeLessThan(N);
    const windowOf = () => page.evaluate(`JSON.parse(localStorage.getItem('strata.layout')).window`) as Promise<{ from: number; to: number }>;
    const before = await windowOf();
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 150, box.y + box.height / 2, { steps: 5 });
    await page.mouse.up();
    await expect.poll(async () => (await windowOf()).from).toBeLessThan(before.from);
    const after = await windowOf();
    // A pan keeps the window's length and moves it earlier (dragged right).
    expect(after.to - after.from).toBeCloseTo(before.to - before.from, -3);
    // The readout beside the shared cursor: the time and the value of the series there.
    await page.mouse.move(box.x + box.width * 0.4, box.y + box.height / 2);
    const readout = page.getByTestId('cursor-readout');
    await readout.waitFor();
    expect(await readout.textContent()).toMatch(/^2024-\d\d-\d\d.*site\/a\/speed \[rpm\]: \d+/);
    await page.close();
    expect(errors).toEqual([]);
  });
});
