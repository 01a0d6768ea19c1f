/**
 * Wheel zoom and drag pan of the shared time window, done by the pane itself (not by an ECharts dataZoom):
 * a zoom step then costs one chart update — when the new points arrive — instead of two.
 * Windows here are in ms (the chart's unit); the layout keeps µs.
 */

/** The narrowest window: 10 µs. */
export const MIN_SPAN_MS = 0.01;

/** How much one wheel event zooms: 300 px of wheel (about three notches) is 1.8× in or out. */
export function wheelScale(deltaY: number, deltaMode: number): number {
  const px = deltaMode === 1 ? deltaY * 33 : deltaMode === 2 ? deltaY * 800 : deltaY;
  return Math.min(8, Math.max(1 / 8, Math.exp(-px * 0.002)));
}

/**
 * The window after zooming `view` by `scale` (> 1 zooms in) around time `at`, which keeps its place on
 * screen. Null (everything) once the window would hold all the data (`data`, when known).
 */
export function zoomWindow(view: [number, number], at: number, scale: number, data: [number, number] | null): [number, number] | null {
  const [lo, hi] = view;
  const t = Math.min(hi, Math.max(lo, at));
  let nlo = t - (t - lo) / scale;
  let nhi = t + (hi - t) / scale;
  if (nhi - nlo < MIN_SPAN_MS) {
    const mid = (nlo + nhi) / 2;
    nlo = mid - MIN_SPAN_MS / 2;
    nhi = mid + MIN_SPAN_MS / 2;
  }
  if (data && nlo <= data[0] && nhi >= data[1]) return null;
  return [nlo, nhi];
}

/** The window `start` dragged by `dx` pixels, `msPerPx` apart: dragging right shows earlier times. */
export function panWindow(start: [number, number], dx: number, msPerPx: number): [number, number] {
  const shift = -dx * msPerPx;
  return [start[0] + shift, start[1] + shift];
}
