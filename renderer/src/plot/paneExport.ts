/**
 * Export of the workbench's chart panes (drawn by chart/ChartPane, not by Plot): the image as drawn, and
 * the visible range as CSV of the stored points (read again from the engine, exact, not the drawn envelope).
 */
import { api, call } from '../api.js';
import type { echarts } from './echarts.js';
import { pngOf, svgOf } from './exporting.js';
import { seriesCsv } from './csv.js';
import { setFallback } from './registry.js';

/** The time range the pane's x axis shows (ms). ECharts' axis model is the one place that knows it after zooms. */
function shownRange(chart: echarts.ECharts): [number, number] | null {
  try {
    const model = (chart as unknown as { getModel(): { getComponent(t: string, i: number): { axis: { scale: { getExtent(): [number, number] } } } | undefined } }).getModel();
    const ext = model.getComponent('xAxis', 0)?.axis.scale.getExtent();
    return ext && Number.isFinite(ext[0]) && Number.isFinite(ext[1]) ? ext : null;
  } catch {
    return null;
  }
}

export function installPaneExport(): void {
  setFallback((el, chart) => {
    const dark = () => document.documentElement.dataset.theme === 'dark';
    const names = () => (el.getAttribute('data-series') ?? '').split('|').filter(Boolean);
    return {
      title: () => names().join('+') || 'chart',
      png: () => pngOf(chart, dark()),
      svg: () => svgOf(chart, dark()),
      csv: async () => {
        const r = shownRange(chart);
        const from = r ? Math.floor(r[0] * 1000) : null;
        const to = r ? Math.ceil(r[1] * 1000) : null;
        const cols = await Promise.all(names().map((name) => call(api.call('series.get', { name, from, to }))));
        return seriesCsv(cols);
      },
    };
  });
}
