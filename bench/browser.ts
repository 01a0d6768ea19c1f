// Browser bench: the workbench in Debian's Chromium (playwright-core) against `strata serve`'s server and
// engine — first paint of a 10M-point series and each wheel-zoom step — plus the engine's envelope query
// of a large series for a 2,000-pixel chart (Store.chart, as `chart.envelope` runs it).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Store } from '../core/store/index.js';
import { EngineHost } from '../core/service/engine-host.js';
import { startHttpServer } from '../core/service/http-server.js';
import { rendererDir } from '../core/node/app-root.js';
import { launchChromium } from '../test/e2e/browser.js';
import { median, type BenchResult } from './harness.js';

const T0 = Date.UTC(2024, 0, 1) * 1000;
const BROWSER_POINTS = 10_000_000;
/** Points of the envelope-query series: 10^8 by default; STRATA_BENCH_ENVELOPE_POINTS to change it. */
const ENVELOPE_POINTS = Number(process.env.STRATA_BENCH_ENVELOPE_POINTS ?? 100_000_000);
/** Written in slices so memory stays bounded (each slice is one revision appending newer points). */
const SLICE = 10_000_000;
const ZOOM_STEPS = 12;

/** Writes `n` points (1 s apart, a sine with noise and rare spikes) in slices of SLICE. Returns the ms taken. */
function writeSeries(store: Store, name: string, n: number): number {
  const t = performance.now();
  let x = 7;
  for (let start = 0; start < n; start += SLICE) {
    const len = Math.min(SLICE, n - start);
    const times = new Float64Array(len);
    const values = new Float64Array(len);
    for (let i = 0; i < len; i++) {
      const k = start + i;
      times[i] = T0 + k * 1_000_000;
      x = (x * 1103515245 + 12345) % 2147483648;
      values[i] = Math.sin(k / 50_000) * 10 + x / 2147483648 + (k % 3_333_331 === 0 ? 100 : 0);
    }
    store.update(name, { tzaware: true, valueType: 'float64', times, values }, { unit: 'V' });
  }
  return performance.now() - t;
}

