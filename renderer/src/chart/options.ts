import type { SeriesSummary } from '../../../core/protocol/index.js';

export const COLORS = ['#2f6fdf', '#e0662f', '#2a9d5b', '#9b4dca', '#c23b4a', '#1c9fb0', '#b08a1c'];

export interface Row {
  s: SeriesSummary;
  points: [number, number][];
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
 * The ECharts option of one pane. The time axis spans `range` (all the pane's data, and the window) while
 * the zoom shows `view`: so a wheel or drag can zoom back out and pan past the window, not only inside it. Overlaid: one grid, one y axis per unit (left, then right, offset).
 * Stacked: one lane (grid) per unit, stacked top to bottom with a shared time axis, so series of different
 * magnitudes stay readable. The x range is the shared window, so panes line up.
 */
export function paneOption(rows: Row[], range: [number, number] | null, view: [number, number] | null, stacked: boolean, height: number) {
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
  }));
  const xAxis = grid.map((_, k) => ({
    type: 'time' as const,
    gridIndex: k,
    min: range?.[0],
    max: range?.[1],
    // Only the bottom lane labels time; the lanes above share it.
    axisLabel: { show: k === lanes - 1, hideOverlap: true },
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
  const series = rows.map(({ s, points }, i) => {
    const axis = Math.max(0, axisUnits.indexOf(s.unit || ''));
    return {
      name: legendName(s),
      type: 'line' as const,
      xAxisIndex: stacked ? axis : 0,
      yAxisIndex: axis,
      showSymbol: points.length < 200,
      symbolSize: 4,
      animation: false,
      // The points are already one M4 group per pixel column: no further sampling (it could drop a spike).
      sampling: undefined,
      progressive: 0,
      lineStyle: { width: 1 },
      color: COLORS[i % COLORS.length],
      data: points,
    };
  });
  return {
    animation: false,
    backgroundColor: 'transparent',
    legend: { top: 0, type: 'scroll' as const },
    tooltip: { trigger: 'axis' as const, axisPointer: { type: 'line' as const } },
    grid,
    xAxis,
    yAxis,
    dataZoom: [
      {
        type: 'inside' as const,
        xAxisIndex: grid.map((_, k) => k),
        ...(range && view ? { start: pct(view[0], range), end: pct(view[1], range) } : { start: 0, end: 100 }),
        filterMode: 'none' as const,
        // ECharts waits 100 ms between zoom events by default; one frame is enough (stale fetches are dropped).
        throttle: 16,
      },
    ],
    series,
  };
}

function pct(t: number, [lo, hi]: [number, number]): number {
  return hi > lo ? Math.min(100, Math.max(0, ((t - lo) / (hi - lo)) * 100)) : 0;
}
