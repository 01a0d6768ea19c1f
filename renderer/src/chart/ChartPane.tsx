import { useEffect, useMemo, useRef, useState } from 'react';
import type { Envelope, SeriesSummary } from '../../../core/protocol/index.js';
import { api, call } from '../api.js';
import { fmtTime, fmtValue } from '../format.js';
import type { TimeWindow } from '../layout/layout.js';
import { echarts } from './echarts.js';
import { envelopeToXY, pointCount } from './points.js';
import { COLORS, legendName, paneOption, paneShape, paneUpdate, unitsOf, type Row } from './options.js';
import { readings, valueAt } from './cursors.js';
import './chart.css';
import { panWindow, wheelScale, zoomWindow } from './zoom.js';
import { RevisionDate } from '../ui/RevisionDate.js';
import { revisionText } from '../ui/time.js';
import { onSharedWindow, shareWindow } from './link.js';

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
  /** The pane's series as known at this insertion date (µs), or their latest state (null). */
  asOf: number | null;
  onAsOf(asOf: number | null): void;
  /** A spans formula drawn as bands behind the series ('' for none). */
  spans: string;
  onSpans(text: string): void;
}

/** A span band, in µs (end null: still open). */
interface Band {
  begin: number;
  end: number | null;
}

/** One fetch of a pane's data: what was asked for. */
interface Want {
  series: SeriesSummary[];
  win: TimeWindow | null;
  stacked: boolean;
  theme: string;
  asOf: number | null;
}

const sameWant = (a: Want | null, b: Want) =>
  !!a && a.series === b.series && a.stacked === b.stacked && a.theme === b.theme && a.asOf === b.asOf && a.win?.from === b.win?.from && a.win?.to === b.win?.to;

/**
 * One chart pane: its series' envelopes for the shared window (refetched at each zoom or pan, shaped per
 * pixel column by the engine), overlaid or stacked in lanes, with the shared and A/B cursors drawn on top.
 * A zoom step merges only the new points, the time range and the zoom into the chart (the full option is
 * set only when the series, lanes, size or theme change), and at most one fetch per pane is in flight:
 * windows asked for meanwhile collapse into the latest.
 */