export async function benchBrowser(): Promise<BenchResult[]> {
  if (!existsSync(join(rendererDir(), 'index.html'))) return [{ name: 'browser: renderer-dist missing', note: 'run `npm run build` first; skipped' }];
  const dir = mkdtempSync(join(tmpdir(), 'strata-bench-browser-'));
  const out: BenchResult[] = [];
  try {
    out.push(...(await browserFigures(join(dir, 'browser.db'))));
    out.push(...envelopeFigures(join(dir, 'envelope.db')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}

async function browserFigures(db: string): Promise<BenchResult[]> {
  const store = new Store(db);
  const writeMs = writeSeries(store, 'bench/10M', BROWSER_POINTS);
  store.close();
  const engine = new EngineHost(db);
  const server = await startHttpServer({ engine, staticDir: rendererDir() });
  const { browser, cleanup } = await launchChromium();
  try {
    const paints: number[] = [];
    const steps: number[] = [];
    const engineSteps: number[] = [];
    for (let round = 0; round < 3; round++) {
      const context = await browser.newContext({ viewport: { width: 1600, height: 900 } });
      // A saved layout with the series in a pane: the first paint is page load → the series drawn.
      // (Page code is passed as strings: tsx would wrap named functions in a helper the page lacks.)
      await context.addInitScript(`localStorage.setItem('strata.layout', ${JSON.stringify(JSON.stringify({ panes: [{ id: 1, series: ['bench/10M'], stacked: false }], window: null }))})`);
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.goto(server.url);
      // Time since navigation start at the frame after the chart received its data.
      const painted = (await page.evaluate(`new Promise((resolve) => {
        const check = () => {
          const el = document.querySelector('[data-testid="chart"]');
          if (el && el.getAttribute('data-series') === 'bench/10M') requestAnimationFrame(() => resolve(performance.now()));
          else requestAnimationFrame(check);
        };
        check();
      })`)) as number;
      if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
      paints.push(painted);
      const chart = page.locator('[data-testid="chart"]');
      const box = (await chart.boundingBox())!;
      await page.mouse.move(box.x + box.width * 0.37, box.y + box.height / 2);
      // Each step: wheel → datazoom → shared window → chart.envelope → setOption → next frame.
      for (let s = 0; s < ZOOM_STEPS; s++) {
        const before = Number(await chart.getAttribute('data-seq'));
        const t = performance.now();
        await page.mouse.wheel(0, s < ZOOM_STEPS / 2 ? -300 : 300);
        // Polled in the page each frame (waitForFunction with a string would need eval, which the CSP forbids).
        await page.evaluate(`new Promise((resolve, reject) => {
          const t0 = performance.now();
          const check = () => {
            if (Number(document.querySelector('[data-testid="chart"]').getAttribute('data-seq')) > ${before}) requestAnimationFrame(resolve);
            else if (performance.now() - t0 > 10000) reject(new Error('zoom step not redrawn within 10 s'));
            else requestAnimationFrame(check);
          };
          check();
        })`);
        steps.push(performance.now() - t);
        engineSteps.push(Number(await chart.getAttribute('data-fetch-ms')));
      }
      await context.close();
    }
    const paint = median(paints);
    const step = median(steps);
    const worst = Math.max(...steps);
    return [
      { name: 'browser: write 10M points (Store, 1 slice)', ms: writeMs, figure: BROWSER_POINTS / (writeMs / 1000) / 1e6, unit: 'M points/s' },
      { name: 'browser: first paint of a 10M-point series', ms: paint, target: '< 1000 ms', pass: paint < 1000, note: `median of ${paints.length} page loads (navigation start → frame after setOption), 1600×900` },
      { name: 'browser: zoom step (wheel → redrawn)', ms: step, target: '< 100 ms', pass: worst < 100, note: `median of ${steps.length}; worst ${worst.toFixed(1)} ms; fetch part median ${median(engineSteps).toFixed(1)} ms` },
    ];
  } finally {
    await cleanup();
    await server.close();
    await engine.close();
  }
}

function envelopeFigures(db: string): BenchResult[] {
  const store = new Store(db);
  try {
    const writeMs = writeSeries(store, 'bench/big', ENVELOPE_POINTS);
    const span = ENVELOPE_POINTS * 1_000_000;
    // Whole series, a 1 % window, a 10^-4 window (raw points or fine bins) and an off-centre window.
    const windows: [string, number | null, number | null][] = [
      ['all', null, null],
      ['1%', T0 + span * 0.4, T0 + span * 0.41],
      ['0.01%', T0 + span * 0.5, T0 + span * 0.5001],
      ['37%', T0 + span * 0.13, T0 + span * 0.5],
    ];
    const res: BenchResult[] = [{ name: `envelope: write ${label(ENVELOPE_POINTS)} points`, ms: writeMs, figure: ENVELOPE_POINTS / (writeMs / 1000) / 1e6, unit: 'M points/s', note: `${Math.ceil(ENVELOPE_POINTS / SLICE)} appending revisions` }];
    for (const [w, from, to] of windows) {
      const ms = median(
        [0, 1, 2, 3, 4].map(() => {
          const t = performance.now();
          store.chart('bench/big', { from, to, width: 2000 });
          return performance.now() - t;
        }),
      );
      res.push({ name: `envelope: ${label(ENVELOPE_POINTS)} points, 2000 px, window ${w}`, ms, target: '< 50 ms', pass: ms < 50 });
    }
    return res;
  } finally {
    store.close();
  }
}

function label(n: number): string {
  const e = Math.log10(n);
  return Number.isInteger(e) ? `10^${e}` : n.toLocaleString('en-US');
}

// Direct run: `node --import tsx bench/browser.ts`.
if (import.meta.url === `file://${process.argv[1]}`) {
  for (const r of await benchBrowser()) console.log(JSON.stringify(r));
}
