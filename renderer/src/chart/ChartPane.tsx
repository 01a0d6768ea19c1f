import { useEffect, useRef, useState } from 'react';
import type { SeriesSummary } from '../../../core/protocol/index.js';
import { api, call } from '../api.js';
import { echarts } from './echarts.js';
import { envelopeToPoints } from './points.js';

export interface TimeWindow {
  from: number;
  to: number;
}

interface Props {
  series: SeriesSummary[];
  window: TimeWindow | null;
  onWindow(w: TimeWindow | null): void;
  onRemove(name: string): void;
  onDropSeries(name: string): void;
  theme: 'light' | 'dark';
}

const COLORS = ['#2f6fdf', '#e0662f', '#2a9d5b', '#9b4dca', '#c23b4a', '#1c9fb0', '#b08a1c'];

/** One chart pane: its series' envelopes for the shared time window, refetched at each zoom. */
export function ChartPane({ series, window: win, onWindow, onRemove, onDropSeries, theme }: Props) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const windowRef = useRef<TimeWindow | null>(win);
  windowRef.current = win;

  useEffect(() => {
    const c = echarts.init(el.current!, theme === 'dark' ? 'dark' : undefined);
    chart.current = c;
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(el.current!);
    c.on('datazoom', () => {
      // Zoom gestures give percentages of the shown window: turn them into a new window and refetch.
      const opt = c.getOption() as { dataZoom?: { start?: number; end?: number }[]; xAxis?: { min?: number; max?: number }[] };
      const dz = opt.dataZoom?.[0];
      const ax = opt.xAxis?.[0];
      if (!dz || ax?.min === undefined || ax?.max === undefined) return;
      const lo = ax.min * 1000;
      const hi = ax.max * 1000;
      const from = Math.round(lo + ((hi - lo) * (dz.start ?? 0)) / 100);
      const to = Math.round(lo + ((hi - lo) * (dz.end ?? 100)) / 100);
      if (to > from) onWindow({ from, to });
    });
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [theme]);

  useEffect(() => {
    let stale = false;
    const c = chart.current;
    if (!c) return;
    const width = Math.max(100, el.current?.clientWidth ?? 800);
    const t0 = performance.now();
    Promise.all(series.filter((s) => s.valueType === 'float64').map((s) => call(api.call('chart.envelope', { name: s.name, from: win?.from ?? null, to: win?.to ?? null, width })).then((env) => ({ s, env }))))
      .then((rows) => {
        if (stale) return;
        setError(null);
        const units = [...new Set(rows.map((r) => r.s.unit || ''))];
        let lo = Infinity;
        let hi = -Infinity;
        const data = rows.map(({ s, env }, i) => {
          const pts = envelopeToPoints(env);
          if (pts.length) {
            lo = Math.min(lo, pts[0]![0]);
            hi = Math.max(hi, pts[pts.length - 1]![0]);
          }
          return {
            name: s.unit ? `${s.name} [${s.unit}]` : s.name,
            type: 'line' as const,
            showSymbol: pts.length < 200,
            symbolSize: 4,
            sampling: undefined,
            animation: false,
            lineStyle: { width: 1 },
            color: COLORS[i % COLORS.length],
            yAxisIndex: Math.max(0, units.indexOf(s.unit || '')),
            data: pts,
          };
        });
        const xmin = win ? win.from / 1000 : lo;
        const xmax = win ? win.to / 1000 : hi;
        c.setOption(
          {
            animation: false,
            backgroundColor: 'transparent',
            legend: { top: 0, type: 'scroll' },
            tooltip: { trigger: 'axis', axisPointer: { type: 'line' } },
            grid: { left: 60, right: 20 + 50 * Math.max(0, units.length - 1), top: 30, bottom: 40 },
            xAxis: { type: 'time', min: Number.isFinite(xmin) ? xmin : undefined, max: Number.isFinite(xmax) ? xmax : undefined },
            yAxis: (units.length ? units : ['']).map((u, k) => ({ type: 'value', name: u, scale: true, position: k === 0 ? 'left' : 'right', offset: k > 1 ? 50 * (k - 1) : 0 })),
            dataZoom: [{ type: 'inside', xAxisIndex: 0, start: 0, end: 100, filterMode: 'none' }],
            series: data,
          },
          { replaceMerge: ['series', 'yAxis'] },
        );
        setStatus(`${rows.reduce((n, r) => n + (r.env.mode === 'raw' ? r.env.times.length : r.env.count), 0)} points in view · ${Math.round(performance.now() - t0)} ms`);
      })
      .catch((e: Error) => !stale && setError(e.message));
    return () => {
      stale = true;
    };
  }, [series, win, theme]);

  return (
    <section
      className="pane"
      data-testid="chart-pane"
      onDragOver={(e) => e.preventDefault()}
      onDrop={(e) => {
        const name = e.dataTransfer.getData('application/x-strata-series');
        if (name) onDropSeries(name);
      }}
    >
      <header className="pane-head">
        {series.map((s) => (
          <span key={s.name} className="chip">
            {s.name}
            <button aria-label={`remove ${s.name}`} onClick={() => onRemove(s.name)}>
              ×
            </button>
          </span>
        ))}
        <span className="pane-status" data-testid="pane-status">{status}</span>
        <button onClick={() => onWindow(null)}>Reset zoom</button>
      </header>
      {error && <div className="error" role="alert">{error}</div>}
      <div ref={el} className="chart" data-testid="chart" />
    </section>
  );
}
