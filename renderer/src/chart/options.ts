import type { SeriesSummary } from '../../../core/protocol/index.js';

export const COLORS = ['#2f6fdf', '#e0662f', '#2a9d5b', '#9b4dca', '#c23b4a', '#1c9fb0', '#b08a1c'];

export interface Row {
  s: SeriesSummary;
  /** Drawn points, flat: [ms, value, ms, value, ...]. */
  xy: Float64Array;
}

/** Units in first-seen order ('' for unitless): one y axis per unit, so values of different kinds never share a scale. */
export function unitsOf(rows: Row[]): string[] {
  return [...new Set(rows.map((r) => r.s.unit || ''))];
}

export const legendName = (s: SeriesSummary) => (s.unit ? `${s.name} [${s.unit}]` : s.name);

const AXIS_GAP = 55;
const LEGEND_H = 26;
const X_AXIS_H = 34;

/**
 * The ECharts option of one pane, showing the time range `view` (ms; the shared window, so panes line up).
 * Overlaid: one grid, one y axis per unit (left, then right, offset). Stacked: one lane (grid) per unit,
 * stacked top to bottom with a shared time axis, so series of different magnitudes stay readable.
 * Zoom and pan are the pane's own (zoom.ts), so there is no dataZoom component.
 */
export function paneOption(rows: Row[], view: [number, number] | null, stacked: boolean, height: number) {
  const units = unitsOf(rows);
  const axisUnits = units.length ? units : [''];
  const lanes = stacked ? axisUnits.length : 1;
  const usable = Math.max(60, height - LEGEND_H - X_AXIS_H);
  const laneH = usable / lanes;
  const rightAxes = stacked ? 0 : Math.max(0, axisUnits.length - 1);
  const grid = Array.from({ length: lanes }, (_, k) => ({
    left: 64,
    right: 20 + AXIS_GAP * rightAxes,
    top: LEGEND_H + k * laneH + 4,
    height: laneH - 12,
    // Fixed margins: no measuring of tick labels to fit the grid at every update.
    outerBoundsMode: 'none' as const,
  }));
  const xAxis = grid.map((_, k) => ({
    type: 'time' as const,
    gridIndex: k,
    min: view?.[0],
    max: view?.[1],
    // Only the bottom lane labels time; the lanes above share it. The time axis stays at the bottom (not at 0).
    axisLabel: { show: k === lanes - 1, hideOverlap: true },
    axisLine: { onZero: false },
    name: k === lanes - 1 ? 'time (UTC)' : '',
    nameLocation: 'middle' as const,
    nameGap: 22,
  }));
  const yAxis = axisUnits.map((u, k) => ({
    type: 'value' as const,
    gridIndex: stacked ? k : 0,
    name: u || '(no unit)',
    // Stacked lanes are short: their titles run along the axis, clear of the lane above.
    ...(stacked ? { nameLocation: 'middle' as const, nameGap: 44, nameRotate: 90 } : { nameTextStyle: { align: (k === 0 ? 'right' : 'left') as 'right' | 'left' } }),
    scale: true,
    position: (stacked || k === 0 ? 'left' : 'right') as 'left' | 'right',
    offset: !stacked && k > 1 ? AXIS_GAP * (k - 1) : 0,
    axisLine: { show: true },
    splitLine: { show: stacked || k === 0 },
  }));
  const series = rows.map(({ s, xy }, i) => {
    const axis = Math.max(0, axisUnits.indexOf(s.unit || ''));
    return {
      id: s.name,
      name: legendName(s),
      type: 'line' as const,
      xAxisIndex: stacked ? axis : 0,
      yAxisIndex: axis,
      showSymbol: xy.length < 400,
      symbolSize: 4,
      animation: false,
      // The points are already one M4 group per pixel column: no further sampling (it could drop a spike),
      // and drawn in one go (progressive rendering would paint them over several frames).
      sampling: undefined,
      progressive: 0,
      lineStyle: { width: 1 },
      color: COLORS[i % COLORS.length],
      // A flat typed array of [ms, value] pairs: ECharts copies it straight into its storage.
      dimensions: ['time', 'value'],
      encode: { x: 0, y: 1 },
      data: xy,
    };
  });
  return {
    animation: false,
    backgroundColor: 'transparent',
    legend: { top: 0, type: 'scroll' as const },
    grid,
    xAxis,
    yAxis,
    series,
  };
}

/**
 * What changes when the window moves but the pane's series, lanes and size do not: each series' points
 * and the time axis range. Merged into the option already set (no component is rebuilt).
 */
export function paneUpdate(rows: Row[], view: [number, number] | null, stacked: boolean) {
  const lanes = stacked ? Math.max(1, unitsOf(rows).length) : 1;
  return {
    xAxis: Array.from({ length: lanes }, () => ({ min: view?.[0], max: view?.[1] })),
    series: rows.map(({ s, xy }) => ({ id: s.name, showSymbol: xy.length < 400, data: xy })),
  };
}

/** What makes two pane options differ in more than data and window: a change here needs a full option. */
export function paneShape(rows: Row[], stacked: boolean, height: number): string {
  return JSON.stringify([rows.map((r) => [r.s.name, r.s.unit]), stacked, Math.round(height)]);
}
