import { formatTimestamp } from '../../../core/series/time.js';

/**
 * ECharts options of the editors' charts (formula preview, workflow outputs, spans, history): lines over a
 * time or frequency axis, one y axis per unit, spans as shaded bands (markArea). Pure: unit-tested.
 */
export interface Line {
  name: string;
  unit?: string;
  /** [x, y]: x in ms since the epoch on a time axis, in the axis' own unit (Hz) otherwise. */
  points: [number, number | null][];
  /** Dashed and lighter: an older version, an input beside the result. */
  faded?: boolean;
  color?: string;
}

export interface Band {
  /** ms (time axis). */
  from: number;
  /** null: still open (drawn to the end of the data). */
  to: number | null;
  label?: string;
}

export type XKind = 'time' | 'value';

export interface PlotSpec {
  lines: Line[];
  xKind: XKind;
  xName?: string;
  bands?: Band[];
  /** Shown x range; null: everything. */
  view?: [number, number] | null;
}

export const PALETTE = ['#2f6fdf', '#e0662f', '#2a9d5b', '#9b4dca', '#c23b4a', '#1c9fb0', '#b08a1c'];

export const label = (l: Line) => (l.unit ? `${l.name} [${l.unit}]` : l.name);

/** The x extent of all the lines' points (and the bands), or null when there is nothing. */
export function extentOf(spec: PlotSpec): [number, number] | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const l of spec.lines) {
    for (const [x] of l.points) {
      if (x < lo) lo = x;
      if (x > hi) hi = x;
    }
  }
  for (const b of spec.bands ?? []) {
    lo = Math.min(lo, b.from);
    if (b.to !== null) hi = Math.max(hi, b.to);
  }
  return Number.isFinite(lo) && Number.isFinite(hi) ? [lo, hi] : null;
}

export function plotOption(spec: PlotSpec, dark: boolean) {
  const units = [...new Set(spec.lines.map((l) => l.unit ?? ''))];
  const axisUnits = units.length ? units : [''];
  const ext = extentOf(spec);
  const view = spec.view ?? null;
  const pct = (x: number) => (ext && ext[1] > ext[0] ? Math.min(100, Math.max(0, ((x - ext[0]) / (ext[1] - ext[0])) * 100)) : 0);
  const bandColor = dark ? 'rgba(255, 196, 0, 0.16)' : 'rgba(255, 170, 0, 0.18)';
  const series = spec.lines.map((l, i) => {
    const color = l.color ?? PALETTE[i % PALETTE.length];
    return {
      name: label(l),
      type: 'line' as const,
      yAxisIndex: Math.max(0, axisUnits.indexOf(l.unit ?? '')),
      showSymbol: l.points.length < 120,
      symbolSize: 4,
      animation: false,
      connectNulls: false,
      lineStyle: { width: l.faded ? 1 : 1.5, type: l.faded ? ('dashed' as const) : ('solid' as const), opacity: l.faded ? 0.7 : 1 },
      color,
      data: l.points,
      ...(i === 0 && spec.bands?.length
        ? {
            markArea: {
              silent: false,
              itemStyle: { color: bandColor, borderColor: dark ? 'rgba(255,196,0,0.5)' : 'rgba(220,140,0,0.5)', borderWidth: 1 },
              label: { show: spec.bands.length <= 30, position: 'insideTop' as const, fontSize: 10, color: dark ? '#ddd' : '#555' },
              data: spec.bands.map((b, k) => [{ name: b.label ?? `span ${k + 1}`, xAxis: b.from }, { xAxis: b.to ?? ext?.[1] ?? b.from }]),
            },
          }
        : {}),
    };
  });
  return {
    animation: false,
    backgroundColor: 'transparent',
    legend: { top: 0, type: 'scroll' as const },
    tooltip: { trigger: 'axis' as const },
    grid: { left: 64, right: 20 + 55 * Math.max(0, axisUnits.length - 1), top: 30, bottom: 40 },
    xAxis: {
      type: spec.xKind,
      name: spec.xName ?? (spec.xKind === 'time' ? 'time (UTC)' : ''),
      nameLocation: 'middle' as const,
      nameGap: 24,
      scale: spec.xKind === 'value',
      ...(ext ? { min: ext[0], max: ext[1] } : {}),
    },
    yAxis: axisUnits.map((u, k) => ({
      type: 'value' as const,
      name: u || '',
      scale: true,
      position: (k === 0 ? 'left' : 'right') as 'left' | 'right',
      offset: k > 1 ? 55 * (k - 1) : 0,
      axisLine: { show: true },
      splitLine: { show: k === 0 },
    })),
    // weakFilter: the y axis fits what is shown when zoomed in (a span), lines still run to the edges.
    dataZoom: [{ type: 'inside' as const, filterMode: 'weakFilter' as const, ...(view && ext ? { start: pct(view[0]), end: pct(view[1]) } : { start: 0, end: 100 }) }],
    series,
  };
}

/** The points of each line inside [from, to] as CSV: one row per x, one column per line (empty where a line has no point). */
export function visibleCsv(spec: PlotSpec, range: [number, number] | null): string {
  const inRange = (x: number) => !range || (x >= range[0] && x <= range[1]);
  const xs = new Set<number>();
  const maps = spec.lines.map((l) => {
    const m = new Map<number, number | null>();
    for (const [x, y] of l.points) {
      if (!inRange(x)) continue;
      m.set(x, y);
      xs.add(x);
    }
    return m;
  });
  const head = [spec.xKind === 'time' ? 'time' : spec.xName || 'x', ...spec.lines.map(label)].map(csvCell).join(',');
  const rows = [...xs].sort((a, b) => a - b).map((x) => {
    // x is ms with a µs fraction: back to exact µs for the timestamp text.
    const key = spec.xKind === 'time' ? formatTimestamp(Math.round(x * 1000), true) : String(x);
    return [key, ...maps.map((m) => (m.has(x) && m.get(x) !== null ? String(m.get(x)) : ''))].map(csvCell).join(',');
  });
  return [head, ...rows].join('\n') + '\n';
}

export function csvCell(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
