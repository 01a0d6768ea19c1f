// Browser bench: the workbench in Debian's Chromium (playwright-core) against `strata serve`'s server and
// engine — first paint of a 10M-point series, each wheel-zoom step and each drag-pan step — plus the
// engine's envelope query of a 10^8-point series for a 2,000-pixel chart at many zooms (Store.chart, as
// `chart.envelope` runs it), against a scan of the raw points of the same window (the peer).
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { Store } from '../core/store/index.js';
import { ColumnBuilder } from '../core/series/envelope.js';
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
const LOADS = 3;
const ZOOM_STEPS = 12;
const PAN_STEPS = 6;
const WIDTH = 2000;

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
    if (ENVELOPE_POINTS > 0) out.push(...envelopeFigures(join(dir, 'envelope.db')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}

/**
 * CPU seconds (user + system) used so far by the browser's processes (this process's descendants), by
 * process type; null where /proc is missing. Unlike wall time, not inflated by other work on the machine.
 */
function browserCpu(): Record<string, number> | null {
  if (!existsSync('/proc/self/stat')) return null;
  const parent = new Map<number, number>();
  const info = new Map<number, { type: string; cpu: number }>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parent.set(Number(d), Number(f[1]));
      const cmd = readFileSync(`/proc/${d}/cmdline`, 'utf8');
      info.set(Number(d), { type: /--type=([a-z-]+)/.exec(cmd)?.[1] ?? 'browser', cpu: (Number(f[11]) + Number(f[12])) / 100 });
    } catch {
      // The process ended meanwhile.
    }
  }
  const out: Record<string, number> = {};
  for (const [pid, p] of info) {
    let up = parent.get(pid);
    while (up && up !== process.pid && up > 1) up = parent.get(up);
    if (up === process.pid && pid !== process.pid) out[p.type] = (out[p.type] ?? 0) + p.cpu;
  }
  return out;
}

// Page code is passed as strings: tsx would wrap named functions in a helper the page lacks.
/** Records when the last wheel or mouse-move input reached the page. */
const INPUT_CLOCK = `for (const t of ['wheel', 'mousemove']) window.addEventListener(t, () => { window.__input = performance.now(); }, { capture: true, passive: true });`;

/** Waits (polling each frame in the page) for chart draw number > `before`, then one more frame: ms since the last input. */
function afterRedraw(page: Page, before: number): Promise<number> {
  return page.evaluate(`new Promise((resolve, reject) => {
    const t0 = performance.now();
    const check = () => {
      if (Number(document.querySelector('[data-testid="chart"]').getAttribute('data-seq')) > ${before}) requestAnimationFrame(() => resolve(performance.now() - window.__input));
      else if (performance.now() - t0 > 10000) reject(new Error('not redrawn within 10 s'));
      else requestAnimationFrame(check);
    };
    check();
  })`) as Promise<number>;
}

