import { useEffect, useRef, useState } from 'react';
import type { SeriesSummary } from '../../../core/protocol/index.js';
import { api, call } from '../api.js';
import { fmtValue } from '../format.js';
import type { TimeWindow } from '../layout/layout.js';
import { echarts } from './echarts.js';
import { envelopeToPoints } from './points.js';
import { legendName, paneOption, unitsOf, type Row } from './options.js';
import { readings } from './cursors.js';

export type { TimeWindow };

export interface AB {
  a: number | null;
  b: number | null;
}

interface Props {
  series: SeriesSummary[];
  window: TimeWindow | null;
  onWindow(w: TimeWindow | null): void;
  onRemove(name: string): void;
  onDropSeries(name: string): void;
  theme: 'light' | 'dark';
  stacked: boolean;
  onToggleStacked(): void;
  onClose?(): void;
  /** Shared cursor (ms since epoch), drawn in every pane. */
  cursor: number | null;
  onCursor(t: number | null): void;
  /** A/B cursors (ms), shared by every pane; clicks place them while `abMode` is on. */
  ab: AB;
  abMode: boolean;
  onPlace(t: number): void;
}

/**
 * One chart pane: its series' envelopes for the shared window (refetched at each zoom or pan, shaped per
 * pixel column by the engine), overlaid or stacked in lanes, with the shared and A/B cursors drawn on top.
 */
