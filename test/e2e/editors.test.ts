import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { Store } from '../../core/store/index.js';
import { EngineHost } from '../../core/service/engine-host.js';
import { startHttpServer, type RunningServer } from '../../core/service/http-server.js';
import { rendererDir } from '../../core/node/app-root.js';
import { tempDir } from '../helpers/cli.js';
import { launchChromium } from './browser.js';

// Page globals used inside page.evaluate callbacks (this file is compiled without the DOM library).
declare const document: { querySelector(s: string): unknown };
declare const localStorage: { setItem(k: string, v: string): void };
declare const navigator: { clipboard: { readText(): Promise<string> } };
type HTMLElement = { getBoundingClientRect(): { left: number } };

// The analyst's editors in Debian's Chromium against `strata serve`'s server and engine (with the example
// plugin library and a broken plugin beside it).
let t: { dir: string; cleanup(): void };
let engine: EngineHost;
let server: RunningServer;
let browser: Browser;
let closeBrowser: () => Promise<void>;
const consoleErrors: string[] = [];
const SHOTS = join('docs', 'screenshots');
const T0 = Date.UTC(2024, 0, 1);
const N = 4000;
const REV1 = (T0 + 10 * 86_400_000) * 1000;
const REV2 = REV1 + 86_400_000_000;

beforeAll(async () => {
  if (!existsSync(join(rendererDir(), 'index.html'))) throw new Error('renderer-dist is missing: run `npm run build` first');
  mkdirSync(SHOTS, { recursive: true });
  t = tempDir('strata-e2e-editors-');
  const db = join(t.dir, 'editors.db');
  const store = new Store(db);
  const times = Float64Array.from({ length: N }, (_, i) => (T0 + i * 1000) * 1000);
  // A slow sine with a fast ripple: the filter and the spectrum have something to show.
  const values = Float64Array.from({ length: N }, (_, i) => Math.sin(i / 200) * 10 + Math.sin(i * 0.9) * 0.5);
  store.update('plant/temp', { tzaware: true, valueType: 'float64', times, values }, { unit: 'degC', insertionDate: REV1, author: 'first' });
  // A second revision: the first 100 points corrected upwards by 100.
  const fixed = Float64Array.from(values.subarray(0, 100), (v) => v + 100);
  store.update('plant/temp', { tzaware: true, valueType: 'float64', times: times.subarray(0, 100), values: fixed }, { insertionDate: REV2, author: 'second' });
  // Long enough that a run can be cancelled while it works.
  const BIG = 1_500_000;
  store.update(
    'plant/big',
    { tzaware: true, valueType: 'float64', times: Float64Array.from({ length: BIG }, (_, i) => (T0 + i * 10) * 1000), values: Float64Array.from({ length: BIG }, (_, i) => Math.sin(i / 1000)) },
    { insertionDate: REV1 },
  );
  store.update('plant/flow', { tzaware: true, valueType: 'float64', times, values: values.map((v) => v * 2 + 50) }, { unit: 'm3/h', insertionDate: REV1 });
  store.close();
  // A plugin that crashes when asked for its modules: shown in place, never breaks the list.
  const bad = join(t.dir, 'lib', 'analysis', 'broken', 'crashy');
  mkdirSync(bad, { recursive: true });
  writeFileSync(join(bad, 'crashy'), '#!/bin/sh\necho "segfault (simulated)" >&2\nexit 3\n');
  chmodSync(join(bad, 'crashy'), 0o755);
  // A module that loads fine but crashes when it analyses: the error shows in its row.
  const flaky = join(t.dir, 'lib', 'analysis', 'broken', 'flaky');
  mkdirSync(flaky, { recursive: true });
  writeFileSync(
    join(flaky, 'flaky'),
    [
      '#!/bin/sh',
      'if [ $# -eq 0 ]; then echo \'{"explode": ["help", "metadata", "analyze"]}\'; exit 0; fi',
      'case "$2" in',
      '  help) echo \'"Always crashes when it analyses."\' ;;',
      '  metadata) echo \'{"signature": "univariate"}\' ;;',
      '  analyze) cat >/dev/null; echo "boom: out of coffee" >&2; exit 1 ;;',
      'esac',
      '',
    ].join('\n'),
  );
  chmodSync(join(flaky, 'flaky'), 0o755);
  engine = new EngineHost(db, { libraries: [resolve('plugins/examples'), join(t.dir, 'lib')] });
  server = await startHttpServer({ engine, staticDir: rendererDir() });
  ({ browser, cleanup: closeBrowser } = await launchChromium());
});

