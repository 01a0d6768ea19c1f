/** Chart export: PNG (the canvas as drawn), SVG (the same option drawn by ECharts' SVG renderer), CSV (a browser download). */
import { echarts } from './echarts.js';

export function download(data: Blob | string, filename: string, type = 'text/plain'): void {
  const blob = typeof data === 'string' ? new Blob([data], { type }) : data;
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function dataUrlToBlob(url: string): Blob {
  const [head, body] = url.split(',', 2) as [string, string];
  const type = /data:([^;]+)/.exec(head)?.[1] ?? 'application/octet-stream';
  const bytes = Uint8Array.from(atob(body), (c) => c.charCodeAt(0));
  return new Blob([bytes], { type });
}

export function pngOf(chart: echarts.ECharts, dark: boolean): Blob {
  return dataUrlToBlob(chart.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: dark ? '#1b1e24' : '#ffffff' }));
}

/** Draws the chart's current option again with the SVG renderer (off screen) and returns the SVG text. */
export function svgOf(chart: echarts.ECharts, dark: boolean): string {
  const w = chart.getWidth();
  const h = chart.getHeight();
  const off = echarts.init(null, dark ? 'dark' : undefined, { renderer: 'svg', ssr: true, width: w, height: h });
  try {
    off.setOption({ ...(chart.getOption() as object), backgroundColor: dark ? '#1b1e24' : '#ffffff', animation: false });
    return off.renderToSVGString();
  } finally {
    off.dispose();
  }
}

/** Puts an image on the clipboard (PNG or SVG); returns false where the browser refuses (then the caller downloads). */
export async function copyImage(blob: Blob, svgText?: string): Promise<boolean> {
  try {
    if (svgText !== undefined) {
      // SVG goes as text too, so it pastes into editors that take markup.
      await navigator.clipboard.write([new ClipboardItem({ 'text/plain': new Blob([svgText], { type: 'text/plain' }) })]);
      return true;
    }
    await navigator.clipboard.write([new ClipboardItem({ [blob.type]: blob })]);
    return true;
  } catch {
    return false;
  }
}