export function ChartPane(p: Props) {
  const { series, window: win, onWindow, theme, stacked } = p;
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const [rows, setRows] = useState<Row[]>([]);
  const [renders, setRenders] = useState(0);
  /** Shown time range (ms), and the axis range the zoom percentages refer to. */
  const extent = useRef<[number, number] | null>(null);
  const fullRange = useRef<[number, number] | null>(null);
  const props = useRef(p);
  props.current = p;

  useEffect(() => {
    const c = echarts.init(el.current!, theme === 'dark' ? 'dark' : undefined);
    chart.current = c;
    const ro = new ResizeObserver(() => {
      c.resize();
      setRenders((n) => n + 1);
    });
    ro.observe(el.current!);
    c.on('datazoom', () => {
      // Zoom and pan gestures give percentages of the shown window: turn them into a new shared window.
      const opt = c.getOption() as { dataZoom?: { start?: number; end?: number }[] };
      const dz = opt.dataZoom?.[0];
      const range = fullRange.current;
      if (!dz || !range) return;
      const lo = range[0] * 1000;
      const hi = range[1] * 1000;
      const from = Math.round(lo + ((hi - lo) * (dz.start ?? 0)) / 100);
      const to = Math.round(lo + ((hi - lo) * (dz.end ?? 100)) / 100);
      if (to > from) props.current.onWindow({ from, to });
    });
    const zr = c.getZr();
    const timeAt = (x: number, y: number): number | null => {
      // Only inside the plotted time range (not over the axes or the legend).
      const range = extent.current;
      if (!range || y < 24) return null;
      const t = c.convertFromPixel({ xAxisIndex: 0 }, x) as unknown as number | number[];
      const v = Array.isArray(t) ? t[0]! : t;
      return Number.isFinite(v) && v >= range[0] && v <= range[1] ? v : null;
    };
    let frame = 0;
    zr.on('mousemove', (e) => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => props.current.onCursor(timeAt(e.offsetX, e.offsetY)));
    });
    zr.on('globalout', () => props.current.onCursor(null));
    // A click places a cursor; a drag (pan) does not.
    let down: [number, number] | null = null;
    zr.on('mousedown', (e) => {
      down = [e.offsetX, e.offsetY];
    });
    zr.on('click', (e) => {
      const moved = down ? Math.hypot(e.offsetX - down[0], e.offsetY - down[1]) : 0;
      const t = timeAt(e.offsetX, e.offsetY);
      if (props.current.abMode && moved < 4 && t !== null) props.current.onPlace(t);
    });
    return () => {
      cancelAnimationFrame(frame);
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, [theme]);

  useEffect(() => {
    let stale = false;
    const c = chart.current;
    if (!c) return;
    const width = Math.max(100, Math.round(el.current?.clientWidth ?? 800));
    const t0 = performance.now();
    const numeric = series.filter((s) => s.valueType === 'float64');
    Promise.all(numeric.map((s) => call(api.call('chart.envelope', { name: s.name, from: win?.from ?? null, to: win?.to ?? null, width })).then((env) => ({ s, env }))))
      .then((got) => {
        if (stale) return;
        const fetched = performance.now();
        setError(null);
        const next: Row[] = got.map(({ s, env }) => ({ s, points: envelopeToPoints(env) }));
        // Axis range: every point of the pane's series (from the explorer's first/last) and the window.
        let lo = Infinity;
        let hi = -Infinity;
        for (const s of numeric) {
          if (s.first !== null) lo = Math.min(lo, s.first / 1000);
          if (s.last !== null) hi = Math.max(hi, s.last / 1000);
        }
        if (win) {
          lo = Math.min(lo, win.from / 1000);
          hi = Math.max(hi, win.to / 1000);
        }
        const range: [number, number] | null = hi > lo ? [lo, hi] : null;
        const view: [number, number] | null = win ? [win.from / 1000, win.to / 1000] : range;
        fullRange.current = range;
        extent.current = view;
        c.setOption(paneOption(next, range, view, stacked, el.current?.clientHeight ?? 300), { replaceMerge: ['series', 'xAxis', 'yAxis', 'grid', 'dataZoom'] });
        setRows(next);
        setRenders((n) => n + 1);
        const count = got.reduce((n, r) => n + (r.env.mode === 'raw' ? r.env.times.length : r.env.count), 0);
        const drawn = next.reduce((n, r) => n + r.points.length, 0);
        const ms = performance.now() - t0;
        setStatus(`${count.toLocaleString('en-US')} points in view (${drawn.toLocaleString('en-US')} drawn) · ${Math.round(ms)} ms`);
        // Timings for the browser bench and the e2e tests.
        el.current?.setAttribute('data-fetch-ms', (fetched - t0).toFixed(1));
        el.current?.setAttribute('data-total-ms', ms.toFixed(1));
        el.current?.setAttribute('data-count', String(count));
        el.current?.setAttribute('data-series', next.map((r) => r.s.name).join('|'));
        el.current?.setAttribute('data-axes', String(unitsOf(next).length));
        el.current?.setAttribute('data-lanes', String(stacked ? unitsOf(next).length : 1));
        el.current?.setAttribute('data-seq', String(Number(el.current.getAttribute('data-seq') ?? 0) + 1));
      })
      .catch((e: Error) => !stale && setError(e.message));
    return () => {
      stale = true;
    };
  }, [series, win, theme, stacked]);

  // Cursor lines, in pixels of the current chart (recomputed after each render and resize).
  const xOf = (t: number | null): number | null => {
    const c = chart.current;
    if (t === null || !c || !rows.length) return null;
    const x = c.convertToPixel({ xAxisIndex: 0 }, t) as unknown as number;
    const w = el.current?.clientWidth ?? 0;
    return Number.isFinite(x) && x >= 0 && x <= w ? x : null;
  };
  void renders;
  const lines = [
    { key: 'cursor', x: xOf(p.cursor), label: '' },
    { key: 'a', x: xOf(p.ab.a), label: 'A' },
    { key: 'b', x: xOf(p.ab.b), label: 'B' },
  ];
  const reads = p.ab.a !== null || p.ab.b !== null ? readings(rows.map((r) => ({ name: legendName(r.s), points: r.points })), p.ab.a, p.ab.b) : [];

  return (
    <section
      className="pane"
      data-testid="chart-pane"
      onDragOver={(e) => e.preventDefault()}
      onDrop={(e) => {
        const name = e.dataTransfer.getData('application/x-strata-series');
        if (name) p.onDropSeries(name);
      }}
    >
      <header className="pane-head">
        {series.map((s) => (
          <span key={s.name} className="chip">
            {s.name}
            {s.unit && <span className="unit"> [{s.unit}]</span>}
            <button aria-label={`remove ${s.name}`} onClick={() => p.onRemove(s.name)}>
              ×
            </button>
          </span>
        ))}
        <span className="pane-status" data-testid="pane-status">
          {status}
        </span>
        <label className="toggle">
          <input type="checkbox" checked={stacked} onChange={p.onToggleStacked} aria-label="Stack lanes" /> Lanes
        </label>
        <button onClick={() => onWindow(null)}>Reset zoom</button>
        {p.onClose && (
          <button onClick={p.onClose} aria-label="Close pane">
            Close
          </button>
        )}
      </header>
      {error && (
        <div className="error" role="alert">
          {error}
        </div>
      )}
      <div className="chart-wrap">
        <div ref={el} className="chart" data-testid="chart" />
        {lines.map((l) =>
          l.x === null ? null : (
            <div key={l.key} className={`cursor-line cursor-${l.key}`} style={{ left: l.x }} data-testid={`cursor-${l.key}`}>
              {l.label && <span>{l.label}</span>}
            </div>
          ),
        )}
      </div>
      {reads.length > 0 && (
        <table className="readout" data-testid="ab-readout">
          <thead>
            <tr>
              <th>Series</th>
              <th>A</th>
              <th>B</th>
              <th>Δvalue</th>
            </tr>
          </thead>
          <tbody>
            {reads.map((r) => (
              <tr key={r.name} data-name={r.name}>
                <td>{r.name}</td>
                <td>{fmtValue(r.a)}</td>
                <td>{fmtValue(r.b)}</td>
                <td data-testid="delta-value">{fmtValue(r.delta)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