afterAll(async () => {
  await closeBrowser?.();
  await server?.close();
  await engine?.close();
  t?.cleanup();
});

async function openApp(theme: 'light' | 'dark' = 'light'): Promise<{ page: Page; context: BrowserContext }> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  await page.addInitScript((th) => localStorage.setItem('strata.theme', th), theme);
  await page.goto(server.url);
  await page.locator('[data-testid="explorer"]').waitFor();
  return { page, context };
}

const view = (page: Page, name: string) => page.getByRole('tab', { name }).click();
/** An attribute of the first element with this test id, or null when there is none yet (for polls). */
const attr = (page: Page, testId: string, name: string) =>
  page
    .getByTestId(testId)
    .first()
    .getAttribute(name, { timeout: 1000 })
    .catch(() => null);

/** The formula editor's text, straight from Monaco's model. */
const editorText = (page: Page) => page.evaluate(() => (document.querySelector('[data-testid="formula-editor"]') as unknown as { __editor: { getValue(): string } }).__editor.getValue());

async function typeFormula(page: Page, text: string, closeSuggestions = true): Promise<void> {
  const ed = page.getByTestId('formula-editor');
  await ed.locator('.monaco-editor').waitFor({ timeout: 20_000 });
  await ed.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  // Typed as a person would: auto-closed brackets and quotes are typed over.
  await page.keyboard.type(text, { delay: 5 });
  if (closeSuggestions) await page.keyboard.press('Escape');
}

/** The box of an element once it sits still (the canvas re-fits itself as the graph changes). */
async function stableBox(loc: Locator): Promise<{ x: number; y: number; width: number; height: number }> {
  let box = await loc.boundingBox();
  for (let k = 0; k < 50; k++) {
    await new Promise((r) => setTimeout(r, 100));
    const next = await loc.boundingBox();
    if (box && next && Math.abs(box.x - next.x) < 0.5 && Math.abs(box.y - next.y) < 0.5) return next;
    box = next;
  }
  throw new Error('element never settled');
}

/** Clicks a canvas node, again if a click during a re-render was lost, until the canvas shows it selected. */
async function clickNode(page: Page, id: string, modifiers: ('Shift' | 'Control')[] = []): Promise<void> {
  const node = page.locator(`.react-flow__node[data-id="${id}"]`);
  for (let k = 0; k < 3; k++) {
    const box = await stableBox(node);
    for (const m of modifiers) await page.keyboard.down(m);
    await page.mouse.click(box.x + box.width / 2, box.y + 12);
    for (const m of modifiers) await page.keyboard.up(m);
    const ok = await node
      .and(page.locator('.selected'))
      .waitFor({ timeout: 2000 })
      .then(
        () => true,
        () => false,
      );
    if (ok) return;
  }
  throw new Error(`node ${id} did not get selected`);
}

/** Connects two canvas nodes by dragging from one's output handle to the other's input handle. */
async function connectNodes(page: Page, from: string, to: string): Promise<void> {
  const edge = page.getByTestId(`rf__edge-${from}->${to}`);
  for (let k = 0; k < 2; k++) {
    const a = await stableBox(page.locator(`.react-flow__node[data-id="${from}"] .react-flow__handle.source`));
    const b = await stableBox(page.locator(`.react-flow__node[data-id="${to}"] .react-flow__handle.target`));
    await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
    await page.mouse.down();
    await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 5 });
    await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 5 });
    await page.mouse.up();
    if (await edge.waitFor({ state: 'attached', timeout: 3000 }).then(() => true, () => false)) return;
  }
  throw new Error(`could not connect ${from} to ${to}`);
}

