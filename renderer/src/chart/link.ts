import type { TimeWindow } from '../layout/layout.js';

/**
 * Linked zoom without waiting for React: the pane that zooms or pans tells the others at once, so every
 * pane starts its fetch in the same event (the shared window still goes through the app's layout, which
 * saves it and hands it to panes as props; panes skip a window they have already asked for).
 */
type Listener = (w: TimeWindow | null) => void;
const listeners = new Set<Listener>();

export function onSharedWindow(l: Listener): () => void {
  listeners.add(l);
  return () => void listeners.delete(l);
}

export function shareWindow(w: TimeWindow | null, except: Listener): void {
  for (const l of listeners) if (l !== except) l(w);
}