export function ChartPane(p: Props) {
  const { window: win, onWindow, theme, stacked, asOf } = p;
  // The parent builds a new series array at each of its renders (a cursor move, another pane's change):
  // only a change in what the series are refetches.
  const seriesKey = p.series.map((s) => JSON.stringify([s.name, s.unit, s.valueType, s.count, s.first, s.last])).join('\n');
  const series = useMemo(() => p.series, [seriesKey]);
  const seriesNow = useRef(series);
  seriesNow.current = series;
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const [rows, setRows] = useState<Row[]>([]);
  const [renders, setRenders] = useState(0);
  /** Shown time range (ms); the time range of the pane's series (ms). */
  const extent = useRef<[number, number] | null>(null);
  const dataRange = useRef<[number, number] | null>(null);
  /** The window last asked for (ms), by this pane's gestures or from the layout: gestures build on it. */
  const asked = useRef<[number, number] | null>(null);
  /** The shape of the option last set in full (see paneShape); '' forces a full option. */
  const shape = useRef('');
  const fetching = useRef<{ busy: boolean; next: Want | null; last: Want | null }>({ busy: false, next: null, last: null });
  const props = useRef(p);
  props.current = p;

  /** Asks for the pane's data for `want` (unless that is what was asked last): fetched now, or after the fetch in flight. */
  const request = (want: Want, force = false) => {
    const f = fetching.current;
    if (!force && sameWant(f.last, want)) return;
    f.last = want;
    f.next = want;
    pump();
  };

  /** Fetches the latest wanted window unless a fetch is in flight (it calls again when done). */
  const pump = () => {
    const f = fetching.current;
    if (f.busy || !f.next || !chart.current) return;
    const want = f.next;
    f.next = null;
    f.busy = true;
    const width = Math.max(100, Math.round(el.current?.clientWidth ?? 800));
    const t0 = performance.now();
    const numeric = want.series.filter((s) => s.valueType === 'float64');
    Promise.all(numeric.map((s) => call(api.call('chart.envelope', { name: s.name, from: want.win?.from ?? null, to: want.win?.to ?? null, width, revisionDate: want.asOf })).then((env) => ({ s, env }))))
      .then((got) => {
        const fetched = performance.now();
        // A newer window for other series (or lanes) is waiting: this answer would draw the wrong panes.
        const next = fetching.current.next;
        if (next && (next.series !== want.series || next.stacked !== want.stacked)) return;
        if (chart.current) draw(chart.current, want, got, t0, fetched);
      })
      .catch((e: Error) => setError(e.message))
      .finally(() => {
        fetching.current.busy = false;
        pump();
      });
  };

  const draw = (c: echarts.ECharts, want: Want, got: { s: SeriesSummary; env: Envelope }[], t0: number, fetched: number) => {
    setError(null);
    const next: Row[] = got.map(({ s, env }) => ({ s, xy: envelopeToXY(env) }));
    // Without a window the pane shows all its series' points (from the explorer's first/last).
    let lo = Infinity;
    let hi = -Infinity;
    for (const { s } of next) {
      if (s.first !== null) lo = Math.min(lo, s.first / 1000);
      if (s.last !== null) hi = Math.max(hi, s.last / 1000);
    }
    dataRange.current = hi > lo ? [lo, hi] : null;
    const view: [number, number] | null = want.win ? [want.win.from / 1000, want.win.to / 1000] : dataRange.current;
    extent.current = view;
    const height = el.current?.clientHeight ?? 300;
    const key = paneShape(next, want.stacked, height);
    if (key !== shape.current) {
      c.setOption(paneOption(next, view, want.stacked, height), { notMerge: true });
      shape.current = key;
    } else c.setOption(paneUpdate(next, view, want.stacked));
    setRows(next);
    setRenders((n) => n + 1);
    const count = got.reduce((n, r) => n + (r.env.mode === 'raw' ? r.env.times.length : r.env.count), 0);
    const drawn = next.reduce((n, r) => n + pointCount(r.xy), 0);
    const ms = performance.now() - t0;
    const asOfNote = want.asOf === null ? '' : ` · as of ${revisionText(want.asOf)}`;
    setStatus(`${count.toLocaleString('en-US')} points in view (${drawn.toLocaleString('en-US')} drawn)${asOfNote} · ${Math.round(ms)} ms`);
    // Timings for the browser bench and the e2e tests.
    const e = el.current;
    if (!e) return;
    e.setAttribute('data-fetch-ms', (fetched - t0).toFixed(1));
    e.setAttribute('data-total-ms', ms.toFixed(1));
    e.setAttribute('data-count', String(count));
    e.setAttribute('data-series', next.map((r) => r.s.name).join('|'));
    e.setAttribute('data-axes', String(unitsOf(next).length));
    e.setAttribute('data-lanes', String(want.stacked ? unitsOf(next).length : 1));
    e.setAttribute('data-as-of', want.asOf === null ? '' : String(want.asOf));
    e.setAttribute('data-seq', String(Number(e.getAttribute('data-seq') ?? 0) + 1));
  };

  useEffect(() => {
    const c = echarts.init(el.current!, theme === 'dark' ? 'dark' : undefined);
    chart.current = c;
    shape.current = '';
    let width = el.current!.clientWidth;
    const ro = new ResizeObserver(() => {
      c.resize();
      setRenders((n) => n + 1);
      // A new width has other pixel columns (and a new height other lanes): fetch and draw again.
      const w = el.current?.clientWidth ?? width;
      if (w !== width) {
        width = w;
        const cur = props.current;
        request({ series: seriesNow.current, win: cur.window, stacked: cur.stacked, theme: cur.theme, asOf: cur.asOf }, true);
      }
    });
    ro.observe(el.current!);
    const zr = c.getZr();
    const timeAt = (x: number, y: number): number | null => {
      // Only inside the plotted time range (not over the axes or the legend).
      const range = extent.current;
      if (!range || y < 24) return null;
      const t = c.convertFromPixel({ xAxisIndex: 0 }, x) as unknown as number | number[];
      const v = Array.isArray(t) ? t[0]! : t;
      return Number.isFinite(v) && v >= range[0] && v <= range[1] ? v : null;
    };
    const ask = (w: [number, number] | null) => {
      const win = w && { from: Math.round(w[0] * 1000), to: Math.round(w[1] * 1000) };
      // This pane and the others fetch at once (not after React has re-rendered the app and run effects).
      follow(win);
      shareWindow(win, follow);
      props.current.onWindow(win);
    };
    const follow = (win: TimeWindow | null) => {
      asked.current = win && [win.from / 1000, win.to / 1000];
      const cur = props.current;
      request({ series: seriesNow.current, win, stacked: cur.stacked, theme: cur.theme, asOf: cur.asOf });
    };
    const unlink = onSharedWindow(follow);
    const current = () => asked.current ?? dataRange.current;
    // Wheel: zoom around the time under the mouse.
    const dom = el.current!;
    const onWheel = (e: WheelEvent) => {
      const view = current();
      if (!view || !extent.current) return;
      e.preventDefault();
      const x = e.clientX - dom.getBoundingClientRect().left;
      const t = c.convertFromPixel({ xAxisIndex: 0 }, x) as unknown as number;
      ask(zoomWindow(view, Number.isFinite(t) ? t : (view[0] + view[1]) / 2, wheelScale(e.deltaY, e.deltaMode), dataRange.current));
    };
    dom.addEventListener('wheel', onWheel, { passive: false });
    // Drag: pan (one new window per frame at most).
    let drag: { x: number; view: [number, number]; msPerPx: number } | null = null;
    let panFrame = 0;
    const onMove = (e: MouseEvent) => {
      const d = drag;
      if (!d) return;
      cancelAnimationFrame(panFrame);
      panFrame = requestAnimationFrame(() => ask(panWindow(d.view, e.clientX - d.x, d.msPerPx)));
    };
    const onUp = () => {
      drag = null;
      window.removeEventListener('mousemove', onMove);
      window.removeEventListener('mouseup', onUp);
    };
    let frame = 0;
    zr.on('mousemove', (e) => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => props.current.onCursor(timeAt(e.offsetX, e.offsetY)));
    });
    zr.on('globalout', () => props.current.onCursor(null));
    // A click places a cursor; a drag pans.
    let down: [number, number] | null = null;
    zr.on('mousedown', (e) => {
      down = [e.offsetX, e.offsetY];
      const view = current();
      if (!view || timeAt(e.offsetX, e.offsetY) === null) return;
      const px0 = c.convertToPixel({ xAxisIndex: 0 }, view[0]) as unknown as number;
      const px1 = c.convertToPixel({ xAxisIndex: 0 }, view[1]) as unknown as number;
      if (!(px1 > px0)) return;
      drag = { x: (e.event as MouseEvent).clientX, view, msPerPx: (view[1] - view[0]) / (px1 - px0) };
      window.addEventListener('mousemove', onMove);
      window.addEventListener('mouseup', onUp);
    });
    zr.on('click', (e) => {
      const moved = down ? Math.hypot(e.offsetX - down[0], e.offsetY - down[1]) : 0;
      const t = timeAt(e.offsetX, e.offsetY);
      if (props.current.abMode && moved < 4 && t !== null) props.current.onPlace(t);
    });
    return () => {
      cancelAnimationFrame(frame);
      cancelAnimationFrame(panFrame);
      onUp();
      dom.removeEventListener('wheel', onWheel);
      unlink();
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, [theme]);

  useEffect(() => {
    asked.current = win && [win.from / 1000, win.to / 1000];
    request({ series, win, stacked, theme, asOf });
  }, [series, win, theme, stacked, asOf]);

  // Span bands: the spans of the whole time range, fetched when the formula or the as-of date change (not
  // at each zoom step: a zoom only moves them), drawn behind the series.
  const [bands, setBands] = useState<Band[]>([]);
  const [spansError, setSpansError] = useState<string | null>(null);
  useEffect(() => {
    const text = p.spans.trim();
    if (!text) {
      setBands([]);
      setSpansError(null);
      return;
    }
    let live = true;
    call(api.call('spans.condition', { text, revisionDate: asOf }))
      .then((r) => {
        if (!live) return;
        setBands(r.spans);
        setSpansError(null);
        el.current?.setAttribute('data-spans', String(r.spans.length));
      })
      .catch((e: Error) => {
        if (!live) return;
        setBands([]);
        setSpansError(`spans: ${e.message}`);
        el.current?.setAttribute('data-spans', 'error');
      });
    return () => {
      live = false;
    };
  }, [p.spans, asOf, seriesKey]);
  const [spansText, setSpansText] = useState(p.spans);
  useEffect(() => setSpansText(p.spans), [p.spans]);

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
  // Bands in pixels of the current view, clipped to it (an open span runs to the view's end).
  const view = extent.current;
  const plotted = bands.flatMap((b, i) => {
    const c = chart.current;
    if (!c || !view || !rows.length) return [];
    const lo = Math.max(b.begin / 1000, view[0]);
    const hi = Math.min(b.end === null ? view[1] : b.end / 1000, view[1]);
    if (!(hi >= lo)) return [];
    const x0 = c.convertToPixel({ xAxisIndex: 0 }, lo) as unknown as number;
    const x1 = c.convertToPixel({ xAxisIndex: 0 }, hi) as unknown as number;
    return Number.isFinite(x0) && Number.isFinite(x1) ? [{ key: i, left: x0, width: Math.max(1, x1 - x0) }] : [];
  });
  const reads = p.ab.a !== null || p.ab.b !== null ? readings(rows.map((r) => ({ name: legendName(r.s), xy: r.xy })), p.ab.a, p.ab.b) : [];
  // The values at the shared cursor, next to it (instead of an ECharts tooltip, which recomputed itself at
  // every redraw under the mouse and cost more than drawing the points).
  const cursorX = lines[0]!.x;
  const atCursor = cursorX !== null && p.cursor !== null ? rows.map((r, i) => ({ name: legendName(r.s), color: COLORS[i % COLORS.length]!, v: valueAt(r.xy, p.cursor!) })) : [];

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
        <RevisionDate value={asOf} onChange={p.onAsOf} testId="pane-revision-date" />
        <form
          className="spans-form"
          onSubmit={(e) => {
            e.preventDefault();
            p.onSpans(spansText);
          }}
        >
          <input
            aria-label="Spans formula"
            placeholder='spans, e.g. (> (series "temp") 80)'
            value={spansText}
            onChange={(e) => setSpansText(e.target.value)}
            onBlur={() => spansText !== p.spans && p.onSpans(spansText)}
          />
        </form>
        <button onClick={() => onWindow(null)}>Reset zoom</button>
        {p.onClose && (
          <button onClick={p.onClose} aria-label="Close pane">
            Close
          </button>
        )}
      </header>
      {(error || spansError) && (
        <div className="error" role="alert">
          {error ?? spansError}
        </div>
      )}
      <div className="chart-wrap">
        <div ref={el} className="chart" data-testid="chart" />
        {plotted.map((b) => (
          <div key={b.key} className="span-band" data-testid="span-band" style={{ left: b.left, width: b.width }} />
        ))}
        {cursorX !== null && atCursor.length > 0 && (
          <div className={`cursor-readout${cursorX > (el.current?.clientWidth ?? 0) / 2 ? ' left' : ''}`} style={{ left: cursorX }} data-testid="cursor-readout">
            <div className="cursor-time">{fmtTime(Math.round(p.cursor! * 1000), rows[0]?.s.tzaware ?? true)}</div>
            {atCursor.map((r) => (
              <div key={r.name}>
                <span className="swatch" style={{ background: r.color }} />
                {r.name}: <b>{fmtValue(r.v)}</b>
              </div>
            ))}
          </div>
        )}
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