describe('the analyst’s editors in Chromium', () => {
  it('formula editor: an error gets its marker at the right place, from the engine’s checker', async () => {
    const { page, context } = await openApp();
    await view(page, 'Formulas');
    await typeFormula(page, '(add (series "plant/temp") (sries "plant/flow"))');
    expect(await editorText(page)).toBe('(add (series "plant/temp") (sries "plant/flow"))');
    await page.getByTestId('diagnostics').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('diagnostics').textContent()).toContain('1:29 unknown operator "sries"');
    const markers = JSON.parse((await attr(page, 'formula-editor', 'data-markers'))!) as { startLineNumber: number; startColumn: number; endColumn: number }[];
    expect(markers).toEqual([expect.objectContaining({ startLineNumber: 1, startColumn: 29, endColumn: 34, code: 'unknown_operator' })]);
    // Monaco draws the squiggle under "sries", not elsewhere.
    const squiggle = page.locator('[data-testid="formula-editor"] .squiggly-error').first();
    await squiggle.waitFor({ timeout: 10_000 });
    const box = (await squiggle.boundingBox())!;
    const at = await page.evaluate(() => {
      const ed = (document.querySelector('[data-testid="formula-editor"]') as unknown as { __editor: { getScrolledVisiblePosition(p: object): { left: number }; getDomNode(): HTMLElement } }).__editor;
      const left = ed.getDomNode().getBoundingClientRect().left;
      return [left + ed.getScrolledVisiblePosition({ lineNumber: 1, column: 29 }).left, left + ed.getScrolledVisiblePosition({ lineNumber: 1, column: 34 }).left];
    });
    expect(Math.abs(box.x - at[0]!)).toBeLessThan(3);
    expect(Math.abs(box.x + box.width - at[1]!)).toBeLessThan(3);
    // An error only the evaluation finds (a bad frequency) is marked where it is, too.
    await typeFormula(page, '(resample (series "plant/temp") "fortnightly")');
    await expect.poll(async () => JSON.parse((await attr(page, 'formula-editor', 'data-markers')) ?? '[]'), { timeout: 15_000 }).toEqual([
      expect.objectContaining({ startLineNumber: 1, startColumn: 33, endColumn: 46, code: "bad_value" }),
    ]);
    expect(await page.getByTestId('diagnostics').textContent()).toContain('1:33 resample: freq: unknown frequency "fortnightly"');
    // Fixing the typo clears it, and the result is charted.
    await typeFormula(page, '(add (series "plant/temp") (series "plant/flow"))');
    await expect.poll(() => page.getByTestId('diagnostics').count(), { timeout: 10_000 }).toBe(0);
    await expect.poll(() => attr(page, 'formula-plot', 'data-points'), { timeout: 15_000 }).toBe(String(N));
    await context.close();
  });

  it('formula editor: completion of operators (snippet), keywords and series names; hover shows the registry’s docs', async () => {
    const { page, context } = await openApp();
    await view(page, 'Formulas');
    await typeFormula(page, '(resa', false);
    const suggestion = (label: string) => page.locator(`.suggest-widget.visible .monaco-list-row[aria-label^="${label}"]`).first();
    await suggestion('resample').waitFor({ timeout: 10_000 });
    await page.keyboard.press('Enter');
    expect(await editorText(page)).toBe('(resample series "freq")');
    // The snippet selected the first argument: type over it, completing a series name.
    await page.keyboard.type('(series "plant/t', { delay: 5 });
    await suggestion('plant/temp').waitFor({ timeout: 10_000 });
    await page.keyboard.press('Enter');
    await page.keyboard.type('")', { delay: 5 });
    expect(await editorText(page)).toBe('(resample (series "plant/temp") "freq")');
    // Keywords of the enclosing operator, with their defaults.
    await page.keyboard.press('End');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.type(' #:m', { delay: 5 });
    await suggestion('#:method').waitFor({ timeout: 10_000 });
    await page.keyboard.press('Enter');
    expect(await editorText(page)).toBe('(resample (series "plant/temp") "freq" #:method "mean")');
    await page.keyboard.press('Escape');
    // Hover over the operator: its signature and docs from the registry.
    const word = page.locator('[data-testid="formula-editor"] .view-line span[class^="mtk"]', { hasText: /^resample$/ }).first();
    await word.hover();
    const hover = page.locator('.monaco-hover-content', { hasText: /\(resample series freq \[method\].*\) → series/ }).first();
    await hover.waitFor({ timeout: 10_000 });
    expect(await hover.textContent()).toContain('Aggregates a series into buckets');
    await context.close();
  });

  it('formula editor: live preview beside its inputs, save with the replace / unknown-series dialogs, browse, dependency tree, revision date', async () => {
    const { page, context } = await openApp();
    await view(page, 'Formulas');
    await typeFormula(page, '(* 2 (series "plant/temp"))');
    await expect.poll(() => attr(page, 'formula-plot', 'data-points'), { timeout: 15_000 }).toBe(String(N));
    await expect.poll(() => attr(page, 'formula-inputs-plot', 'data-lines'), { timeout: 15_000 }).toBe('plant/temp');
    // Latest revision: the first point was corrected to ~100 (doubled: ~200).
    expect(JSON.parse((await attr(page, 'formula-plot', 'data-first'))!)[0]).toBeCloseTo(200, 0);
    await page.getByLabel('Formula name').fill('plant/temp_x2');
    await page.getByRole('button', { name: 'Save formula' }).click();
    await expect.poll(() => page.getByTestId('save-state').textContent()).toBe('Registered formula plant/temp_x2.');
    await page.getByRole('button', { name: 'Save formula' }).click();
    const dialog = page.getByTestId('confirm');
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('A formula named "plant/temp_x2" exists');
    await page.getByRole('button', { name: 'Replace' }).click();
    await expect.poll(() => page.getByTestId('save-state').textContent()).toBe('Updated formula plant/temp_x2.');
    // Time travel: as of the first revision the first point was not corrected yet.
    // (the chart panes, hidden behind this view, have a revision date field of their own)
    const formulaRevision = page.getByTestId('formula-panel').getByLabel('Revision date');
    await formulaRevision.fill(new Date(REV1 / 1000 + 3_600_000).toISOString());
    await formulaRevision.press('Enter');
    await expect.poll(async () => JSON.parse((await attr(page, 'formula-plot', 'data-first')) ?? '[null]')[0], { timeout: 15_000 }).toBeCloseTo(0, 0);
    await page.getByTestId('formula-panel').getByRole('button', { name: 'Latest' }).click();
    await expect.poll(async () => JSON.parse((await attr(page, 'formula-plot', 'data-first')) ?? '[null]')[0], { timeout: 15_000 }).toBeCloseTo(200, 0);
    // The dependency tree: the formula reads a primary series.
    expect(await page.locator('[data-testid="dep-tree"] li[data-name="plant/temp"]').getAttribute('data-kind')).toBe('primary');
    // A spans formula: its spans are drawn as bands over its inputs.
    await page.getByRole('button', { name: 'New formula' }).click();
    await typeFormula(page, '(spans-when (> (series "plant/temp") 5))');
    await expect.poll(() => attr(page, 'formula-result', 'data-kind'), { timeout: 15_000 }).toBe('spans');
    await expect.poll(async () => Number(await attr(page, 'formula-inputs-plot', 'data-bands')), { timeout: 15_000 }).toBeGreaterThan(1);
    // A formula reading a series that does not exist: asked before registering.
    await page.getByRole('button', { name: 'New formula' }).click();
    await typeFormula(page, '(add (series "plant/temp_x2") (series "not/yet"))');
    await page.getByLabel('Formula name').fill('plant/ghost');
    await page.getByRole('button', { name: 'Save formula' }).click();
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('unknown series "not/yet"');
    await page.getByRole('button', { name: 'Register anyway' }).click();
    await expect.poll(() => page.getByTestId('save-state').textContent()).toBe('Registered formula plant/ghost.');
    const tree = page.getByTestId('dep-tree');
    expect(await tree.locator('li[data-name="plant/temp_x2"]').getAttribute('data-kind')).toBe('formula');
    expect(await tree.locator('li[data-name="plant/temp_x2"] li[data-name="plant/temp"]').getAttribute('data-kind')).toBe('primary');
    expect(await tree.locator('li[data-name="not/yet"]').getAttribute('data-kind')).toBe('unknown');
    // Browse: open the registered formula again.
    await page.getByTestId('formula-list').getByRole('button', { name: 'plant/temp_x2' }).click();
    await expect.poll(() => editorText(page)).toBe('(* 2 (series "plant/temp"))');
    await page.getByRole('button', { name: 'Expand' }).click();
    expect(await page.getByTestId('formula-expanded').textContent()).toContain('(series "plant/temp")');
    await expect.poll(() => page.getByTestId('dep-tree').locator('li[data-name="not/yet"]').count(), { timeout: 15_000 }).toBe(0);
    await expect.poll(() => attr(page, 'formula-plot', 'data-points'), { timeout: 15_000 }).toBe(String(N));
    await page.screenshot({ path: join(SHOTS, 'formula-editor-light.png') });
    await context.close();
  });

  it('workflow builder: builds and runs a 3-node workflow, shows node states, charts a spectrum, compares, reruns cached, marks edits stale', async () => {
    const { page, context } = await openApp('dark');
    await view(page, 'Workflows');
    await page.getByRole('button', { name: 'New workflow' }).click();
    await page.getByLabel('Workflow name').fill('spectrum');
    const palette = page.getByTestId('op-palette');
    await palette.getByRole('button', { name: 'add series' }).click();
    await page.getByTestId('node-form').getByLabel('name').fill('plant/temp');
    await page.getByRole('button', { name: 'Apply' }).click();
    await palette.getByRole('button', { name: 'add filter' }).click();
    const form = page.getByTestId('node-form');
    await form.getByLabel('filter_type').selectOption('lowpass');
    await form.getByLabel('cutoff').fill('0.05');
    await page.getByRole('button', { name: 'Apply' }).click();
    await palette.getByRole('button', { name: 'add fft' }).click();
    await form.getByLabel('window').selectOption('hann');
    await page.getByRole('button', { name: 'Apply' }).click();
    await connectNodes(page, 'series', 'filter');
    await connectNodes(page, 'filter', 'fft');
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(2);
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await page.locator('[data-testid="job-state"][data-state="done"]').waitFor({ timeout: 30_000 });
    const status = (id: string) => page.locator(`[data-testid="wf-node"][data-id="${id}"]`).getAttribute('data-status');
    await expect.poll(() => Promise.all(['series', 'filter', 'fft'].map(status)), { timeout: 10_000 }).toEqual(['ran', 'ran', 'ran']);
    // Click the fft node: its spectrum over a frequency axis.
    await clickNode(page, 'fft');
    await expect.poll(() => attr(page, 'node-output-plot', 'data-xkind'), { timeout: 10_000 }).toBe('value');
    expect(Number(await attr(page, 'node-output-plot', 'data-points'))).toBeGreaterThan(1000);
    // Select a second node: both outputs side by side.
    await clickNode(page, 'filter', ['Shift']);
    await expect.poll(() => page.getByTestId('node-output-plot').count(), { timeout: 10_000 }).toBe(2);
    await expect.poll(() => page.locator('[data-testid="node-outputs"] .wf-output').evaluateAll((els) => els.map((e) => e.getAttribute('data-node'))), { timeout: 10_000 }).toEqual(['fft', 'filter']);
    expect(await page.locator('[data-testid="node-output-plot"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-xkind')))).toEqual(['value', 'time']);
    await page.screenshot({ path: join(SHOTS, 'workflow-builder-dark.png') });
    // Rerun: nothing changed, every node comes from the cache.
    await page.getByRole('button', { name: 'Rerun' }).click();
    await page.locator('[data-testid="job-state"][data-state="done"]').waitFor({ timeout: 30_000 });
    await expect.poll(() => Promise.all(['series', 'filter', 'fft'].map(status)), { timeout: 10_000 }).toEqual(['cached', 'cached', 'cached']);
    // Edit the filter: it and what follows are stale; undo brings the run's state back.
    await page.locator('.react-flow__pane').click({ position: { x: 10, y: 10 } });
    await clickNode(page, 'filter');
    await form.getByLabel('cutoff').fill('0.1');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => Promise.all(['series', 'filter', 'fft'].map(status))).toEqual(['cached', 'stale', 'stale']);
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => Promise.all(['series', 'filter', 'fft'].map(status))).toEqual(['cached', 'cached', 'cached']);
    await context.close();
  });

  it('workflow builder: a failing node shows failed and its descendants skipped; lineage of a saved series as a graph', async () => {
    const { page, context } = await openApp();
    await view(page, 'Workflows');
    await page.getByRole('button', { name: 'New workflow' }).click();
    await page.getByLabel('Workflow name').fill('smooth');
    const palette = page.getByTestId('op-palette');
    const form = page.getByTestId('node-form');
    await palette.getByRole('button', { name: 'add series' }).click();
    await form.getByLabel('name').fill('plant/flow');
    await page.getByRole('button', { name: 'Apply' }).click();
    await palette.getByRole('button', { name: 'add rolling' }).click();
    await form.getByLabel('window').fill('60');
    await page.getByRole('button', { name: 'Apply' }).click();
    await palette.getByRole('button', { name: 'add save' }).click();
    await form.getByLabel('name').fill('plant/flow_smooth');
    await page.getByRole('button', { name: 'Apply' }).click();
    await connectNodes(page, 'series', 'rolling');
    await connectNodes(page, 'rolling', 'save');
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(2);
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await page.locator('[data-testid="job-state"][data-state="done"]').waitFor({ timeout: 30_000 });
    // Lineage of the saved series: stored series → steps → save → series.
    await page.getByRole('button', { name: 'Lineage' }).click();
    await page.getByLabel('Lineage series').fill('plant/flow_smooth');
    await page.getByRole('button', { name: 'Show lineage' }).click();
    await expect.poll(() => page.getByTestId('lineage-node').evaluateAll((els) => els.map((e) => e.getAttribute('data-label')).sort()), { timeout: 10_000 }).toEqual(
      ['plant/flow', 'plant/flow_smooth', 'rolling (rolling)', 'save (save)', 'series (series)'].sort(),
    );
    expect(await page.locator('.lineage-canvas .react-flow__edge').count()).toBe(4);
    // A node that fails: a series that does not exist.
    await page.getByRole('button', { name: 'Graph' }).click();
    await clickNode(page, 'series');
    await form.getByLabel('name').fill('plant/missing');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.getByRole('button', { name: 'Rerun' }).click();
    await page.locator('[data-testid="job-state"][data-state="failed"]').waitFor({ timeout: 30_000 });
    const status = (id: string) => page.locator(`[data-testid="wf-node"][data-id="${id}"]`).getAttribute('data-status');
    await expect.poll(() => Promise.all(['series', 'rolling', 'save'].map(status)), { timeout: 10_000 }).toEqual(['failed', 'skipped', 'skipped']);
    expect(await page.locator('[data-testid="wf-node"][data-id="series"]').getAttribute('title')).toContain('plant/missing');
    await context.close();
  });

  it('workflow builder: cancels a run; what did not finish is skipped', async () => {
    const { page, context } = await openApp();
    await view(page, 'Workflows');
    await page.getByRole('button', { name: 'New workflow' }).click();
    await page.getByLabel('Workflow name').fill('heavy');
    const palette = page.getByTestId('op-palette');
    const form = page.getByTestId('node-form');
    await palette.getByRole('button', { name: 'add series' }).click();
    await form.getByLabel('name').fill('plant/big');
    await page.getByRole('button', { name: 'Apply' }).click();
    await palette.getByRole('button', { name: 'add filter' }).click();
    await form.getByLabel('filter_type').selectOption('lowpass');
    await form.getByLabel('cutoff').fill('1');
    await form.getByLabel('order').fill('10');
    await form.getByLabel('zero_phase').check();
    await page.getByRole('button', { name: 'Apply' }).click();
    await palette.getByRole('button', { name: 'add rolling' }).click();
    await form.getByLabel('window').fill('5000');
    await form.getByLabel('stat').selectOption('std');
    await page.getByRole('button', { name: 'Apply' }).click();
    await connectNodes(page, 'series', 'filter');
    await connectNodes(page, 'filter', 'rolling');
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(2);
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await page.locator('[data-testid="job-state"][data-state="running"]').waitFor({ timeout: 10_000 });
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.locator('[data-testid="job-state"][data-state="cancelled"]').waitFor({ timeout: 30_000 });
    const status = (id: string) => page.locator(`[data-testid="wf-node"][data-id="${id}"]`).getAttribute('data-status');
    expect(await status('rolling')).toBe('skipped');
    expect(await page.locator('[data-testid="wf-node"][data-status="failed"]').count()).toBe(0);
    // Delete the saved workflow (asked first).
    await page.getByRole('button', { name: 'Delete workflow' }).click();
    await page.getByTestId('confirm').getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => page.getByTestId('workflow-message').textContent()).toBe('Deleted heavy.');
    // The list refreshes after the message: wait for it.
    await expect.poll(() => page.getByTestId('workflow-list').getByRole('button', { name: /^heavy/ }).count()).toBe(0);
    await context.close();
  });

  it('spans: condition spans drawn as bands with per-span statistics; clicking a span zooms to it', async () => {
    const { page, context } = await openApp();
    await view(page, 'Spans');
    await page.getByLabel('Spans series').selectOption('plant/temp');
    await page.getByLabel('Condition', { exact: true }).fill('(> (series "plant/temp") 5)');
    await page.getByRole('button', { name: 'Find spans' }).click();
    await expect.poll(() => page.getByTestId('span-count').textContent(), { timeout: 10_000 }).toMatch(/^\d+ spans?$/);
    const count = Number((await page.getByTestId('span-count').textContent())!.split(' ')[0]);
    expect(count).toBeGreaterThan(1);
    await expect.poll(() => attr(page, 'spans-plot', 'data-bands')).toBe(String(count));
    // The bands are drawn: ECharts' markArea fills the chart in the band colour.
    const stats = page.getByTestId('result-table');
    expect(await stats.locator('tbody tr').count()).toBe(count);
    expect(await stats.locator('thead th').allTextContents()).toEqual(expect.arrayContaining(['begin', 'end', 'count', 'mean', 'min', 'max']));
    await page.screenshot({ path: join(SHOTS, 'spans-light.png') });
    await page.getByTestId('span-row').nth(1).click();
    await expect.poll(() => attr(page, 'spans-plot', 'data-view')).not.toBe('');
    const [from, to] = (await attr(page, 'spans-plot', 'data-view'))!.split('|').map(Number);
    const begin = Date.parse((await page.getByTestId('span-row').nth(1).locator('td').nth(1).textContent())!);
    const end = Date.parse((await page.getByTestId('span-row').nth(1).locator('td').nth(2).textContent())!);
    expect(from).toBeLessThan(begin);
    expect(to).toBeGreaterThan(end);
    expect(to! - from!).toBeLessThan((end - begin) * 2);
    // Constant-value spans of a series.
    await page.getByLabel('constant values').check();
    await page.getByRole('button', { name: 'Find spans' }).click();
    await expect.poll(() => page.getByTestId('span-count').textContent(), { timeout: 10_000 }).toBe(`${N} spans`);
    await context.close();
  });

  it('plugins: discovered with kind, group, status, help and metadata; an analysis runs and shows statistics; a broken plugin says so in place', async () => {
    const { page, context } = await openApp('dark');
    await view(page, 'Plugins');
    const row = page.locator('[data-testid="plugin-row"][data-name="count_points"]');
    await row.waitFor({ timeout: 30_000 });
    expect(await row.locator('td').allTextContents()).toEqual(expect.arrayContaining(['analysis', 'custom_statistics', 'ok']));
    await row.getByRole('button', { name: /count_points/ }).click();
    const details = row.locator('xpath=following-sibling::tr[1]');
    expect(await details.textContent()).toContain('The number of data points that have been analyzed');
    expect(await details.textContent()).toContain('univariate');
    const crashy = page.locator('[data-testid="plugin-row"][data-status="error"]');
    expect(await crashy.count()).toBeGreaterThanOrEqual(1);
    expect(await crashy.locator('xpath=following-sibling::tr[1]').textContent()).toMatch(/crashy exited with code 3 when asked for its modules: segfault \(simulated\)/);
    await page.getByLabel('analyse plant/flow', { exact: true }).check();
    await row.getByRole('button', { name: 'Analyse' }).click();
    const result = page.locator('[data-testid="analysis-result"][data-plugin="count_points"] [data-testid="statistics"]');
    await result.waitFor({ timeout: 30_000 });
    expect(await result.locator('tbody tr td').allTextContents()).toEqual(['Number of data points', 'float', String(N)]);
    const explode = page.locator('[data-testid="plugin-row"][data-name="explode"]');
    await explode.getByRole('button', { name: 'Analyse' }).click();
    const failure = page.locator('[data-testid="analysis-result"][data-plugin="explode"] [role="alert"]');
    await failure.waitFor({ timeout: 30_000 });
    expect(await failure.textContent()).toMatch(/^explode failed: .*boom: out of coffee/);
    // The other result is still there.
    expect(await result.count()).toBe(1);
    await page.screenshot({ path: join(SHOTS, 'plugins-dark.png') });
    await context.close();
  });

  it('time travel: moving the revision date shows the older values; history overlays the versions', async () => {
    const { page, context } = await openApp();
    await view(page, 'History');
    await page.getByLabel('History series').selectOption('plant/temp');
    await expect.poll(async () => JSON.parse((await attr(page, 'history-plot', 'data-first')) ?? '[]')[0], { timeout: 15_000 }).toBeCloseTo(100, 0);
    const slider = page.getByLabel('Revision', { exact: true });
    await slider.fill('0');
    await expect.poll(() => page.getByTestId('revision-date').getAttribute('data-value')).toBe(String(REV1));
    await expect.poll(async () => JSON.parse((await attr(page, 'history-plot', 'data-first')) ?? '[]')[0], { timeout: 15_000 }).toBeCloseTo(0, 0);
    // The latest state is drawn beside it for comparison.
    expect(await attr(page, 'history-plot', 'data-lines')).toMatch(/as of .*\|plant\/temp \(latest\)$/);
    await page.getByLabel('Overlay versions').check();
    await expect.poll(() => attr(page, 'history-plot', 'data-lines'), { timeout: 15_000 }).toMatch(/\(first\)\|.*\(second\)$/);
    await page.screenshot({ path: join(SHOTS, 'history-light.png') });
    await context.close();
  });

  it('command palette: views, undo of layout edits, chart export as PNG / SVG / CSV of the visible range', async () => {
    const { page, context } = await openApp();
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(server.url).origin });
    await page.getByRole('button', { name: 'Clear layout' }).click();
    await page.getByRole('button', { name: 'chart plant/flow', exact: true }).click();
    await expect.poll(() => page.locator('[data-testid="chart"]').first().getAttribute('data-series'), { timeout: 15_000 }).toBe('plant/flow');
    const palette = async (cmd: string) => {
      await page.keyboard.press('Control+Shift+P');
      await page.getByLabel('Command', { exact: true }).fill(cmd);
      await page.getByLabel('Command', { exact: true }).press('Enter');
    };
    // Undo the layout edit (the series added to the pane).
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await palette('undo');
    await expect.poll(() => page.locator('.chip').count()).toBe(0);
    await page.keyboard.press('Control+Shift+Z');
    await expect.poll(() => page.locator('.chip').count()).toBe(1);
    await expect.poll(() => page.locator('[data-testid="chart"]').first().getAttribute('data-series'), { timeout: 15_000 }).toBe('plant/flow');
    // CSV of the visible range of the workbench pane: the stored points, exact.
    const csvDl = page.waitForEvent('download');
    await page.locator('[data-testid="chart"]').first().hover();
    await palette('export visible');
    const csv = readFileSync((await (await csvDl).path())!, 'utf8').trim().split('\n');
    expect(csv[0]).toBe('time,plant/flow');
    expect(csv.length).toBe(N + 1);
    expect(csv[1]).toBe(`2024-01-01T00:00:00Z,${String(Math.sin(0) * 20 + 50)}`);
    // PNG to the clipboard, SVG as markup.
    await palette('copy chart as svg');
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText()), { timeout: 10_000 }).toMatch(/^<svg[\s\S]*<\/svg>$/);
    await palette('copy chart as png');
    await expect
      .poll(() => page.evaluate(async () => (await (navigator.clipboard as unknown as { read(): Promise<{ types: string[] }[]> }).read()).flatMap((i) => i.types)), { timeout: 10_000 })
      .toEqual(['image/png']);
    const pngDl = page.waitForEvent('download');
    await palette('download chart as png');
    const png = readFileSync((await (await pngDl).path())!);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    // Palette goes to a view; Ctrl+K opens it too; its Undo acts on the formula text while the editor has focus.
    await palette('go to formulas');
    await typeFormula(page, '(abs (series "plant/flow"))');
    await page.keyboard.type(' ; note', { delay: 5 });
    expect(await editorText(page)).toBe('(abs (series "plant/flow")) ; note');
    await page.keyboard.press('Control+K');
    await page.getByLabel('Command', { exact: true }).fill('undo');
    await page.getByLabel('Command', { exact: true }).press('Enter');
    // Monaco undoes typing a word at a time.
    await expect.poll(() => editorText(page)).not.toContain('note');
    expect(await editorText(page)).toMatch(/^\(abs \(series "plant\/flow"\)\)/);
    await palette('go to spans');
    await page.getByTestId('spans-panel').waitFor();
    await context.close();
  });

  it('a chart of the editors exports its visible range as CSV', async () => {
    const { page, context } = await openApp();
    await view(page, 'History');
    await page.getByLabel('History series').selectOption('plant/flow');
    await expect.poll(() => attr(page, 'history-plot', 'data-points'), { timeout: 15_000 }).not.toBe('0');
    const dl = page.waitForEvent('download');
    await page.getByTestId('history-plot-wrap').getByRole('button', { name: 'CSV' }).click();
    const csv = readFileSync((await (await dl).path())!, 'utf8').trim().split('\n');
    expect(csv[0]).toBe('time,plant/flow (latest) [m3/h]');
    expect(csv.length).toBeGreaterThan(100);
    await context.close();
  });

  it('logs no errors in the page', () => {
    expect(consoleErrors).toEqual([]);
  });
});
