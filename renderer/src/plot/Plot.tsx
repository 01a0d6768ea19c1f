import { useEffect, useRef, useState } from 'react';
import { echarts } from './echarts.js';
import { extentOf, plotOption, visibleCsv, type PlotSpec } from './option.js';
import { copyImage, download, pngOf, svgOf } from './exporting.js';
import { registerChart } from './registry.js';

interface Props {
  spec: PlotSpec;
  theme: 'light' | 'dark';
  /** File name stem for exports. */
  title: string;
  height?: number;
  testId?: string;
  /** A click on a band (its index in spec.bands). */
  onBandClick?(index: number): void;
  /** The shown x range changed (zoom, pan). */
  onView?(range: [number, number] | null): void;
}

/**
 * A chart of the editors: lines over time or frequency, bands, wheel zoom and drag pan, and export of the
 * chart (PNG, SVG: to the clipboard or as a file) and of the visible range (CSV download). The DOM node
 * carries data-* attributes the e2e tests read (lines, points, bands, view, seq).
 */
export function Plot(p: Props) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const props = useRef(p);
  props.current = p;
  const [note, setNote] = useState('');
  const view = useRef<[number, number] | null>(null);
  const dark = p.theme === 'dark';

  useEffect(() => {
    const c = echarts.init(el.current!, dark ? 'dark' : undefined);
    chart.current = c;
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(el.current!);
    c.on('datazoom', () => {
      const dz = (c.getOption() as { dataZoom?: { start?: number; end?: number }[] }).dataZoom?.[0];
      const ext = extentOf(props.current.spec);
      const zoomed = !!dz && ((dz.start ?? 0) > 0.0001 || (dz.end ?? 100) < 99.9999);
      view.current = zoomed && ext ? [ext[0] + ((ext[1] - ext[0]) * (dz.start ?? 0)) / 100, ext[0] + ((ext[1] - ext[0]) * (dz.end ?? 100)) / 100] : null;
      el.current?.setAttribute('data-view', view.current ? view.current.map((x) => Math.round(x)).join('|') : '');
      props.current.onView?.(view.current);
    });
    c.on('click', (e: { componentType?: string; dataIndex?: number; data?: unknown }) => {
      if (e.componentType === 'markArea' && typeof e.dataIndex === 'number') props.current.onBandClick?.(e.dataIndex);
    });
    const unregister = registerChart(el.current!, {
      title: () => props.current.title,
      png: () => pngOf(c, props.current.theme === 'dark'),
      svg: () => svgOf(c, props.current.theme === 'dark'),
      csv: () => visibleCsv(props.current.spec, view.current),
    });
    return () => {
      unregister();
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, [dark]);

  useEffect(() => {
    const c = chart.current;
    if (!c) return;
    c.setOption(plotOption(p.spec, dark), { notMerge: true });
    view.current = p.spec.view ?? null;
    const node = el.current!;
    node.setAttribute('data-lines', p.spec.lines.map((l) => l.name).join('|'));
    node.setAttribute('data-points', String(p.spec.lines.reduce((n, l) => n + l.points.length, 0)));
    node.setAttribute('data-bands', String(p.spec.bands?.length ?? 0));
    node.setAttribute('data-xkind', p.spec.xKind);
    // First drawn value of each line (tests compare revisions by it).
    node.setAttribute('data-first', JSON.stringify(p.spec.lines.map((l) => l.points.find((q) => q[1] !== null)?.[1] ?? null)));
    node.setAttribute('data-view', view.current ? view.current.map((x) => Math.round(x)).join('|') : '');
    node.setAttribute('data-seq', String(Number(node.getAttribute('data-seq') ?? 0) + 1));
  }, [p.spec, dark]);

  const flash = (s: string) => {
    setNote(s);
    setTimeout(() => setNote(''), 2500);
  };
  const stem = p.title.replace(/[^\w.-]+/g, '_') || 'chart';
  const copyPng = async () => {
    const c = chart.current;
    if (!c) return;
    const png = pngOf(c, dark);
    if (await copyImage(png)) flash('PNG copied');
    else {
      download(png, `${stem}.png`);
      flash('clipboard refused: PNG downloaded');
    }
  };
  const copySvg = async () => {
    const c = chart.current;
    if (!c) return;
    const svg = svgOf(c, dark);
    if (await copyImage(new Blob([svg], { type: 'image/svg+xml' }), svg)) flash('SVG copied');
    else {
      download(svg, `${stem}.svg`, 'image/svg+xml');
      flash('clipboard refused: SVG downloaded');
    }
  };

  return (
    <div className="plot" data-testid={p.testId ? `${p.testId}-wrap` : undefined}>
      <div className="plot-tools">
        <button onClick={copyPng} title="Copy the chart as a PNG image">
          Copy PNG
        </button>
        <button onClick={copySvg} title="Copy the chart as SVG">
          Copy SVG
        </button>
        <button onClick={() => chart.current && download(pngOf(chart.current, dark), `${stem}.png`)}>PNG</button>
        <button onClick={() => chart.current && download(svgOf(chart.current, dark), `${stem}.svg`, 'image/svg+xml')}>SVG</button>
        <button onClick={() => download(visibleCsv(p.spec, view.current), `${stem}.csv`, 'text/csv')} title="Download the visible range as CSV">
          CSV
        </button>
        {note && <span className="muted">{note}</span>}
      </div>
      <div ref={el} className="plot-chart" style={{ height: p.height ?? 260 }} data-testid={p.testId} data-plot="1" />
    </div>
  );
}
