/**
 * The charts on screen that can be exported, so the command palette can act on "the current chart": the
 * one the pointer was last over (or the first one shown). Workbench panes are found through ECharts itself.
 */
import { echarts } from './echarts.js';
import { pngOf, svgOf } from './exporting.js';

export interface Exportable {
  title(): string;
  png(): Blob;
  svg(): string;
  /** The visible range as CSV; may ask the engine (workbench panes read the stored points). */
  csv(): string | Promise<string>;
}

const charts = new Map<HTMLElement, Exportable>();
let current: HTMLElement | null = null;

export function registerChart(el: HTMLElement, x: Exportable): () => void {
  charts.set(el, x);
  const enter = () => {
    current = el;
  };
  el.addEventListener('pointerenter', enter);
  return () => {
    el.removeEventListener('pointerenter', enter);
    charts.delete(el);
    if (current === el) current = null;
  };
}

/** Export hooks for a chart element ECharts drew but this module did not register (a workbench pane). */
export type Fallback = (el: HTMLElement, chart: echarts.ECharts) => Exportable;
let fallback: Fallback | null = null;
export function setFallback(f: Fallback): void {
  fallback = f;
}

document.addEventListener(
  'pointerover',
  (e) => {
    const el = (e.target as HTMLElement | null)?.closest?.('[data-plot], [data-testid="chart"]') as HTMLElement | null;
    if (el) current = el;
  },
  true,
);

/** The chart the palette's export commands act on. */
export function currentChart(): Exportable | null {
  const visible = (el: HTMLElement) => el.isConnected && el.offsetParent !== null;
  const pick = current && visible(current) ? current : ([...charts.keys()].find(visible) ?? ([...document.querySelectorAll<HTMLElement>('[data-testid="chart"]')].find(visible) ?? null));
  if (!pick) return null;
  const own = charts.get(pick);
  if (own) return own;
  const inst = echarts.getInstanceByDom(pick);
  if (!inst) return null;
  const dark = document.documentElement.dataset.theme === 'dark';
  return fallback ? fallback(pick, inst) : { title: () => 'chart', png: () => pngOf(inst, dark), svg: () => svgOf(inst, dark), csv: () => '' };
}