async function browserFigures(db: string): Promise<BenchResult[]> {
  const store = new Store(db);
  const writeMs = writeSeries(store, 'bench/10M', BROWSER_POINTS);
  store.close();
  // As `strata serve` does: the URL is given out once the engine has answered its first call. Its start
  // (worker boot, modules loaded, store opened) is reported on its own, not inside a page load.
  const boot = performance.now();
  const engine = new EngineHost(db);
  const probe = await engine.invoke('app.info', {});
  const bootMs = performance.now() - boot;
  if (!probe.ok) throw new Error(`engine did not start: ${probe.error.message}`);
  const server = await startHttpServer({ engine, staticDir: rendererDir() });
  const { browser, cleanup } = await launchChromium();
  try {
    const paints: number[] = [];
    const zoom = { page: [] as number[], trip: [] as number[], fetch: [] as number[] };
    const pan = { page: [] as number[], trip: [] as number[] };
    let cpuSteps = 0;
    const cpu: Record<string, number> = {};
    for (let round = 0; round < LOADS; round++) {
      const context = await browser.newContext({ viewport: { width: 1600, height: 900 } });
      await context.addInitScript(INPUT_CLOCK);
      // A saved layout with the series in a pane: the first paint is page load → the series drawn.
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
      const seq = async () => Number(await chart.getAttribute('data-seq'));
      await page.mouse.move(box.x + box.width * 0.37, box.y + box.height / 2);
      const cpu0 = browserCpu();
      // Zoom: wheel → window → chart.envelope → chart update → next frame; six steps in, six out.
      for (let s = 0; s < ZOOM_STEPS; s++) {
        const before = await seq();
        const t = performance.now();
        await page.mouse.wheel(0, s < ZOOM_STEPS / 2 ? -300 : 300);
        zoom.page.push(await afterRedraw(page, before));
        zoom.trip.push(performance.now() - t);
        zoom.fetch.push(Number(await chart.getAttribute('data-fetch-ms')));
      }
      // Pan: drag by 40 px at a time (zoomed in first, so there is somewhere to go).
      const zoomed = await seq();
      await page.mouse.wheel(0, -600);
      await afterRedraw(page, zoomed);
      await page.mouse.move(box.x + box.width * 0.5, box.y + box.height / 2);
      await page.mouse.down();
      for (let s = 0; s < PAN_STEPS; s++) {
        const before = await seq();
        const t = performance.now();
        await page.mouse.move(box.x + box.width * 0.5 + 40 * (s + 1), box.y + box.height / 2);
        pan.page.push(await afterRedraw(page, before));
        pan.trip.push(performance.now() - t);
      }
      await page.mouse.up();
      const cpu1 = browserCpu();
      if (cpu0 && cpu1) {
        for (const k of Object.keys(cpu1)) cpu[k] = (cpu[k] ?? 0) + cpu1[k]! - (cpu0[k] ?? 0);
        cpuSteps += ZOOM_STEPS + PAN_STEPS + 1;
      }
      await context.close();
    }
    const cpuNote = cpuSteps
      ? `; CPU per step: ${Object.entries(cpu)
          .filter(([, v]) => v > 0)
          .map(([k, v]) => `${k} ${((v * 1000) / cpuSteps).toFixed(0)} ms`)
          .join(', ')}`
      : '';
    const worst = (xs: number[]) => Math.max(...xs);
    return [
      { name: 'browser: write 10M points (Store, 1 slice)', ms: writeMs, figure: BROWSER_POINTS / (writeMs / 1000) / 1e6, unit: 'M points/s' },
      { name: 'browser: engine start (worker → first answer)', ms: bootMs, note: `before the first page load, as \`strata serve\` waits for it before printing its URL; ${import.meta.url.endsWith('.ts') ? 'TypeScript compiled on the fly by tsx (the built app loads compiled JS)' : 'compiled JS'}` },
      { name: 'browser: first paint of a 10M-point series', ms: median(paints), target: '< 1000 ms', pass: worst(paints) < 1000, note: `median of ${paints.length} page loads (navigation start → frame after drawing), worst ${worst(paints).toFixed(0)} ms (each load: ${paints.map((p) => p.toFixed(0)).join(', ')} ms), 1600×900` },
      {
        name: 'browser: zoom step (wheel → redrawn)',
        ms: median(zoom.page),
        target: '< 100 ms every step',
        pass: worst(zoom.page) < 100,
        note: `in the page (wheel event → frame after the new points): median of ${zoom.page.length}, worst ${worst(zoom.page).toFixed(1)} ms; seen from playwright (input sent → frame seen) median ${median(zoom.trip).toFixed(1)}, worst ${worst(zoom.trip).toFixed(1)} ms; fetch part median ${median(zoom.fetch).toFixed(1)} ms${cpuNote}`,
      },
      {
        name: 'browser: pan step (drag → redrawn)',
        ms: median(pan.page),
        target: '< 100 ms every step',
        pass: worst(pan.page) < 100,
        note: `in the page: median of ${pan.page.length}, worst ${worst(pan.page).toFixed(1)} ms; from playwright median ${median(pan.trip).toFixed(1)}, worst ${worst(pan.trip).toFixed(1)} ms`,
      },
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
    const res: BenchResult[] = [{ name: `envelope: write ${label(ENVELOPE_POINTS)} points`, ms: writeMs, figure: ENVELOPE_POINTS / (writeMs / 1000) / 1e6, unit: 'M points/s', note: `${Math.ceil(ENVELOPE_POINTS / SLICE)} appending revisions` }];
    const at = (i: number) => T0 + i * 1_000_000;
    // Wall time, and this thread's CPU time (the query runs on it alone): the CPU figure is not inflated
    // when other work shares the machine.
    const query = (from: number | null, to: number | null) => {
      const c = process.cpuUsage();
      const t = performance.now();
      const d = store.chart('bench/big', { from, to, width: WIDTH });
      const ms = performance.now() - t;
      const u = process.cpuUsage(c);
      return { ms, cpu: (u.user + u.system) / 1000, d };
    };
    query(null, null); // warm-up (first query of the process: code compiled, pages mapped)
    // Windows by their point count: the whole series, fractions of it, and just under each level switch
    // (the most bins a level reads, 16 per column) and just under the points-only limit (2 × 64 per column).
    const sizes: [string, number][] = [
      ['all', ENVELOPE_POINTS],
      ['50%', ENVELOPE_POINTS / 2],
      ['just under 2×4,096/px', 2 * WIDTH * 4096 * 0.99],
      ['5%', ENVELOPE_POINTS / 20],
      ['just under 2×512/px', 2 * WIDTH * 512 * 0.99],
      ['0.5%', ENVELOPE_POINTS / 200],
      ['just under 2×64/px', 2 * WIDTH * 64 * 0.99],
      ['0.05%', ENVELOPE_POINTS / 2000],
      ['just over 4/px (fewest for columns)', 4 * WIDTH + 1],
      ['just under 4/px (raw points)', 4 * WIDTH],
    ];
    let x = 12345;
    const all: number[] = [];
    for (const [w, size] of sizes) {
      const n = Math.min(ENVELOPE_POINTS, Math.round(size));
      const times: number[] = [];
      const cpus: number[] = [];
      let mode = '';
      for (let r = 0; r < 7; r++) {
        x = (x * 1103515245 + 12345) % 2147483648;
        const start = n >= ENVELOPE_POINTS ? 0 : Math.floor((x / 2147483648) * (ENVELOPE_POINTS - n));
        const q = n >= ENVELOPE_POINTS ? query(null, null) : query(at(start), at(start + n - 1));
        times.push(q.ms);
        cpus.push(q.cpu);
        mode = q.d.mode === 'raw' ? 'raw points' : q.d.binSize === 1 ? 'columns from points' : `columns from ${q.d.binSize}-point bins`;
      }
      all.push(...times);
      res.push({ name: `envelope: ${label(ENVELOPE_POINTS)} points, 2000 px, window ${w}`, ms: median(times), target: '< 50 ms', pass: Math.max(...times) < 50, note: `${n.toLocaleString('en-US')} points, ${mode}; median of 7 positions, worst ${Math.max(...times).toFixed(1)} ms; CPU median ${median(cpus).toFixed(1)}, worst ${Math.max(...cpus).toFixed(1)} ms` });
    }
    res.push({ name: 'envelope: worst of every window above', ms: Math.max(...all), target: '< 50 ms', pass: Math.max(...all) < 50 });
    // Peer: the same chart from the raw points of a window (read them, then one pass into columns).
    const n = Math.round(2 * WIDTH * 512 * 0.99);
    const from = at(ENVELOPE_POINTS / 3);
    const to = at(ENVELOPE_POINTS / 3 + n - 1);
    const scan = median(
      [0, 1, 2].map(() => {
        const t = performance.now();
        const s = store.get('bench/big', { from, to });
        const b = new ColumnBuilder(from, to, WIDTH);
        b.addPoints(s.times, s.values as Float64Array);
        return performance.now() - t;
      }),
    );
    const env = median([0, 1, 2].map(() => query(from, to).ms));
    res.push({ name: 'peer.raw_scan_2M_window_2000px', ms: scan, note: `${n.toLocaleString('en-US')} points read and summarised per pixel column` });
    res.push({ name: 'ratio.raw_scan / envelope (2M-point window)', figure: scan / env });
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
