/** The workbench layout (panes, their series, stacking, the shared window), saved in localStorage. */

export interface PaneLayout {
  id: number;
  series: string[];
  /** One lane per unit instead of overlaid axes. */
  stacked: boolean;
  /** Show the series as known at this insertion date (µs since the epoch); absent: their latest state. */
  asOf?: number;
  /** A spans formula (or a boolean series formula) whose spans are drawn as bands behind the series. */
  spans?: string;
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
    return toLayout(JSON.parse(storage.getItem(KEY) ?? 'null')) ?? EMPTY;
  } catch {
    return EMPTY;
  }
}

/** A layout from stored JSON (anything unreadable in it dropped), or null when it is not one. */
function toLayout(x: unknown): Layout | null {
  const raw = x as Partial<Layout> | null;
  if (!raw || typeof raw !== 'object' || !Array.isArray(raw.panes) || raw.panes.length === 0) return null;
  const panes = raw.panes
    .filter((p): p is PaneLayout => typeof p === 'object' && p !== null)
    .map((p, i) => ({
      id: Number.isInteger(p.id) ? p.id : i + 1,
      series: Array.isArray(p.series) ? p.series.filter((s): s is string => typeof s === 'string') : [],
      stacked: p.stacked === true,
      ...(Number.isFinite(p.asOf) ? { asOf: p.asOf } : {}),
      ...(typeof p.spans === 'string' && p.spans.trim() ? { spans: p.spans } : {}),
    }));
  if (panes.length === 0) return null;
  const w = raw.window;
  const window = w && Number.isFinite(w.from) && Number.isFinite(w.to) && w.to > w.from ? { from: w.from, to: w.to } : null;
  return { panes, window };
}

export function saveLayout(layout: Layout, storage: Pick<Storage, 'setItem'> = localStorage): void {
  storage.setItem(KEY, JSON.stringify(layout));
}

export function nextPaneId(layout: Layout): number {
  return Math.max(0, ...layout.panes.map((p) => p.id)) + 1;
}

// ---- named layouts ------------------------------------------------------------------------------

const NAMED_KEY = 'strata.layouts';
export const MAX_LAYOUT_NAME = 80;

/** Checks a layout name; returns the error to show, or null when it is fine. */
export function layoutNameError(name: string): string | null {
  if (!name.trim()) return 'a layout needs a name';
  if (name.length > MAX_LAYOUT_NAME) return `layout names are at most ${MAX_LAYOUT_NAME} characters`;
  return null;
}

/** Every named layout, by name (sorted); unreadable entries are left out. */
export function namedLayouts(storage: Pick<Storage, 'getItem'> = localStorage): Map<string, Layout> {
  const out = new Map<string, Layout>();
  let raw: unknown;
  try {
    raw = JSON.parse(storage.getItem(NAMED_KEY) ?? '{}');
  } catch {
    return out;
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return out;
  for (const name of Object.keys(raw).sort((a, b) => a.localeCompare(b))) {
    const l = toLayout((raw as Record<string, unknown>)[name]);
    if (l && !layoutNameError(name)) out.set(name, l);
  }
  return out;
}

function writeNamed(all: Map<string, Layout>, storage: Pick<Storage, 'setItem'>): void {
  storage.setItem(NAMED_KEY, JSON.stringify(Object.fromEntries(all)));
}

/** Saves `layout` under `name` (trimmed), replacing a layout of that name. */
export function saveNamedLayout(name: string, layout: Layout, storage: Pick<Storage, 'getItem' | 'setItem'> = localStorage): void {
  const err = layoutNameError(name);
  if (err) throw new Error(err);
  const all = namedLayouts(storage);
  all.set(name.trim(), toLayout(layout) ?? EMPTY);
  writeNamed(all, storage);
}

export function deleteNamedLayout(name: string, storage: Pick<Storage, 'getItem' | 'setItem'> = localStorage): void {
  const all = namedLayouts(storage);
  if (all.delete(name)) writeNamed(all, storage);
}
