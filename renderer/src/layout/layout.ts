/** The workbench layout (panes, their series, stacking, the shared window), saved in localStorage. */

export interface PaneLayout {
  id: number;
  series: string[];
  /** One lane per unit instead of overlaid axes. */
  stacked: boolean;
}

export interface TimeWindow {
  from: number;
  to: number;
}

export interface Layout {
  panes: PaneLayout[];
  window: TimeWindow | null;
}

const KEY = 'strata.layout';
export const EMPTY: Layout = { panes: [{ id: 1, series: [], stacked: false }], window: null };

/** The saved layout, or the empty one when nothing (or something unreadable) is saved. */
export function loadLayout(storage: Pick<Storage, 'getItem'> = localStorage): Layout {
  try {
    const raw = JSON.parse(storage.getItem(KEY) ?? 'null') as Partial<Layout> | null;
    if (!raw || !Array.isArray(raw.panes) || raw.panes.length === 0) return EMPTY;
    const panes = raw.panes.map((p, i) => ({
      id: Number.isInteger(p.id) ? p.id : i + 1,
      series: Array.isArray(p.series) ? p.series.filter((s): s is string => typeof s === 'string') : [],
      stacked: p.stacked === true,
    }));
    const w = raw.window;
    const window = w && Number.isFinite(w.from) && Number.isFinite(w.to) && w.to > w.from ? { from: w.from, to: w.to } : null;
    return { panes, window };
  } catch {
    return EMPTY;
  }
}

export function saveLayout(layout: Layout, storage: Pick<Storage, 'setItem'> = localStorage): void {
  storage.setItem(KEY, JSON.stringify(layout));
}

export function nextPaneId(layout: Layout): number {
  return Math.max(0, ...layout.panes.map((p) => p.id)) + 1;
}
